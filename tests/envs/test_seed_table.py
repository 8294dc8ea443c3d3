"""The seed's dev/prod table, asserted on the planned values of both environments.

Each row is checked on both sides, and the two plans are compared resource by resource
(names normalised): every difference must belong to a row of the table or to a listed,
deliberate difference beyond it, and every row must show up as a difference.
"""

import re

import pytest

from harness.plan import Plan

from .conftest import differences

ENV_WORD = re.compile(r"(?<![a-z])(dev|prod)(?![a-z])")


def _one(plan: Plan, address: str) -> dict:
    return plan.values()[address]


def _log_retentions(plan: Plan) -> set[int]:
    return {
        v["retention_in_days"] for a, v in plan.values().items() if ".aws_cloudwatch_log_group." in f".{a}"
    }


SEED = {
    "dev": dict(
        nat=1,
        db=(1, "db.t4g.medium"),
        retention=7,
        protection=False,
        versioning="Suspended",
        task=("512", "1024"),
        desired=1,
        scaling=(1, 3),
        logs=7,
        budget="200.00",
        domain=None,
        dr=False,
        secret="dev/mealprep/app-secrets",
        uploads=(256, 30, 2, "80"),
    ),
    "prod": dict(
        nat=3,
        db=(2, "db.r6g.large"),
        retention=30,
        protection=True,
        versioning="Enabled",
        task=("1024", "2048"),
        desired=2,
        scaling=(2, 10),
        logs=30,
        budget="1000.00",
        domain="api.mealprep.com",
        dr=True,
        secret="prod/mealprep/app-secrets",
        uploads=(512, 30, 10, "60"),
    ),
}


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_every_row_of_the_seed_table(envs, env):
    plan, want = envs[env].plan, SEED[env]
    values = plan.values()
    assert plan.counts()["aws_nat_gateway"] == want["nat"], "NAT gateways"
    instances = [v for a, v in values.items() if a.startswith("module.database.aws_rds_cluster_instance.")]
    assert (len(instances), {i["instance_class"] for i in instances}) == (want["db"][0], {want["db"][1]}), (
        "Aurora instances"
    )
    cluster = _one(plan, "module.database.aws_rds_cluster.this")
    assert cluster["backup_retention_period"] == want["retention"], "backup retention"
    daily = next(
        r for r in _one(plan, "module.backup.aws_backup_plan.this")["rule"] if r["rule_name"] == "daily"
    )
    assert daily["lifecycle"][0]["delete_after"] == want["retention"], "backup retention (AWS Backup)"
    assert cluster["deletion_protection"] is want["protection"], "deletion protection"
    assert cluster["skip_final_snapshot"] is (not want["protection"]), "final snapshot"
    versioning = _one(plan, "module.storage.module.bucket.aws_s3_bucket_versioning.this")
    assert versioning["versioning_configuration"][0]["status"] == want["versioning"], "S3 versioning"
    task = _one(plan, "module.service.aws_ecs_task_definition.api")
    assert (task["cpu"], task["memory"]) == want["task"], "API task cpu/memory"
    assert (
        _one(plan, "module.service.aws_ecs_service.api_external_deploys[0]")["desired_count"]
        == want["desired"]
    ), "desired count"
    target = _one(plan, "module.service.aws_appautoscaling_target.api")
    assert (target["min_capacity"], target["max_capacity"]) == want["scaling"], "autoscaling"
    assert _log_retentions(plan) == {want["logs"]}, "log retention (every log group)"
    assert _one(plan, "module.budget[0].aws_budgets_budget.this")["limit_amount"] == want["budget"], "budget"
    # The seed's API domain now names the CloudFront distribution, the one public path.
    certificates = [
        v["domain_name"]
        for a, v in values.items()
        if a.startswith("module.edge.module.certificate[0].aws_acm_certificate.")
    ]
    assert certificates == ([want["domain"]] if want["domain"] else []), "domain"
    aliases = _one(plan, "module.edge.aws_cloudfront_distribution.this")["aliases"] or []
    assert aliases == ([want["domain"]] if want["domain"] else []), "domain on the distribution"
    copies = [r["copy_action"] for r in _one(plan, "module.backup.aws_backup_plan.this")["rule"]]
    assert all(bool(c) is want["dr"] for c in copies), "cross-region copy"
    assert ("module.storage.aws_s3_bucket_replication_configuration.this[0]" in values) is want["dr"], (
        "replication"
    )
    assert _one(plan, "module.secrets.aws_secretsmanager_secret.app")["name"] == want["secret"], (
        "DB/app secret path"
    )
    assert envs[env].plan.outputs["expected"]["db_instance_count"] == want["db"][0]
    # The seed's Lambda and Rekognition: the uploads pipeline, sized and thresholded per env.
    moderation = _one(plan, "module.uploads.module.function.aws_lambda_function.this")
    assert (
        moderation["memory_size"],
        moderation["timeout"],
        moderation["reserved_concurrent_executions"],
        moderation["environment"][0]["variables"]["MODERATION_MIN_CONFIDENCE"],
    ) == want["uploads"], "uploads pipeline"
    assert moderation["tracing_config"] == [{"mode": "Active"}], "uploads pipeline traced"
    # The seed traces with X-Ray in every env: the daemon beside the API, and sampling rules.
    assert "xray-daemon" in plan.outputs["expected"]["api_containers"], "X-Ray sidecar"
    rules = {
        v["url_path"]: v["fixed_rate"] for a, v in values.items() if ".aws_xray_sampling_rule." in f".{a}"
    }
    assert set(rules) == {"/api/*", "*"} and rules["/api/*"] > rules["*"], "X-Ray sampling rules"


