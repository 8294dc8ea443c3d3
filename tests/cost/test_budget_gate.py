"""The compliance gate fails an env whose estimate exceeds the budget it declares."""

import copy
import json

from harness.scan.gate import GateResult, budget_checks


def test_a_budget_below_the_estimate_fails_the_gate_in_one_line_with_both_numbers(envs, tmp_path):
    raw = copy.deepcopy(envs["prod"].raw)
    raw["variables"]["budget_limit_usd"]["value"] = 100
    plan = tmp_path / "prod.plan.json"
    plan.write_text(json.dumps(raw))

    [check] = budget_checks({"prod": plan}, tmp_path)

    assert check.over and check.warn
    assert check.line.startswith("prod: estimate $") and "of its budget $100.00" in check.line
    assert "\n" not in check.line
    assert not GateResult(findings=[], budgets=[check]).passed


def test_the_envs_as_declared_pass_the_budget_gate(envs, tmp_path):
    plans = {}
    for env in ("dev", "prod"):
        plans[env] = tmp_path / f"{env}.plan.json"
        plans[env].write_text(json.dumps(envs[env].raw))
    checks = {c.env: c for c in budget_checks(plans, tmp_path)}
    assert not checks["dev"].over and not checks["prod"].over
    assert not checks["prod"].warn  # prod is right-sized below the seed's 80 % alert
    assert GateResult(findings=[], budgets=list(checks.values())).passed
