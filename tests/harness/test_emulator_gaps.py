"""harness/emulator_gaps.py is the one declaration: everything derived from it agrees with it."""

import json
import re

import pytest

from harness import emulator_drift, emulator_gaps, paths
from harness.errors import HarnessError
from harness.targets import Target, emulator_target

VERIFY = paths.REPO_ROOT / "harness" / "verify"


def test_the_variable_file_switches_off_exactly_the_declared_features(tmp_path):
    written = json.loads(emulator_gaps.write_var_file(tmp_path).read_text())
    assert written == {"features": {g.name: False for g in emulator_gaps.GAPS if g.feature}}
    assert written["features"] == {
        "cache": False,
        "budget": False,
        "backup_selection": False,
        "backup_notifications": False,
        "cloudfront_headers": False,
        "cloudfront_vpc_origin": False,
        "cloudfront_functions": False,
        "xray_sampling_rules": False,
        "cloudfront_deployed": False,
    }


def test_the_emulator_lacks_each_gap_with_its_reason_and_aws_lacks_nothing():
    emulator = emulator_target("http://127.0.0.1:1")
    for gap in emulator_gaps.GAPS:
        assert emulator.lacks(gap.name) == gap.reason
        assert Target("aws", "us-west-2").lacks(gap.name) is None
    with pytest.raises(HarnessError, match="no emulator gap named 'lambdas'"):
        emulator.lacks("lambdas")


def test_every_gap_the_verify_checks_name_is_declared_and_every_declared_check_exists():
    source = "\n".join(p.read_text() for p in VERIFY.glob("*.py"))
    named = set(re.findall(r'(?:lacks|switched_off)\("([a-z_]+)"\)', source))
    assert named <= {g.name for g in emulator_gaps.GAPS}
    for check in emulator_gaps.not_applicable_checks():
        assert f'"{check}"' in source or f'"{check.rsplit(".", 1)[0]}' in source, check
    assert "is_emulator" not in source, "verify asks what the target lacks, never which target it is"


def test_known_drift_is_the_declared_table():
    assert set(emulator_drift.KNOWN) == {u.resource_type for u in emulator_gaps.UNSTORED}
    assert all(u.reason for u in emulator_gaps.UNSTORED)
