"""`make bench`'s parsing: the phases of a cold `make test` and the slowest resources of a log."""

import json

import pytest
from rich.console import Console

from harness import bench
from harness.errors import HarnessError


def test_an_unknown_part_is_one_line_naming_the_parts():
    with pytest.raises(HarnessError, match="unknown part nope; parts: plan-tests, test, demo"):
        bench.run_bench(Console(quiet=True), parts=("nope",))


def test_the_slowest_resources_come_from_the_apply_log_longest_first(tmp_path):
    log = tmp_path / "apply.log"
    lines = [
        {"type": "apply_start", "hook": {"resource": {"addr": "a"}}},
        {"type": "apply_complete", "hook": {"resource": {"addr": "a"}, "elapsed_seconds": 3}},
        {"type": "apply_complete", "hook": {"resource": {"addr": "b"}, "elapsed_seconds": 60}},
        {"type": "apply_complete", "hook": {"resource": {"addr": "c"}, "elapsed_seconds": 12}},
    ]
    log.write_text("\n".join(json.dumps(line) for line in lines) + "\nnot json from a provider\n")
    assert bench.slowest(log, count=2) == [("b", 60), ("c", 12)]


@pytest.mark.parametrize(
    ("path", "name", "phase"),
    [
        ("tests/modules/kms/tftest.yaml", "minimal", "plan scenarios (tftest.yaml)"),
        (
            "tests/e2e/test_dev_on_the_emulator.py",
            "test_verify_catches_each_fault_by_its_check_id_naming_the_resource[x]",
            "e2e: verify catches 27 faults",
        ),
        (
            "tests/e2e/test_dev_on_the_emulator.py",
            "test_destroy_succeeds_and_leaves_nothing_behind",
            "e2e: destroy and what is left",
        ),
        ("tests/e2e/test_dev_on_the_emulator.py", "test_something_new", "e2e: the rest"),
        ("tests/envs/test_env_security.py", "test_x", "env plans and properties over every plan"),
        ("tests/harness/test_cli.py", "test_x", "unit, module and policy tests"),
    ],
)
def test_each_test_lands_in_one_phase(path, name, phase):
    assert bench._phase(path, name) == phase


def test_phases_sum_the_junit_times(tmp_path):
    junit = tmp_path / "t.xml"
    junit.write_text(
        "<testsuites><testsuite>"
        '<testcase classname="tests.modules.kms.tftest.yaml" file="tests/modules/kms/tftest.yaml" name="a" time="1.5"/>'
        '<testcase file="tests/modules/kms/tftest.yaml" name="b" time="2.5"/>'
        '<testcase file="tests/harness/test_cli.py" name="c" time="0.25"/>'
        "</testsuite></testsuites>"
    )
    assert bench._by_phase(junit) == {
        "plan scenarios (tftest.yaml)": (4.0, 2),
        "unit, module and policy tests": (0.25, 1),
    }
