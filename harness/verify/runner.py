"""Run every check against an applied environment and write the reports."""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harness import paths
from harness.outputs_contract import EnvOutputs
from harness.targets import Target
from harness.tfstate import State
from harness.verify import (
    database,
    declared,
    edge,
    functions,
    network,
    operations,
    protected,
    secrets,
    service,
    smoke,
    storage,
)
from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, Status, failed, not_applicable

SUITES: tuple[tuple[str, list[CheckFunction]], ...] = (
    ("network", network.CHECKS),
    ("database", database.CHECKS),
    ("service", service.CHECKS),
    ("edge", edge.CHECKS),
    ("storage", storage.CHECKS),
    ("functions", functions.CHECKS),
    ("secrets", secrets.CHECKS),
    ("operations", operations.CHECKS),
    ("protected", [*protected.CHECKS, *declared.CHECKS]),
    ("smoke", smoke.CHECKS),
)


def _describe(error: Exception) -> str:
    from botocore.exceptions import ClientError

    if isinstance(error, ClientError):
        detail = error.response.get("Error", {})
        return f"{detail.get('Code', 'Error')}: {detail.get('Message', '')}".strip(": ")
    return getattr(error, "message", None) or f"{type(error).__name__}: {error}"


_DENIED = ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "403")


def _denied(error: Exception) -> bool:
    from botocore.exceptions import ClientError

    return isinstance(error, ClientError) and str(error.response.get("Error", {}).get("Code")) in _DENIED


def run_checks(context: Context) -> list[Check]:
    results: list[Check] = []
    for suite, suite_checks in SUITES:
        for function in suite_checks:
            name = f"{suite}.{function.__name__.replace('_', '-')}"
            try:
                outcome = function(context)
            except Exception as error:
                if context.read_only and _denied(error):
                    why = (
                        f"the read-only identity may not read this ({_describe(error)}); "
                        "the deploy's verify checks it"
                    )
                    results.append(not_applicable(name, suite, why))
                    continue
                # An id of its own: a crash must never pass for the check it stopped.
                results.append(
                    failed(f"{name}.crashed", suite, "the suite runs to its end", _describe(error))
                )
                continue
            results.extend(outcome if isinstance(outcome, list) else [outcome])
    return results


def verify(
    env: str, target: Target, outputs: dict[str, Any], state: State | None = None, read_only: bool = False
) -> list[Check]:
    context = Context(
        env=env, target=target, outputs=EnvOutputs.parse(outputs), state=state or State(), read_only=read_only
    )
    return run_checks(context)


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
