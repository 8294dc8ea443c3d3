"""Plan every scenario in as few terraform runs as possible, and cache the result.

Independent scenarios become module blocks of one generated root, so N scenarios cost one
provider start-up, one plan and one `show -json`. Scenarios that must fail validation go
into a second root planned with `-json`; each diagnostic names its module call, which is
how it is traced back to a scenario. Results are cached per spec under a hash of every input.

A session that collected several specs plans all of them that are not cached in one root
(one more for their error scenarios): each spec's module calls get a prefix of their own, and
the plan is cut back into one plan per spec, as if that spec had been planned alone, and
stored under the spec's own key. A spec the shared root cannot answer (its plan failed, or a
scenario's error did not show) is planned on its own afterwards, as before.
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
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
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


_PLAN_TARGET_LOCK = threading.Lock()


def plan_target() -> Target:
    """A private emulator for plan tests, so data sources read loopback, never AWS (one per
    process, whichever thread asks first)."""
    with _PLAN_TARGET_LOCK:
        return _start_plan_target()


@functools.cache
def _start_plan_target() -> Target:
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
        self._expected: list[Spec] = []
        self._prefetched = False
        # Without the cache, plans are still shared within one run (between pytest-xdist
        # workers, and between a spec's items and the fixtures that read the same spec), never
        # across runs: their keys carry the run's id.
        self.run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"{os.getpid()}-{time.time_ns()}"

    def expect(self, specs: list[Spec]) -> None:
        """The specs this session will ask for: planned together on the first request."""
        self._expected = list(specs)

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
            if spec in self._expected:
                self._prefetch()
            self._results[key] = self._run(spec)
        return self._results[key]

    def _prefetch(self) -> None:
        if self._prefetched or not self.batch or len(self._expected) < 2:
            return
        self._prefetched = True
        work = [
            (spec, group, kind)
            for spec in self._expected
            for kind, group in (
                ("plan", [s for s in spec.scenarios if s.error is None]),
                ("errors", [s for s in spec.scenarios if s.error is not None]),
            )
            if group
        ]
        store = paths.cache_dir("plantest", "plans")
        suite = _digest("suite", *sorted(self._entry_key(self._key(*item)) for item in work))
        done = store / f"{suite}.done"
        with _locked(store / f"{suite}.lock"):  # one xdist worker plans; the others then read
            if done.exists():
                return
            missing = [item for item in work if not self._entry(self._key(*item)).exists()]
            jobs = [
                (together, members)
                for kind, together in (("plan", self._plan_together), ("errors", self._errors_together))
                for members in _provider_compatible([(s, g) for s, g, k in missing if k == kind])
                if len(members) > 1
            ]
            # The passing root and the error rounds are independent terraform runs: side by side.
            # The emulator starts here first: it dies with the thread that started it.
            plan_target()
            with ThreadPoolExecutor(max_workers=2) as pool:
                for future in [pool.submit(together, members) for together, members in jobs]:
                    future.result()
            done.touch()

    def _plan_together(self, members: list[tuple[Spec, list[Scenario]]]) -> None:
        ran = self._shared_run(members, "plan")
        if ran is None:
            return  # each spec is planned on its own, where the failure can be named
        raw, _ = ran
        for index, (spec, group) in enumerate(members):
            self._write(self._entry(self._key(spec, group, "plan")), _cut(raw, _prefix(index)))

    def _errors_together(self, members: list[tuple[Spec, list[Scenario]]]) -> None:
        """Rounds of one shared root: terraform stops walking at some errors, so a scenario
        whose error is found late shows nothing; the next round holds only those."""
        found: dict[int, list[dict[str, Any]]] = {index: [] for index in range(len(members))}
        waiting = {index: list(group) for index, (_, group) in enumerate(members)}
        for round_number in range(4):
            # After the first round, one scenario per module: a cross-variable validation's
            # error names no module call, only the file of its rule, which then names the spec.
            order = [i for i in sorted(waiting) if waiting[i]]
            if round_number:
                order = list({members[i][0].module: i for i in reversed(order)}.values())
            picked = {i: waiting[i] if not round_number else waiting[i][:1] for i in order}
            if not order:
                break
            ran = self._shared_run([(members[i][0], picked[i]) for i in order], "errors")
            if ran is None:
                break
            diagnostics, workdir = ran
            progress = False
            for position, index in enumerate(order):
                mine = _cut_diagnostics(diagnostics, _prefix(position))
                if round_number:
                    mine += _by_rule_file(diagnostics, workdir, members[index][0].module, picked[index][0])
                shown = self._attribute_only(picked[index], mine)
                found[index] += mine
                progress = progress or bool(shown)
                waiting[index] = [s for s in waiting[index] if s.name not in shown]
            if not progress:
                break
        for index, (spec, group) in enumerate(members):
            if not waiting[index]:  # otherwise planned on its own later, where loose errors count
                self._write(self._entry(self._key(spec, group, "errors")), found[index])

    def _shared_run(self, members: list[tuple[Spec, list[Scenario]]], kind: str) -> tuple[Any, Path] | None:
        """The plan JSON (kind "plan") or the error diagnostics of one shared root, and the
        folder it ran in (gone by then: for resolving relative paths); None if it failed."""
        names = [f"{spec.path.parent.name}/{s.name}" for spec, group in members for s in group]
        started = time.monotonic()
        with _suite_workdir(members) as workdir:
            terraform = Terraform(workdir, plan_target())
            try:
                terraform.run("init", "-input=false", "-no-color")
                if kind == "plan":
                    terraform.plan(workdir / "tfplan", refresh=False)
                    value: Any = terraform.show_json(workdir / "tfplan")
                else:
                    result = terraform.run("plan", "-input=false", "-refresh=false", "-json", check=False)
                    value = _error_diagnostics(result.stdout)
            except HarnessError:
                return None
        self._record("plan", kind, "suite", names, time.monotonic() - started)
        return value, workdir

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

    @staticmethod
    def _attribute_only(group: list[Scenario], diagnostics: list[dict[str, Any]]) -> set[str]:
        """The scenarios that at least one diagnostic names by its module call."""
        return {
            s.name
            for s in group
            for d in diagnostics
            if (context := str((d.get("snippet") or {}).get("context") or ""))
            and (context == f"module.{s.module_name}" or context.startswith(f"module.{s.module_name}."))
        }

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

    def _entry_key(self, key: str) -> str:
        return key if self.cache else _digest("run", self.run_id, key)

    def _entry(self, key: str) -> Path:
        return paths.cache_dir("plantest", "plans") / f"{self._entry_key(key)}.json.gz"

    @staticmethod
    def _write(entry: Path, value: Any) -> None:
        scratch = entry.with_suffix(f".{os.getpid()}.tmp")
        with gzip.open(scratch, "wt") as handle:
            json.dump(value, handle)
        scratch.replace(entry)

    def _stored(
        self, key: str, kind: str, source: str, scenarios: list[str], compute: Callable[[], Any]
    ) -> Any:
        entry = self._entry(key)
        with _locked(entry.with_suffix("").with_suffix(".lock")):
            if entry.exists():
                self._record("cache-hit", kind, source, scenarios, 0.0)
                with gzip.open(entry, "rt") as handle:
                    return json.load(handle)
            started = time.monotonic()
            value = compute()
            self._record("plan", kind, source, scenarios, time.monotonic() - started)
            self._write(entry, value)
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
        return _error_diagnostics(result.stdout)


def _error_diagnostics(stdout: str) -> list[dict[str, Any]]:
    diagnostics = []
    for line in stdout.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        diagnostic = message.get("diagnostic") if isinstance(message, dict) else None
        if message.get("type") == "diagnostic" and diagnostic and diagnostic.get("severity") == "error":
            diagnostics.append(diagnostic)
    return diagnostics


def _prefix(index: int) -> str:
    """What a spec's module calls are prefixed with in a shared root (`p003__s_dev`)."""
    return f"p{index:03d}__"


