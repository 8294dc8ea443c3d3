"""Plan every scenario of a spec in as few terraform runs as possible, and cache the result.

Independent scenarios become module blocks of one generated root, so N scenarios cost one
provider start-up, one plan and one `show -json`. Scenarios that must fail validation go
into a second root planned with `-json`; each diagnostic names its module call, which is
how it is traced back to a scenario. Results are cached under a hash of every input.
"""

import atexit
import contextlib
import fcntl
import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import fingerprint, paths
from harness.emulator import Emulator
from harness.errors import HarnessError
from harness.plan import Plan
from harness.plantest.spec import Scenario, Spec
from harness.shadow import shadow
from harness.targets import DEFAULT_REGION, Target, emulator_target
from harness.terraform import Terraform

ENGINE = "plantest-2"
_LOCAL_SOURCE = re.compile(r'source\s*=\s*"(\.{1,2}/[^"]+)"')
_HASHED_SUFFIXES = {".tf", ".tfvars", ".json", ".tftpl", ".tpl", ".yaml", ".yml", ".hcl", ".sh", ".py"}


def _escape(value: Any) -> Any:
    """Keep literal `${` and `%{` in tfvars strings from being read as templates."""
    if isinstance(value, str):
        return value.replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, dict):
        return {k: _escape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape(v) for v in value]
    return value


def module_digest(module: Path, seen: set[Path] | None = None) -> str:
    """Hash a module's files and those of the local modules it calls."""
    seen = seen if seen is not None else set()
    module = module.resolve()
    if module in seen:
        return ""
    seen.add(module)
    digest = hashlib.sha256()
    for path in sorted(module.rglob("*")):
        parts = path.relative_to(module).parts
        if any(p.startswith(".") for p in parts) or not path.is_file():
            continue
        if path.suffix not in _HASHED_SUFFIXES:
            continue
        text = path.read_bytes()
        digest.update(str(path.relative_to(module)).encode() + b"\0" + text + b"\0")
        if path.suffix == ".tf":
            for source in _LOCAL_SOURCE.findall(text.decode(errors="ignore")):
                digest.update(module_digest(path.parent / source, seen).encode())
    return digest.hexdigest()


def root_document(spec: Spec, scenarios: list[Scenario], workdir: Path) -> dict[str, Any]:
    source = os.path.relpath(spec.module, workdir)
    source = source if source.startswith(".") else f"./{source}"
    providers: list[dict[str, Any]] = [{"region": DEFAULT_REGION}]
    providers += [{"alias": alias, "region": region} for alias, region in spec.providers.items()]
    passed = {"aws": "aws", **{f"aws.{alias}": f"aws.{alias}" for alias in spec.providers}}
    modules = {s.module_name: {"source": source, "providers": passed, **_escape(s.tfvars)} for s in scenarios}
    outputs = {s.module_name: {"value": f"${{module.{s.module_name}}}", "sensitive": True} for s in scenarios}
    document: dict[str, Any] = {
        "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws"}}},
        "provider": {"aws": providers},
        "module": modules,
    }
    if outputs:
        document["output"] = outputs
    return document


@functools.cache
def plan_target() -> Target:
    """A private emulator for plan tests, so data sources read loopback, never AWS."""
    state = Path(tempfile.mkdtemp(prefix="mealprep-plantest-"))
    emulator = Emulator(state_dir=state, owned=True)
    running = emulator.start()

    def stop() -> None:
        emulator.stop()
        shutil.rmtree(state, ignore_errors=True)

    atexit.register(stop)
    return emulator_target(running.url)


@dataclass
class SpecResult:
    spec: Spec
    plans: dict[str, Plan] = field(default_factory=dict)
    raw: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)


