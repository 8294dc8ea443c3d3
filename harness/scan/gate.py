"""Run the scans, apply the suppressions, and decide whether a change may ship."""

import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import functions, paths
from harness.envs import DEPLOYABLE
from harness.errors import HarnessError
from harness.scan import checkov
from harness.scan.checkov import Finding
from harness.scan.suppressions import (
    SUPPRESSIONS_FILE,
    FileSuppression,
    InlineSkip,
    has_reason,
    inline_skips,
    load_file,
    matches_inline,
)

if TYPE_CHECKING:
    from rich.console import Console

HCL = "hcl"
SCANNED_FOLDERS = ("modules", "envs")
# Folders of the repo that hold Terraform but are not the product: checkov is not pointed there.
NOT_SCANNED = ("tests", "build")


def plan_source(env: str) -> str:
    return f"plan:{env}"


def sources(envs: Iterable[str] = DEPLOYABLE) -> tuple[str, ...]:
    return (HCL, *(plan_source(env) for env in envs))


@dataclass(frozen=True)
class Suppressed:
    finding: Finding
    where: str
    reason: str
    in_source: bool  # an inline comment, or an entry of the project file


@dataclass(frozen=True)
class BudgetCheck:
    """An env's offline estimate against the budget it declares (harness/cost)."""

    env: str
    line: str
    over: bool  # above the budget: the gate fails
    warn: bool  # above the seed's 80 % alert: the team would be paged every month


@dataclass
class GateResult:
    findings: list[Finding]
    failures: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # suppressions without reason, policies without result
    stale: list[str] = field(default_factory=list)
    budgets: list[BudgetCheck] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not (self.failures or self.problems or self.stale or any(b.over for b in self.budgets))


POLICY_ID = re.compile(r"""\bid\s*[:=]\s*["']?(CKV_MP_\d+)""")


def policy_ids(folder: Path = checkov.POLICIES) -> set[str]:
    found: set[str] = set()
    for path in [*folder.glob("*.py"), *folder.glob("*.yaml")]:
        if path.name != SUPPRESSIONS_FILE.name:
            found.update(POLICY_ID.findall(path.read_text()))
    return found


def evaluate(
    findings: list[Finding],
    inline: list[InlineSkip],
    entries: list[FileSuppression],
    file_problems: list[str],
    policies: set[str],
) -> GateResult:
    result = GateResult(findings=findings, problems=list(file_problems))
    used: set[int] = set()
    seen: set[tuple[str, str, str]] = set()
    for finding in findings:
        key = (finding.source, finding.check_id, finding.resource)
        if finding.status == "passed" or key in seen:
            continue  # checkov reports a module's resource once per file that renders it
        seen.add(key)
        if finding.status == "failed":
            entry = next((e for e in entries if e.matches(finding)), None)
            if entry is None:
                result.failures.append(finding)
            else:
                used.add(entry.index)
                result.suppressed.append(Suppressed(finding, entry.where, entry.reason, in_source=False))
        else:
            skip = next((s for s in inline if matches_inline(s, finding)), None)
            where = skip.where if skip else f"{finding.file}:{finding.lines[0]}"
            result.suppressed.append(Suppressed(finding, where, finding.reason, in_source=True))
    for skip in inline:
        if not has_reason(skip.reason):
            result.problems.append(
                f"{skip.where}: suppression of {skip.check_id} on {skip.block} has no "
                "reason; write #checkov:skip=ID:<why this is intentionally different>"
            )
        if not any(matches_inline(skip, f) for f in findings):
            result.stale.append(
                f"{skip.where}: {skip.check_id} on {skip.block} matches no finding "
                "any more; remove the suppression"
            )
    for entry in entries:
        if entry.index not in used:
            result.stale.append(
                f"{entry.where}: {entry.check_id} on {entry.resource} in "
                f"{', '.join(entry.scans)} matches no finding any more; remove it"
            )
    reported = {f.check_id for f in findings}
    for policy in sorted(policies - reported):
        result.problems.append(
            f"policy {policy} produced no result in any scan: it failed to load "
            "(see checkov's log) or no longer matches any resource type"
        )
    return result


