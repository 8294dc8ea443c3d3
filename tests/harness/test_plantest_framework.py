"""The plan-test framework proves itself on tests/fixtures/queue."""

import json
import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE_SPEC = REPO / "tests" / "plantest_fixture" / "tftest.yaml"
QUEUE = REPO / "tests" / "fixtures" / "queue"
WRONG = REPO / "tests" / "fixtures" / "plantest" / "wrong-inventory.yaml"


def _run(pytester, *args):
    """An inner pytest session with the collector loaded, wherever its rootdir lands."""
    return pytester.runpytest_subprocess(
        *args, "-p", "harness.plantest.pytest_plugin", "-p", "no:cacheprovider"
    )


def _events(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_scenarios_share_one_plan_and_a_rerun_plans_nothing(pytester, monkeypatch, tmp_path):
    log = tmp_path / "plans.jsonl"
    monkeypatch.setenv("MEALPREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MEALPREP_PLANTEST_LOG", str(log))
    monkeypatch.setenv("MEALPREP_PLANTEST_CACHE", "1")  # CI turns the cache off for everything else

    first = _run(pytester, str(FIXTURE_SPEC))
    first.assert_outcomes(passed=8)
    plans = [e for e in _events(log) if e["event"] == "plan"]
    assert [(p["kind"], len(p["scenarios"])) for p in plans] == [("plan", 6), ("errors", 2)]

    log.unlink()
    second = _run(pytester, str(FIXTURE_SPEC))
    second.assert_outcomes(passed=8)
    assert {e["event"] for e in _events(log)} == {"cache-hit"}


def test_a_wrong_inventory_fails_with_a_diff_naming_address_and_attribute(pytester):
    spec = pytester.path / "tftest.yaml"
    spec.write_text(
        textwrap.dedent(f"""
        module: {QUEUE}
        tests:
          minimal:
            tfvars: {{name: orders, tags: {{Project: MealPrep}}}}
            inventory: {WRONG}
          accepts-valid-input:
            tfvars: {{name: orders}}
            error: "name must be"
          wrong-message:
            tfvars: {{name: orders, retention_days: 2}}
            error: "a message nobody wrote"
    """)
    )
    result = _run(pytester, str(spec))
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(
        [
            "*values: aws_sqs_queue.this.message_retention_seconds: expected 86400, got 345600*",
            "*values: aws_sqs_queue.dead_letter[[]0[]] is not in the plan (planned: aws_sqs_queue.this)*",
            "*counts: aws_sqs_queue: expected 2, got 1*",
            "*outputs.name: expected 'payments', got 'orders'*",
        ]
    )
    result.stdout.fnmatch_lines(["*'accepts-valid-input' planned without error*"])
    result.stdout.fnmatch_lines(
        [
            "*'wrong-message' failed, but not with 'a message nobody wrote'*",
            "*retention_days must be one of 1, 4, 7, 14.*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_a_missing_inventory_names_the_regen_command(pytester):
    spec = pytester.path / "tftest.yaml"
    spec.write_text(f"module: {QUEUE}\ntests:\n  minimal:\n    tfvars: {{name: orders}}\n")
    result = _run(pytester, str(spec))
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no inventory at*minimal.yaml*mealprep-infra plantest regen*"])


def test_plan_summary_fixture_plans_adhoc_tfvars(plan_summary):
    plan = plan_summary(QUEUE, {"name": "adhoc-queue", "retention_days": 7})
    assert plan.values()["aws_sqs_queue.this"]["message_retention_seconds"] == 7 * 86400
    assert plan.counts() == {"aws_sqs_queue": 1}
    assert plan.outputs["name"] == "adhoc-queue"


@pytest.mark.parametrize(
    "body, message",
    [
        ("tests: {a: {tfvars: {x: 1}}}", "'module' (the module folder, relative to this file) is required"),
        ("module: nowhere\ntests: {a: {}}", "module folder"),
        (f"module: {QUEUE}\n", "'tests' names no scenario"),
        (f"module: {QUEUE}\ntests: {{Bad Name: {{}}}}", "scenario names use lowercase"),
        (f"module: {QUEUE}\ntests: {{a: {{tfvars: missing.tfvars}}}}", "does not exist"),
    ],
)
def test_malformed_specs_are_collection_errors_with_a_reason(pytester, body, message):
    (pytester.path / "tftest.yaml").write_text(body)
    result = _run(pytester)
    result.assert_outcomes(errors=1)
    assert message in result.stdout.str()


def test_two_specs_share_one_root_per_kind_and_each_reads_as_if_planned_alone(
    pytester, monkeypatch, tmp_path
):
    log = tmp_path / "plans.jsonl"
    monkeypatch.setenv("MEALPREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MEALPREP_PLANTEST_LOG", str(log))
    monkeypatch.setenv("MEALPREP_PLANTEST_CACHE", "1")
    specs = []
    for copy in ("first", "second"):
        folder = pytester.path / copy
        shutil.copytree(FIXTURE_SPEC.parent, folder)
        spec = folder / "tftest.yaml"
        spec.write_text(spec.read_text().replace("module: ../fixtures/queue", f"module: {QUEUE}"))
        specs.append(str(spec))

    first = _run(pytester, *specs)
    first.assert_outcomes(passed=16)  # every inventory matches the cut of the shared plan
    plans = sorted((e["spec"], e["kind"], len(e["scenarios"])) for e in _events(log) if e["event"] == "plan")
    assert plans == [("suite", "errors", 4), ("suite", "plan", 12)]

    log.unlink()
    second = _run(pytester, *specs)
    second.assert_outcomes(passed=16)
    assert {e["event"] for e in _events(log)} == {"cache-hit"}
