"""Run checkov from its own virtualenv, offline, and turn its JSON into findings."""

import json
import os
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import paths, toolchain
from harness.errors import HarnessError

POLICIES = paths.REPO_ROOT / "policies"

OFFLINE = {
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",
    "BC_SKIP_MAPPING": "TRUE",
    "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
    "LOG_LEVEL": "WARNING",
}

# What checkov writes as the reason of a `#checkov:skip=ID` that has none.
NO_REASON = "No comment provided"

STATUSES = {"passed_checks": "passed", "failed_checks": "failed", "skipped_checks": "skipped"}


@dataclass(frozen=True)
class Finding:
    source: str  # "hcl", or "plan:<env>"
    check_id: str
    check_name: str
    status: str  # passed | failed | skipped
    resource: str
    file: str  # repo-relative, symlinks resolved
    lines: tuple[int, int]
    severity: str | None = None
    reason: str = ""  # the suppression's reason, for skipped findings
    details: tuple[str, ...] = ()
    guideline: str = ""


def checkov_binary() -> Path:
    binary = toolchain.checkov_binary()
    if binary is None:
        raise HarnessError("checkov is not installed in .venv-checkov; run `make checkov-venv`.")
    return binary


def _relative(file_path: str, base: Path) -> str:
    """checkov names files relative to the scanned folder, with a leading slash."""
    if not file_path:
        return ""
    candidate = base / file_path.lstrip("/")
    if not candidate.exists():
        candidate = Path(file_path)
    try:
        return candidate.resolve().relative_to(paths.REPO_ROOT).as_posix()
    except ValueError:
        return file_path.lstrip("/")


def parse_report(document: Any, source: str | Callable[[dict[str, Any]], str], base: Path) -> list[Finding]:
    """Findings of checkov's `-o json` output: one report, or a list of them per framework.
    `source` names the scan, or tells it from a record (one run over several plan files)."""
    reports = document if isinstance(document, list) else [document]
    findings = []
    for report in reports:
        results = report.get("results", {}) if isinstance(report, dict) else {}
        for key, status in STATUSES.items():
            for record in results.get(key, []):
                lines = record.get("file_line_range") or [0, 0]
                comment = (record.get("check_result") or {}).get("suppress_comment") or ""
                findings.append(
                    Finding(
                        source=source if isinstance(source, str) else source(record),
                        check_id=record["check_id"],
                        check_name=record.get("check_name", ""),
                        status=status,
                        resource=record.get("resource", ""),
                        file=_relative(record.get("file_path", ""), base),
                        lines=(int(lines[0]), int(lines[1])),
                        severity=record.get("severity") or None,
                        reason=comment.strip() if status == "skipped" else "",
                        details=tuple(str(d) for d in record.get("details") or ()),
                        guideline=record.get("guideline") or "",
                    )
                )
    return findings


def command(
    framework: str, targets: Iterable[str], external_checks: Path | None = POLICIES, extra: Iterable[str] = ()
) -> list[str]:
    args = [str(checkov_binary()), "--framework", framework, "--skip-download", "-o", "json"]
    args += list(targets)
    if external_checks is not None:
        args += ["--external-checks-dir", str(external_checks)]
    return args + list(extra)


def start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.update(OFFLINE)
    return subprocess.Popen(
        args,
        cwd=cwd,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )


def collect(
    process: subprocess.Popen[str], source: str | Callable[[dict[str, Any]], str], base: Path, label: str
) -> list[Finding]:
    stdout, stderr = process.communicate()
    # 0: all passed, 1: some check failed; anything else is checkov itself failing.
    if process.returncode not in (0, 1):
        tail = " ".join(stderr.strip().splitlines()[-3:]) or "no output"
        raise HarnessError(f"checkov ({label}) failed with exit code {process.returncode}: {tail}")
    try:
        document = json.loads(stdout)
    except ValueError as exc:
        raise HarnessError(f"checkov ({label}) printed no JSON report: {stdout[:200]!r}") from exc
    return parse_report(document, source, base)
