from harness.deployment import Deployment, stateful_destroys
from harness.plan import Plan


def _change(address, kind, actions):
    return {
        "address": address,
        "type": kind,
        "mode": "managed",
        "change": {"actions": actions, "before": {}, "after": None if actions == ["delete"] else {}},
    }


def test_destroying_or_replacing_stateful_resources_is_flagged_and_nothing_else():
    plan = Plan.from_json(
        {
            "resource_changes": [
                _change("module.database.aws_rds_cluster.this", "aws_rds_cluster", ["delete", "create"]),
                _change("module.storage.module.bucket.aws_s3_bucket.this", "aws_s3_bucket", ["delete"]),
                _change("module.network.aws_route.private_nat[0]", "aws_route", ["delete"]),
                _change(
                    "module.secrets.aws_secretsmanager_secret.app", "aws_secretsmanager_secret", ["update"]
                ),
            ]
        }
    )
    assert stateful_destroys(plan) == [
        "module.database.aws_rds_cluster.this",
        "module.storage.module.bucket.aws_s3_bucket.this",
    ]


def test_apply_refuses_to_plan_when_the_compliance_gate_fails(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from harness import cli
    from harness.scan import gate
    from harness.scan.checkov import Finding

    failing = Finding(
        source="plan:dev",
        check_id="CKV_MP_1",
        check_name="tags",
        status="failed",
        resource="aws_sns_topic.alerts",
        file="modules/monitoring/main.tf",
        lines=(1, 4),
    )
    monkeypatch.setattr(gate, "run", lambda **_: gate.evaluate([failing], [], [], [], set()))
    planned = []
    monkeypatch.setattr(Deployment, "plan", lambda *args, **kwargs: planned.append(args))
    monkeypatch.setattr(cli.paths, "build_dir", lambda *parts: tmp_path.joinpath(*parts))
    result = CliRunner().invoke(cli.cli, ["apply", "dev", "--target", "emulator"])
    assert "FAILED CKV_MP_1" in result.output
    assert "the compliance gate failed: dev is not applied" in str(result.exception)
    assert getattr(result.exception, "exit_code", None) == 1
    assert planned == []


def _update(address, kind, before, after, replace_paths=()):
    return {
        "address": address,
        "type": kind,
        "mode": "managed",
        "change": {
            "actions": ["delete", "create"] if replace_paths else ["update"],
            "before": before,
            "after": after,
            "after_unknown": {},
            "replace_paths": [list(p) for p in replace_paths],
        },
    }


def _sample_plans():
    dev = Plan.from_json(
        {
            "resource_changes": [
                _change("module.network.aws_route.private_nat[0]", "aws_route", ["create"]),
                _update(
                    "module.database.aws_rds_cluster.this",
                    "aws_rds_cluster",
                    {"engine_version": "16.4", "port": 5432, "tags": {}},
                    {"engine_version": "16.6", "port": 5432, "tags": {"a": "b"}},
                    [["engine_version"]],
                ),
                _update(
                    "module.secrets.aws_secretsmanager_secret.app",
                    "aws_secretsmanager_secret",
                    {"description": "x", "recovery_window_in_days": 7},
                    {"description": "y", "recovery_window_in_days": 7},
                ),
                _change("module.network.aws_route.old", "aws_route", ["delete"]),
            ]
        }
    )
    return {"dev": dev, "prod": Plan.from_json({"resource_changes": []})}


def test_the_change_list_names_each_resource_and_changed_attribute_destroys_first():
    from harness.report import change_lines

    assert change_lines(_sample_plans()["dev"]) == [
        "- module.network.aws_route.old (delete)",
        "-/+ module.database.aws_rds_cluster.this (replace): engine_version (forces replacement), tags",
        "~ module.secrets.aws_secretsmanager_secret.app (update): description",
        "+ module.network.aws_route.private_nat[0] (create)",
    ]


def test_the_plan_comment_lists_changes_shows_the_plan_collapsed_and_fits_githubs_limit():
    from harness.report import COMMENT_LIMIT, PLAN_COMMENT_MARKER, plan_markdown

    shown = {"dev": "Terraform will perform the following actions:\n" + "x" * 100_000, "prod": "No changes."}
    text = plan_markdown(_sample_plans(), commit="0123456789abcdef", shown=shown)
    assert text.startswith(PLAN_COMMENT_MARKER)
    assert len(text) <= COMMENT_LIMIT
    assert "## Terraform plan for `0123456789ab`" in text
    assert "### dev: 1 to create, 1 to update, 1 to replace, 1 to delete :warning:" in text
    assert "```diff\n- module.network.aws_route.old (delete)\n-/+ module.database" in text
    assert "<details><summary><code>terraform show</code> for dev</summary>" in text
    assert "_Cut at " in text and "of 100,046 characters" in text and "`plan-dev` artifact" in text
    assert "### prod: 0 to create, 0 to update, 0 to replace, 0 to delete\n\nNo changes." in text
    assert text.count("</details>") == 2
    assert plan_markdown(_sample_plans(), shown={"dev": "a ``` fence"}).count("````text") == 1


def test_the_verification_table_is_one_line_per_check_at_120_columns_and_names_resources():
    from rich.console import Console

    from harness.report import short_name, verification_table
    from harness.verify.model import Check, Status

    assert (
        short_name(
            "arn:aws:elasticloadbalancing:us-west-2:1:loadbalancer/app/mealprep-dev-api/aedab785f867fdc2"
        )
        == "mealprep-dev-api"
    )
    assert short_name("arn:aws:ecs:us-west-2:1:task-definition/mealprep-dev-api:7") == "mealprep-dev-api:7"
    assert (
        short_name("arn:aws:secretsmanager:us-west-2:1:secret:dev/mealprep/app-secrets-AbC")
        == "dev/mealprep/app-secrets-AbC"
    )
    assert short_name("subnet-1,subnet-2,subnet-3") == "subnet-1 (+2)"
    checks = [
        Check(
            "database.master-secret.rds-managed",
            "arn:aws:secretsmanager:us-west-2:1:secret:rds!c-1",
            "arn:aws:secretsmanager:us-west-2:1:secret:rds!c-1",
            "x" * 300,
            Status.FAIL,
            "r" * 200,
        ),
        Check("network.nat.count", "vpc-1", "1", "1", Status.PASS),
        Check("secrets.arn", "s", "a:secret:b", "a:secret:b", Status.PASS),
    ]
    console = Console(width=120, record=True)
    console.print(verification_table("dev", checks))
    text = console.export_text()
    lines = text.splitlines()
    assert all(len(line) <= 120 for line in lines)
    assert len(lines) == 4 + len(checks) + 1  # title, three header lines, one per check, the bottom
    assert "㊙" not in text
    assert "a:secret:b" in text, "the value is printed as given"
