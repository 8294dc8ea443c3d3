from harness.deploy import stateful_destroys
from harness.plan import Plan


def _change(address, kind, actions):
    return {"address": address, "type": kind, "mode": "managed",
            "change": {"actions": actions, "before": {}, "after": None if actions == ["delete"] else {}}}


def test_destroying_or_replacing_stateful_resources_is_flagged_and_nothing_else():
    plan = Plan.from_json({"resource_changes": [
        _change("module.database.aws_rds_cluster.this", "aws_rds_cluster", ["delete", "create"]),
        _change("module.storage.module.bucket.aws_s3_bucket.this", "aws_s3_bucket", ["delete"]),
        _change("module.network.aws_route.private_nat[0]", "aws_route", ["delete"]),
        _change("module.secrets.aws_secretsmanager_secret.app", "aws_secretsmanager_secret", ["update"]),
    ]})
    assert stateful_destroys(plan) == [
        "module.database.aws_rds_cluster.this", "module.storage.module.bucket.aws_s3_bucket.this"]


def test_apply_refuses_to_plan_when_the_compliance_gate_fails(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from harness import cli, deploy
    from harness.scan import gate
    from harness.scan.checkov import Finding

    failing = Finding(source="plan:dev", check_id="CKV_MP_1", check_name="tags", status="failed",
                      resource="aws_sns_topic.alerts", file="modules/monitoring/main.tf", lines=(1, 4))
    monkeypatch.setattr(gate, "run", lambda: gate.evaluate([failing], [], [], [], set()))
    planned = []
    monkeypatch.setattr(deploy, "plan_env", lambda *args, **kwargs: planned.append(args))
    monkeypatch.setattr(cli.paths, "build_dir", lambda *parts: tmp_path.joinpath(*parts))
    result = CliRunner().invoke(cli.cli, ["apply", "dev", "--target", "emulator"])
    assert "FAILED CKV_MP_1" in result.output
    assert "the compliance gate failed: dev is not applied" in str(result.exception)
    assert getattr(result.exception, "exit_code", None) == 1
    assert planned == []



def test_the_plan_comment_counts_changes_and_names_every_destroy():
    from harness.report import PLAN_COMMENT_MARKER, plan_markdown

    dev = Plan.from_json({"resource_changes": [
        _change("module.database.aws_rds_cluster.this", "aws_rds_cluster", ["delete", "create"]),
        _change("module.network.aws_route.private_nat[0]", "aws_route", ["create"]),
        _change("module.network.aws_route.private_nat[1]", "aws_route", ["create"]),
    ]})
    prod = Plan.from_json({"resource_changes": []})
    text = plan_markdown({"dev": dev, "prod": prod}, commit="0123456789abcdef")
    assert text.startswith(PLAN_COMMENT_MARKER)
    assert "## Terraform plan for `0123456789ab`" in text
    assert "### dev: 2 to create, 0 to update, 1 to replace, 0 to delete :warning:" in text
    assert "| create | `aws_route` | 2 |" in text
    assert "- `module.database.aws_rds_cluster.this` (delete/create)" in text
    assert "### prod: 0 to create, 0 to update, 0 to replace, 0 to delete\n\nNo changes." in text
