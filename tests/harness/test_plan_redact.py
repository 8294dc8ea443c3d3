"""The plan the PR workflow uploads: reviewable, and without a single value."""

import json

from harness.plan import Plan
from harness.plan_redact import redact
from harness.plantest.secrets import secret_values
from harness.report import plan_markdown

RAW = {
    "format_version": "1.2",
    "terraform_version": "1.11.4",
    "variables": {"db_password": {"value": "hunter2"}},
    "prior_state": {"values": {"root_module": {"resources": [{"values": {"password": "old-secret"}}]}}},
    "configuration": {"root_module": {}},
    "planned_values": {"root_module": {"resources": [{"values": {"password": "hunter2"}}]}},
    "resource_changes": [
        {
            "address": "aws_db_instance.this",
            "mode": "managed",
            "type": "aws_db_instance",
            "name": "this",
            "change": {
                "actions": ["update"],
                "before": {"password": "old-secret", "port": 5432, "tags": {}},
                "after": {"password": "hunter2", "port": 5432, "tags": {"a": "b"}},
                "after_unknown": {"arn": False},
                "before_sensitive": {"password": True},
                "after_sensitive": {"password": True},
            },
        },
        {
            "address": "aws_s3_bucket.new",
            "mode": "managed",
            "type": "aws_s3_bucket",
            "name": "new",
            "change": {
                "actions": ["create"],
                "before": None,
                "after": {"bucket": "b"},
                "after_unknown": {"arn": True},
            },
        },
    ],
    "output_changes": {"endpoint": {"actions": ["update"], "before": "old", "after": "secret-endpoint"}},
}


def test_no_value_of_any_kind_survives():
    redacted = json.dumps(redact(RAW))
    for value in ("hunter2", "old-secret", "secret-endpoint", "5432", '"b"'):
        assert value not in redacted
    assert secret_values(redact(RAW)) == []
    assert set(redact(RAW)) == {"format_version", "terraform_version", "resource_changes", "output_changes"}


def test_what_a_reviewer_needs_is_kept():
    changes = {c["address"]: c["change"] for c in redact(RAW)["resource_changes"]}
    assert changes["aws_db_instance.this"] == {
        "actions": ["update"],
        "changed_attributes": ["password", "tags"],
        "replace_paths": [],
    }
    assert changes["aws_s3_bucket.new"] == {
        "actions": ["create"],
        "changed_attributes": ["arn", "bucket"],
        "replace_paths": [],
    }
    assert plan_markdown({"dev": Plan.from_json(redact(RAW))}) == plan_markdown({"dev": Plan.from_json(RAW)})


def test_the_cli_writes_the_redacted_plan_beside_the_plan(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from harness import paths
    from harness.cli import cli
    from harness.errors import HarnessError

    monkeypatch.setattr(paths, "REPO_ROOT", tmp_path)
    (tmp_path / "build" / "dev").mkdir(parents=True)
    (tmp_path / "envs" / "dev").mkdir(parents=True)
    (tmp_path / "envs" / "dev" / "main.tf").write_text("")
    (tmp_path / "build" / "dev" / "plan.json").write_text(json.dumps(RAW))
    result = CliRunner().invoke(cli, ["plan-redact", "dev"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "build" / "dev" / "plan.redacted.json").read_text()) == redact(RAW)
    outside = CliRunner().invoke(cli, ["plan-redact", "../etc"]).exception
    assert isinstance(outside, HarnessError) and outside.exit_code == 2
    assert not (tmp_path / "etc").exists()
    (tmp_path / "build" / "dev" / "plan.json").write_text("{trunc")
    broken = CliRunner().invoke(cli, ["plan-redact", "dev"]).exception
    assert isinstance(broken, HarnessError) and broken.exit_code == 1
    assert "is not JSON (truncated or corrupt at line 1)" in broken.message
