"""Each project policy against its passing and its failing fixture, through checkov itself."""

from pathlib import Path

import pytest
from rich.console import Console

from harness import paths
from harness.scan import checkov
from harness.scan.checkov import Finding
from harness.scan.gate import POLICY_ID, evaluate, policy_ids
from harness.scan.reports import print_result

FIXTURES = Path(__file__).parent / "fixtures"
POLICIES = sorted(policy_ids())


@pytest.fixture(scope="module")
def fixture_findings() -> list[Finding]:
    """One checkov run over every fixture (about 3 s), with the project's policies loaded."""
    if checkov.toolchain.checkov_binary() is None:
        pytest.fail("checkov is missing: `make checkov-venv` (make test installs it)")
    process = checkov.start(checkov.command("terraform", ["-d", str(FIXTURES)]), paths.REPO_ROOT)
    return checkov.collect(process, "fixtures", FIXTURES, "policy fixtures")


def results(findings: list[Finding], policy: str, case: str) -> list[str]:
    folder = (FIXTURES / policy / case).relative_to(paths.REPO_ROOT).as_posix()
    return [f.status for f in findings if f.check_id == policy and f.file.startswith(folder + "/")]


def test_there_are_at_least_eight_policies_each_with_two_fixtures():
    assert len(POLICIES) >= 8, POLICIES
    for policy in POLICIES:
        assert list((FIXTURES / policy / "pass").glob("*.tf")), f"{policy} has no passing fixture"
        assert list((FIXTURES / policy / "fail").glob("*.tf")), f"{policy} has no failing fixture"


@pytest.mark.parametrize("policy", POLICIES)
def test_policy_passes_its_passing_fixture(fixture_findings, policy):
    statuses = results(fixture_findings, policy, "pass")
    assert statuses, f"{policy} produced no result on its passing fixture (did it load?)"
    assert set(statuses) == {"passed"}, f"{policy} on fixtures/{policy}/pass: {statuses}"


@pytest.mark.parametrize("policy", POLICIES)
def test_policy_fails_its_failing_fixture(fixture_findings, policy):
    statuses = results(fixture_findings, policy, "fail")
    assert "failed" in statuses, f"{policy} did not fail fixtures/{policy}/fail: {statuses}"


def test_a_failing_fixture_turns_the_gate_red_with_the_policy_id(fixture_findings):
    failing = [f for f in fixture_findings if f.check_id in POLICIES and "/fail/" in f.file]
    result = evaluate(failing, inline=[], entries=[], file_problems=[], policies=set(POLICIES))
    assert not result.passed
    assert {f.check_id for f in result.failures} == set(POLICIES)
    console = Console(record=True, width=200)
    print_result(console, result)
    printed = console.export_text()
    for policy in POLICIES:
        assert f"FAILED {policy} " in printed


def test_policy_metadata_names_an_id_a_severity_and_a_rationale():
    for path in sorted(checkov.POLICIES.glob("*.py")) + sorted(checkov.POLICIES.glob("*.yaml")):
        if path.name in ("__init__.py", "policy_support.py", "suppressions.yaml"):
            continue
        text = path.read_text()
        assert "CKV_MP_" in text, f"{path.name} has no policy id"
        assert any(level in text for level in ("CRITICAL", "HIGH", "MEDIUM", "LOW")), f"{path.name}: severity"
        assert "Rationale:" in text, f"{path.name} has no one-line rationale"


def test_one_rule_per_file():
    for path in sorted(checkov.POLICIES.glob("*")):
        if path.suffix in (".py", ".yaml") and path.name != "suppressions.yaml":
            ids = set(POLICY_ID.findall(path.read_text()))
            assert len(ids) <= 1, f"{path.name} holds more than one rule: {sorted(ids)}"