class Planner:
    def __init__(self, batch: bool = True, cache: bool = True, log: Path | None = None) -> None:
        self.batch = batch
        self.cache = cache
        self.log = log
        self._results: dict[str, SpecResult] = {}

    @classmethod
    def from_environment(cls) -> "Planner":
        log = os.environ.get("MEALPREP_PLANTEST_LOG")
        return cls(
            batch=os.environ.get("MEALPREP_PLANTEST_BATCH", "1") != "0",
            cache=os.environ.get("MEALPREP_PLANTEST_CACHE", "1") != "0",
            log=Path(log) if log else None,
        )

    def result(self, spec: Spec) -> SpecResult:
        key = repr(spec)  # the path alone is not enough: ad-hoc specs share one
        if key not in self._results:
            self._results[key] = self._run(spec)
        return self._results[key]

    def _groups(self, scenarios: list[Scenario]) -> list[list[Scenario]]:
        if not scenarios:
            return []
        return [scenarios] if self.batch else [[s] for s in scenarios]

    def _run(self, spec: Spec) -> SpecResult:
        result = SpecResult(spec=spec)
        passing = [s for s in spec.scenarios if s.error is None]
        failing = [s for s in spec.scenarios if s.error is not None]
        for group in self._groups(passing):
            try:
                raw = self._cached(spec, group, "plan", self._plan)
            except HarnessError as exc:
                for scenario in group:
                    result.failures[scenario.name] = exc.message
                continue
            plan = Plan.from_json(raw)
            for scenario in group:
                result.plans[scenario.name] = plan.scoped(scenario.module_name)
                result.raw[scenario.name] = raw
        for group in self._groups(failing):
            diagnostics = self._cached(spec, group, "errors", self._diagnostics)
            result.errors.update(self._attribute(spec, group, diagnostics))
        return result

    def _attribute(
        self, spec: Spec, group: list[Scenario], diagnostics: list[dict[str, Any]]
    ) -> dict[str, list[str]]:
        """Trace each diagnostic to the scenario whose module call it names."""
        found: dict[str, list[str]] = {s.name: [] for s in group}
        loose: list[str] = []
        for diagnostic in diagnostics:
            context = str((diagnostic.get("snippet") or {}).get("context") or "")
            text = f"{diagnostic.get('summary', '')}: {diagnostic.get('detail', '')}"
            owner = next(
                (
                    s
                    for s in group
                    if context == f"module.{s.module_name}" or context.startswith(f"module.{s.module_name}.")
                ),
                None,
            )
            if owner is None:
                loose.append(text)
            else:
                found[owner.name].append(text)
        if len(group) > 1:
            # A batch stops walking the graph at some errors, so a scenario can come back
            # with none (cross-variable validations run late), and some errors name no
            # module call. Either way, a scenario that saw nothing is planned on its own.
            for scenario in group:
                if not found[scenario.name]:
                    single = self._cached(spec, [scenario], "errors", self._diagnostics)
                    found.update(self._attribute(spec, [scenario], single))
        else:
            found[group[0].name] += loose
        return found

    def _key(self, spec: Spec, group: list[Scenario], kind: str) -> str:
        return _digest(
            kind,
            module_digest(spec.module),
            json.dumps(root_document(spec, group, spec.module), sort_keys=True),
        )

    def plan_root(self, root: Path, var_files: tuple[Path, ...] = ()) -> dict[str, Any]:
        """Plan JSON of a real root module (an env) with a local backend, against the emulator."""
        root = root.resolve()
        key = _digest("root", module_digest(root), *(p.read_text() for p in var_files))
        return dict(
            self._stored(key, "root", str(root), [root.name], lambda: self._plan_root(root, var_files))
        )

    def _plan_root(self, root: Path, var_files: tuple[Path, ...]) -> dict[str, Any]:
        folder = shadow(
            root,
            {"zz_plantest_backend_override.tf": 'terraform {\n  backend "local" {}\n}\n'},
            f"plantest-{root.name}",
        )
        data = paths.cache_dir("plantest", "tfdata", paths.checkout_id(), root.name)
        terraform = Terraform(folder, plan_target(), data_dir=data)
        try:
            terraform.run("init", "-input=false", "-no-color", "-reconfigure")
            planfile = data / "tfplan"
            terraform.plan(planfile, var_files=var_files, refresh=False)
            return terraform.show_json(planfile)
        finally:
            (folder / "terraform.tfstate").unlink(missing_ok=True)

    def _cached(self, spec: Spec, group: list[Scenario], kind: str, compute: Any) -> Any:
        return self._stored(
            self._key(spec, group, kind),
            kind,
            str(spec.path),
            [s.name for s in group],
            lambda: compute(spec, group),
        )

    def _stored(
        self, key: str, kind: str, source: str, scenarios: list[str], compute: Callable[[], Any]
    ) -> Any:
        store = paths.cache_dir("plantest", "plans")
        entry = store / f"{key}.json.gz"
        with _locked(store / f"{key}.lock"):
            if self.cache and entry.exists():
                self._record("cache-hit", kind, source, scenarios, 0.0)
                with gzip.open(entry, "rt") as handle:
                    return json.load(handle)
            started = time.monotonic()
            value = compute()
            self._record("plan", kind, source, scenarios, time.monotonic() - started)
            if self.cache:
                scratch = entry.with_suffix(f".{os.getpid()}.tmp")
                with gzip.open(scratch, "wt") as handle:
                    json.dump(value, handle)
                scratch.replace(entry)
            return value

    def _record(self, event: str, kind: str, source: str, scenarios: list[str], seconds: float) -> None:
        if self.log is None:
            return
        line = {
            "event": event,
            "kind": kind,
            "spec": source,
            "scenarios": scenarios,
            "seconds": round(seconds, 2),
        }
        with self.log.open("a") as handle:
            handle.write(json.dumps(line) + "\n")

    @contextlib.contextmanager
    def _workdir(self, spec: Spec, group: list[Scenario]) -> Iterator[Path]:
        workdir = Path(tempfile.mkdtemp(prefix="root-", dir=paths.cache_dir("plantest", "work")))
        try:
            document = root_document(spec, group, workdir)
            (workdir / "main.tf.json").write_text(json.dumps(document, indent=2))
            yield workdir
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _plan(self, spec: Spec, group: list[Scenario]) -> dict[str, Any]:
        with self._workdir(spec, group) as workdir:
            terraform = Terraform(workdir, plan_target())
            try:
                terraform.run("init", "-input=false", "-no-color")
                terraform.plan(workdir / "tfplan", refresh=False)
                return terraform.show_json(workdir / "tfplan")
            except HarnessError as exc:
                names = ", ".join(s.name for s in group)
                reason = exc.message.split(": ", 1)[-1]
                raise HarnessError(f"plan of {spec.path.parent.name} [{names}] failed: {reason}", 1) from exc

    def _diagnostics(self, spec: Spec, group: list[Scenario]) -> list[dict[str, Any]]:
        target = plan_target()
        with self._workdir(spec, group) as workdir:
            terraform = Terraform(workdir, target)
            terraform.run("init", "-input=false", "-no-color")
            result = terraform.run("plan", "-input=false", "-refresh=false", "-json", check=False)
        diagnostics = []
        for line in result.stdout.splitlines():
            try:
                message = json.loads(line)
            except ValueError:
                continue
            diagnostic = message.get("diagnostic") if isinstance(message, dict) else None
            if message.get("type") == "diagnostic" and diagnostic and diagnostic.get("severity") == "error":
                diagnostics.append(diagnostic)
        return diagnostics


def _digest(*parts: str) -> str:
    """A cache key: the inputs named by the caller plus everything that produces plans (the
    harness, which writes the roots and serves the emulator; terraform; the provider version
    selected; the lock files; moto and the AWS SDK)."""
    digest = hashlib.sha256()
    for part in (ENGINE, fingerprint.environment_digest(), *parts):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