def _provider_compatible(
    members: list[tuple[Spec, list[Scenario]]],
) -> list[list[tuple[Spec, list[Scenario]]]]:
    """Specs grouped so that no two in a group give one provider alias different regions."""
    groups: list[tuple[dict[str, str], list[tuple[Spec, list[Scenario]]]]] = []
    for spec, group in members:
        for aliases, found in groups:
            if all(aliases.get(a, r) == r for a, r in spec.providers.items()):
                aliases.update(spec.providers)
                found.append((spec, group))
                break
        else:
            groups.append((dict(spec.providers), [(spec, group)]))
    return [found for _, found in groups]


@contextlib.contextmanager
def _suite_workdir(members: list[tuple[Spec, list[Scenario]]]) -> Iterator[Path]:
    workdir = Path(tempfile.mkdtemp(prefix="suite-", dir=paths.cache_dir("plantest", "work")))
    try:
        # The provider blocks of each spec's own root (root_document), merged by alias.
        providers: dict[str, dict[str, Any]] = {}
        document: dict[str, Any] = {"module": {}, "output": {}}
        for index, (spec, group) in enumerate(members):
            one = root_document(spec, group, workdir)
            providers.update({str(block.get("alias", "")): block for block in one["provider"]["aws"]})
            for name, call in one["module"].items():
                document["module"][_prefix(index) + name] = call
                document["output"][_prefix(index) + name] = {
                    "value": f"${{module.{_prefix(index)}{name}}}",
                    "sensitive": True,
                }
        document["terraform"] = {"required_providers": {"aws": {"source": "hashicorp/aws"}}}
        document["provider"] = {"aws": [providers[alias] for alias in sorted(providers)]}
        (workdir / "main.tf.json").write_text(json.dumps(document, indent=2))
        yield workdir
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _cut(raw: dict[str, Any], prefix: str) -> dict[str, Any]:
    """One spec's part of a shared plan, shaped as if that spec had been planned alone: every
    section that lists module calls, resources or outputs keeps only the prefixed ones, and the
    prefix is then dropped from the whole text (it occurs in nothing but addresses and names)."""
    call = f"module.{prefix}"

    def mine(address: Any) -> bool:
        return isinstance(address, str) and (address.startswith(call) or address.startswith(prefix))

    def by_name(items: dict[str, Any] | None) -> dict[str, Any]:
        return {k: v for k, v in (items or {}).items() if k.startswith(prefix)}

    def module_tree(root: dict[str, Any] | None) -> dict[str, Any]:
        root = dict(root or {})
        root["child_modules"] = [c for c in root.get("child_modules", []) if mine(c.get("address"))]
        root.pop("resources", None)
        return root

    cut = {k: v for k, v in raw.items() if k not in ("relevant_attributes", "checks", "variables")}
    cut["resource_changes"] = [c for c in raw.get("resource_changes", []) if mine(c.get("address"))]
    cut["output_changes"] = by_name(raw.get("output_changes"))
    if "planned_values" in raw:
        values = raw["planned_values"]
        cut["planned_values"] = {
            "outputs": by_name(values.get("outputs")),
            "root_module": module_tree(values.get("root_module")),
        }
    if "prior_state" in raw:
        prior = dict(raw["prior_state"])
        state_values = dict(prior.get("values") or {})
        state_values["outputs"] = by_name(state_values.get("outputs"))
        state_values["root_module"] = module_tree(state_values.get("root_module"))
        prior["values"] = state_values
        cut["prior_state"] = prior
    configuration = dict(raw.get("configuration") or {})
    root = dict(configuration.get("root_module") or {})
    root["module_calls"] = by_name(root.get("module_calls"))
    root["outputs"] = by_name(root.get("outputs"))
    configuration["root_module"] = root
    cut["configuration"] = configuration
    cut["relevant_attributes"] = [a for a in raw.get("relevant_attributes", []) if mine(a.get("resource"))]
    return dict(json.loads(json.dumps(cut).replace(prefix, "")))


_RULE_FILE = re.compile(r"validation rule at (\S+?):\d+")


def _by_rule_file(
    diagnostics: list[dict[str, Any]], workdir: Path, module: Path, scenario: Scenario
) -> list[dict[str, Any]]:
    """Diagnostics that name no module call but whose validation rule sits in `module`'s own
    files, given the module call of `scenario` (the only one of that module in the root)."""
    owned = []
    for diagnostic in diagnostics:
        if (diagnostic.get("snippet") or {}).get("context"):
            continue
        rule = _RULE_FILE.search(str(diagnostic.get("detail") or ""))
        if rule is None:
            continue
        where = Path(os.path.normpath(workdir / rule.group(1)))
        if where.parent == module.resolve():
            snippet = {**(diagnostic.get("snippet") or {}), "context": f"module.{scenario.module_name}"}
            owned.append({**diagnostic, "snippet": snippet})
    return owned


def _cut_diagnostics(diagnostics: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """The diagnostics whose module call carries the spec's prefix, without it."""
    call = f"module.{prefix}"
    mine = [d for d in diagnostics if str((d.get("snippet") or {}).get("context") or "").startswith(call)]
    return list(json.loads(json.dumps(mine).replace(prefix, "")))


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
