"""Run every check against an applied environment and write the reports."""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harness import paths
from harness.outputs_contract import EnvOutputs
from harness.targets import Target
from harness.verify import database, edge, network, operations, secrets, service, smoke, storage
from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, Status, failed

SUITES: tuple[tuple[str, list[CheckFunction]], ...] = (
    ("network", network.CHECKS),
    ("database", database.CHECKS),
    ("service", service.CHECKS),
    ("edge", edge.CHECKS),
    ("storage", storage.CHECKS),
    ("secrets", secrets.CHECKS),
    ("operations", operations.CHECKS),
    ("smoke", smoke.CHECKS),
)


def _describe(error: Exception) -> str:
    from botocore.exceptions import ClientError

    if isinstance(error, ClientError):
        detail = error.response.get("Error", {})
        return f"{detail.get('Code', 'Error')}: {detail.get('Message', '')}".strip(": ")
    return getattr(error, "message", None) or f"{type(error).__name__}: {error}"


def run_checks(context: Context) -> list[Check]:
    results: list[Check] = []
    for suite, functions in SUITES:
        for function in functions:
            try:
                outcome = function(context)
            except Exception as error:
                # An id of its own: a crash must never pass for the check it stopped.
                name = f"{suite}.{function.__name__.replace('_', '-')}.crashed"
                results.append(failed(name, suite, "the suite runs to its end", _describe(error)))
                continue
            results.extend(outcome if isinstance(outcome, list) else [outcome])
    return results


def verify(env: str, target: Target, outputs: dict[str, Any]) -> list[Check]:
    return run_checks(Context(env=env, target=target, outputs=EnvOutputs.parse(outputs)))


def write_reports(env: str, checks: Iterable[Check]) -> tuple[Path, Path]:
    from harness.report import verification_junit

    checks = list(checks)
    reports = paths.build_dir("reports")
    as_json = reports / f"verify-{env}.json"
    as_json.write_text(
        json.dumps(
            {
                "environment": env,
                "checks": [c.as_dict() for c in checks],
                "failed": sum(c.status is Status.FAIL for c in checks),
            },
            indent=2,
        )
    )
    junit = reports / f"verify-{env}.xml"
    junit.write_text(verification_junit(env, checks))
    return as_json, junit