# Every planned difference between dev and prod, by (resource, attribute), belongs to one of
# these. The first block is the seed's table; the second is deliberate and documented in
# the tfvars files. A `*` attribute means the resource exists in one environment only.
ALLOWED = {
    "NAT gateways": [(r"module\.network\.aws_(eip\.nat|nat_gateway\.this)", "*")],
    "Aurora instances": [(r"module\.database\.aws_rds_cluster_instance\.this", ".*")],
    "backup retention": [
        (r"module\.database\.aws_rds_cluster\.this", "backup_retention_period"),
        (r"module\.backup\.aws_backup_plan\.this", "rule"),
    ],
    "deletion protection": [
        (
            r"module\.database\.aws_rds_cluster\.this",
            "deletion_protection|skip_final_snapshot|final_snapshot_identifier",
        ),
        (r"module\.service\.aws_lb\.this", "enable_deletion_protection"),
        (r".*aws_s3_bucket\.this", "force_destroy"),
        (r"module\.registry\.aws_ecr_repository\.this", "force_delete"),
    ],
    "S3 versioning": [
        (r"module\.storage\.module\.bucket\.aws_s3_bucket_versioning\.this", "versioning_configuration")
    ],
    "API task cpu/memory": [(r"module\.service\.aws_ecs_task_definition\.(api|migrate)", "cpu|memory")],
    "desired count": [(r"module\.service\.aws_ecs_service\.api(_external_deploys)?", "desired_count")],
    "autoscaling": [(r"module\.service\.aws_appautoscaling_target\.api", "min_capacity|max_capacity")],
    "log retention": [
        (r".*aws_cloudwatch_log_group\..*", "retention_in_days"),
        (r"module\.edge\.aws_s3_bucket_lifecycle_configuration\.logs", "rule"),
    ],
    "budget": [(r"module\.budget\.aws_budgets_budget\.this", "limit_amount")],
    "domain": [
        (r"module\.edge\.(module\.certificate\..*|aws_route53_record\.alias)", "*"),
        (r"module\.edge\.aws_cloudfront_distribution\.this", "aliases|viewer_certificate"),
        # the front end's CORS origin is the viewer URL: the custom domain in prod
        (r"module\.storage\.aws_s3_bucket_cors_configuration\.this", "cors_rule"),
    ],
    "cross-region copy and replication": [
        (r"module\.backup\.(aws_backup_vault\.dr|module\.dr_key\..*)", "*"),
        (r"module\.backup\.aws_backup_selection\.resources", "resources"),
        (
            r"module\.storage\.(module\.replica(_key)?\..*|aws_iam_role\.replication|aws_iam_role_policy\.replication|aws_s3_bucket_replication_configuration\.this)",
            "*",
        ),
    ],
}
ALLOWED["uploads pipeline"] = [
    (
        r"module\.uploads\.module\.function\.aws_lambda_function\.this",
        "memory_size|timeout|reserved_concurrent_executions|environment",
    )
]
BEYOND_THE_SEED = {
    "X-Ray sampling rates": [(r"module\.service\.aws_xray_sampling_rule\.(api|default)", "fixed_rate")],
    "cache size and failover": [
        (r"module\.cache\.aws_elasticache_replication_group\.this", ".*"),
        (r"module\.monitoring\.aws_cloudwatch_metric_alarm\.this", "*"),
    ],
    "interface endpoints (prod)": [
        (
            r"module\.network\.(aws_vpc_endpoint\.interface|aws_security_group\.endpoints|aws_vpc_security_group_ingress_rule\.endpoints_https)",
            "*",
        )
    ],
    "dev cost options (Spot, off-hours)": [
        (r"module\.service\.aws_appautoscaling_scheduled_action\..*", "*"),
        (
            r"module\.service\.aws_ecs_(service\.api(_external_deploys)?|cluster_capacity_providers\.this)",
            "capacity_provider_strategy|default_capacity_provider_strategy",
        ),
    ],
    "vault lock, weekly and monthly backups (prod)": [
        (r"module\.backup\.aws_backup_vault_lock_configuration\.(this|dr)", "*")
    ],
    "ECS Exec (dev only, sessions logged)": [
        (r"module\.service\.aws_cloudwatch_log_group\.exec", "*"),
        (r"module\.service\.aws_ecs_cluster\.this", "configuration"),
        (r"module\.service\.aws_ecs_service\.api(_external_deploys)?", "enable_execute_command"),
        (r"module\.service\.data\.aws_iam_policy_document\.task", "statement"),
        (r"module\.service\.module\.logs_key\.aws_kms_key\.this", "policy"),
    ],
    "edge price class": [(r"module\.edge\.aws_cloudfront_distribution\.this", "price_class")],
    "secret recovery window": [
        (r"module\.secrets\.aws_secretsmanager_secret\.app", "recovery_window_in_days")
    ],
}