def plan_files(envs: Iterable[str]) -> dict[str, Path]:
    """Each env's plan JSON at build/scan/<env>.plan.json (files of the gate's own: a deploy
    writes build/<env>/plan.json), planned on demand against the plan-test emulator with the
    env's own tfvars (cached by content like the plan tests)."""
    from harness.plantest.batch import Planner

    planner = Planner.from_environment()
    files = {}
    for env in envs:
        raw: dict[str, Any] = planner.plan_root(paths.REPO_ROOT / "envs" / env, (functions.var_file(),))
        target = paths.build_dir("scan") / f"{env}.plan.json"
        target.write_text(json.dumps(raw, indent=1))
        files[env] = target
    return files


def enrichment_root() -> Path:
    """A copy of modules/ and envs/ only, for --repo-root-for-plan-enrichment.

    checkov maps a plan's resources back to HCL by `type.name` alone, across every .tf file
    under the root it is given; the repo root would let a test fixture that declares, say,
    aws_cloudwatch_log_group.api capture a module's resource and its suppressions."""
    root = paths.cache_dir("scan", "enrichment")
    shutil.rmtree(root)
    root.mkdir()
    for folder in SCANNED_FOLDERS:
        shutil.copytree(
            paths.REPO_ROOT / folder,
            root / folder,
            symlinks=True,
            ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"),
        )
    return root


def scan_jobs(plans: dict[str, Path]) -> list[Finding]:
    root = paths.REPO_ROOT
    skip_paths = [arg for folder in NOT_SCANNED for arg in ("--skip-path", folder)]
    hcl = checkov.start(checkov.command("terraform", ["-d", "."], extra=skip_paths), root)
    plan_args = [arg for path in plans.values() for arg in ("-f", str(path))]
    by_file = {str(path.resolve()): plan_source(env) for env, path in plans.items()}

    def source_of(record: dict[str, Any]) -> str:
        scanned = str(Path(record.get("file_abs_path", "")).resolve())
        if scanned not in by_file:
            raise HarnessError(
                f"checkov reported {record.get('check_id')} for {scanned}, which is none "
                "of the plans it was given; its report format may have changed."
            )
        return by_file[scanned]

    plan = checkov.start(
        checkov.command(
            "terraform_plan", plan_args, extra=["--repo-root-for-plan-enrichment", str(enrichment_root())]
        ),
        root,
    )
    findings = checkov.collect(hcl, HCL, root, "HCL of modules and envs")
    findings += checkov.collect(plan, source_of, root, "env plans")
    return findings


def run(envs: Iterable[str] = DEPLOYABLE, progress: "Console | None" = None) -> GateResult:
    from rich.console import Console as QuietConsole

    from harness.progress import spinner

    console = progress or QuietConsole(quiet=True)
    envs = tuple(envs)
    checkov.checkov_binary()  # fail before planning when checkov is missing
    with spinner(console, f"compliance gate: planning {', '.join(envs)} (cached by content)"):
        plans = plan_files(envs)
    with spinner(console, "compliance gate: checkov on the HCL and the env plans"):
        findings = scan_jobs(plans)
    entries, file_problems = load_file(SUPPRESSIONS_FILE, sources(envs))
    inline = inline_skips(paths.REPO_ROOT / folder for folder in SCANNED_FOLDERS)
    result = evaluate(findings, inline, entries, file_problems, policy_ids())
    result.budgets = budget_checks(plans)
    return result


def budget_checks(plans: dict[str, Path], reports: Path | None = None) -> list[BudgetCheck]:
    """Each env's estimate, from the plan the gate scanned, against its budget_limit_usd; the
    estimate's report goes to `reports` (build/reports/cost-ENV.json)."""
    from harness.cost.estimate import WARN_SHARE, estimate
    from harness.cost.report import budget_line, write_json

    found = []
    for env, plan in plans.items():
        priced = estimate(json.loads(plan.read_text()), env)
        write_json(priced, reports)
        share = priced.share_of_budget or 0.0
        found.append(BudgetCheck(env, budget_line(priced), over=share > 1, warn=share > WARN_SHARE))
    return found