def _normalised(value):
    if isinstance(value, str):
        return ENV_WORD.sub("ENV", value)
    if isinstance(value, dict):
        return {ENV_WORD.sub("ENV", k): _normalised(v) for k, v in value.items() if k != "tags_all"}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def _differences(dev: Plan, prod: Plan) -> set[tuple[str, str]]:
    return differences(
        {ENV_WORD.sub("ENV", a): _normalised(v) for a, v in dev.values().items()},
        {ENV_WORD.sub("ENV", a): _normalised(v) for a, v in prod.values().items()},
    )


def _row(difference: tuple[str, str], table: dict) -> str | None:
    resource, attribute = difference
    for row, patterns in table.items():
        for resource_pattern, attribute_pattern in patterns:
            if not re.fullmatch(resource_pattern, resource):
                continue
            if attribute == "*" if attribute_pattern == "*" else re.fullmatch(attribute_pattern, attribute):
                return row
    return None


def test_dev_and_prod_differ_exactly_where_the_table_says(envs):
    differences = _differences(envs["dev"].plan, envs["prod"].plan)
    unexplained = sorted(d for d in differences if _row(d, {**ALLOWED, **BEYOND_THE_SEED}) is None)
    assert unexplained == [], f"dev and prod differ outside the seed table: {unexplained}"
    seen_rows = {_row(d, ALLOWED) for d in differences}
    assert set(ALLOWED) <= seen_rows, f"rows with no difference in the plans: {set(ALLOWED) - seen_rows}"
