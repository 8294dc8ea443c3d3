import json
import re

import pytest

from harness.plan import UNKNOWN
from harness.plantest.config import deferred_statements
from harness.plantest.secrets import secret_values

ENVS = ["dev", "prod"]
REQUIRED_TAGS = {"Project": "MealPrep", "CostCenter": "Engineering", "ManagedBy": "terraform"}


@pytest.mark.parametrize("env", ENVS)
def test_no_secret_or_db_password_in_the_plan(envs, env):
    raw = envs[env].raw
    assert secret_values(raw) == []
    assert not re.search(r'jwtSecret\\*"\s*:', json.dumps(raw))
    cluster = envs[env].plan.values()["module.database.aws_rds_cluster.this"]
    assert cluster["manage_master_user_password"] is True and cluster.get("master_password") is None


@pytest.mark.parametrize("env", ENVS)
def test_every_taggable_resource_carries_the_four_tags(envs, env):
    untagged = []
    for address, values in envs[env].plan.values().items():
        if "tags_all" not in values:
            continue
        tags = values["tags_all"]
        expected = {**REQUIRED_TAGS, "Environment": env}
        if not isinstance(tags, dict) or any(tags.get(k) != v for k, v in expected.items()):
            untagged.append(address)
    assert untagged == []
    assert sum("tags_all" in v for v in envs[env].plan.values().values()) > 50


@pytest.mark.parametrize("env", ENVS)
def test_nothing_is_open_to_the_world_but_task_and_function_egress_on_443(envs, env):
    values = envs[env].plan.values()
    world = {"0.0.0.0/0", "::/0"}
    open_ingress = [
        a
        for a, v in values.items()
        if a.split(".")[-2].startswith("aws_vpc_security_group_ingress_rule")
        and (v.get("cidr_ipv4") in world or v.get("cidr_ipv6") in world)
    ]
    assert open_ingress == [], "the ALB admits CloudFront's prefix list only"
    inline = [
        a
        for a, v in values.items()
        if a.split(".")[-2] == "aws_security_group"
        and isinstance(v.get("ingress"), list)
        and any(world & set(r.get("cidr_blocks", [])) for r in v["ingress"])
    ]
    assert inline == []
    open_egress = sorted(
        a
        for a, v in values.items()
        if a.split(".")[-2].startswith("aws_vpc_security_group_egress_rule") and v.get("cidr_ipv4") in world
    )
    assert open_egress == [
        "module.service.aws_vpc_security_group_egress_rule.tasks_https",
        'module.uploads.module.function.aws_vpc_security_group_egress_rule.this["0"]',
    ]
    assert {(values[a]["from_port"], values[a]["to_port"]) for a in open_egress} == {(443, 443)}


@pytest.mark.parametrize("env", ENVS)
def test_the_database_sits_in_the_isolated_subnets(envs, env):
    calls = envs[env].raw["configuration"]["root_module"]["module_calls"]
    assert (
        calls["database"]["expressions"]["subnet_ids"]["references"][0]
        == "module.network.database_subnet_ids"
    )
    assert calls["cache"]["expressions"]["subnet_ids"]["references"][0] == "module.network.private_subnet_ids"
    instances = [
        v
        for a, v in envs[env].plan.values().items()
        if a.startswith("module.database.aws_rds_cluster_instance.")
    ]
    assert instances and all(i["publicly_accessible"] is False for i in instances)


@pytest.mark.parametrize("env", ENVS)
def test_bedrock_is_scoped_to_model_arns(envs, env):
    statements = {
        s.get("sid"): s
        for s in deferred_statements(envs[env].plan, "module.service.data.aws_iam_policy_document.task")
    }
    invoke = statements["InvokeAllowedModels"]
    assert invoke["actions"] == ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    assert invoke["resources"] and all(
        r.startswith("arn:aws:bedrock:us-west-2::foundation-model/") for r in invoke["resources"]
    )
    assert "*" not in invoke["resources"]


def test_outputs_carry_the_seed_outputs_and_what_verification_needs(envs):
    outputs = envs["prod"].plan.outputs
    for name in (
        "api_endpoint",
        "frontend_url",
        "database_endpoint",
        "database_cluster_name",
        "service_name",
        "alert_topic_arn",
        "app_secret_arn",
        "distribution_id",
        "resources",
        "expected",
    ):
        assert name in outputs, name
    assert outputs["api_endpoint"] == "https://api.mealprep.com/api", "the API only through CloudFront"
    assert outputs["expected"]["nat_gateways"] == 3
    assert envs["dev"].plan.outputs["expected"]["budget_limit_usd"] == 200


@pytest.mark.parametrize("env", ENVS)
def test_every_role_the_stack_creates_carries_the_envs_boundary(envs, env):
    roles = {a: v for a, v in envs[env].plan.values().items() if ".aws_iam_role." in f".{a}"}
    assert len(roles) >= 6
    boundary = f"arn:aws:iam::123456789012:policy/mealprep-boundary-{env}"
    assert {
        a: v.get("permissions_boundary")
        for a, v in roles.items()
        if v.get("permissions_boundary") != boundary
    } == {}


CIS_FILTERS = {
    "root-account-use",
    "unauthorized-api-calls",
    "console-sign-in-without-mfa",
    "iam-policy-changes",
    "cloudtrail-changes",
    "kms-key-disabled-or-deleted",
    "security-group-changes",
}


@pytest.mark.parametrize("env", ENVS)
def test_detection_guardduty_and_cis_alarms_reach_the_alert_topic(envs, env):
    values = envs[env].plan.values()
    assert values["module.guardduty[0].aws_guardduty_detector.this"]["enable"] is True
    assert "module.guardduty[0].aws_cloudwatch_event_target.findings[0]" in values
    filters = {
        a.split('"')[1]: v
        for a, v in values.items()
        if a.startswith("module.audit.aws_cloudwatch_log_metric_filter.security[")
    }
    alarms = {
        a.split('"')[1]: v
        for a, v in values.items()
        if a.startswith("module.audit.aws_cloudwatch_metric_alarm.security[")
    }
    assert set(filters) == CIS_FILTERS and set(alarms) == CIS_FILTERS
    assert all(f["log_group_name"] == f"/cloudtrail/mealprep-{env}-trail" for f in filters.values())
    assert "StopLogging" in filters["cloudtrail-changes"]["pattern"]
    assert '"Root"' in filters["root-account-use"]["pattern"]
    for alarm in alarms.values():
        assert alarm["alarm_actions"] in ([UNKNOWN], UNKNOWN), "wired to the alert topic, known after apply"
        assert (alarm["threshold"], alarm["comparison_operator"]) == (1, "GreaterThanOrEqualToThreshold")
    references = envs[env].raw["configuration"]["root_module"]["module_calls"]["audit"]["expressions"]
    assert "module.monitoring.topic_arn" in json.dumps(references["security_alarms"])
    trail = values["module.audit.aws_cloudtrail.this"]
    assert trail["cloud_watch_logs_group_arn"] == UNKNOWN
    data_buckets = trail["event_selector"][0]["data_resource"][0]["values"]
    assert "arn:aws:s3:::mealprep-tfstate-123456789012/" in data_buckets, "state reads and writes are audited"
    lock = values["module.audit.aws_s3_bucket_object_lock_configuration.this[0]"]["rule"][0][
        "default_retention"
    ][0]
    assert (lock["mode"], lock["days"]) == ("GOVERNANCE", 365)


@pytest.mark.parametrize("env", ENVS)
def test_waf_logs_keep_no_credentials_and_the_database_logs_ddl(envs, env):
    values = envs[env].plan.values()
    logging = values["module.edge.aws_wafv2_web_acl_logging_configuration.this"]
    redacted = {f["single_header"][0]["name"] for f in logging["redacted_fields"]}
    assert redacted == {"authorization", "cookie"}
    group = values["module.database.aws_rds_cluster_parameter_group.this"]
    assert {p["name"]: p["value"] for p in group["parameter"]}["log_statement"] == "ddl"


@pytest.mark.parametrize("env", ENVS)
def test_the_api_writes_only_its_prefixes_and_connects_as_its_own_db_role(envs, env):
    statements = {
        s.get("sid"): s
        for s in deferred_statements(envs[env].plan, "module.service.data.aws_iam_policy_document.task")
    }
    objects = statements["StorageObjects"]["resources"]
    assert len(objects) == 2 and all(
        r == UNKNOWN or r.endswith(("/uploads/*", "/scratch/*")) for r in objects
    )
    calls = envs[env].raw["configuration"]["root_module"]["module_calls"]["service"]["module"]["resources"]
    task = next(r for r in calls if r["address"] == "data.aws_iam_policy_document.task")
    assert "var.storage_prefixes" in json.dumps(task["expressions"])
    assert statements["ConnectAsTheAppUser"]["actions"] == ["rds-db:connect"]


def test_ecs_exec_is_off_in_prod(envs):
    assert (
        envs["prod"].plan.values()["module.service.aws_ecs_service.api_external_deploys[0]"][
            "enable_execute_command"
        ]
        is False
    )
    assert (
        envs["dev"].plan.values()["module.service.aws_ecs_service.api_external_deploys[0]"][
            "enable_execute_command"
        ]
        is True
    )


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_one_public_path_a_registry_and_spa_routing_that_leaves_the_api_alone(envs, env):
    values = envs[env].plan.values()
    repository = values["module.registry.aws_ecr_repository.this"]
    assert repository["image_tag_mutability"] == "IMMUTABLE"
    assert repository["image_scanning_configuration"] == [{"scan_on_push": True}]
    pull = {
        s["sid"]: s
        for s in deferred_statements(envs[env].plan, "module.service.data.aws_iam_policy_document.execution")
    }["PullImage"]
    assert pull["resources"] == [f"arn:aws:ecr:us-west-2:123456789012:repository/mealprep-{env}-api"]
    assert values["module.service.aws_lb.this"]["internal"] is True
    distribution = values["module.edge.aws_cloudfront_distribution.this"]
    assert distribution["custom_error_response"] == [], "an error response would turn /api/* errors into HTML"
    api = {o["origin_id"]: o for o in distribution["origin"]}["api-alb"]
    assert api["custom_header"] == [] and len(api["vpc_origin_config"]) == 1
    outputs = envs[env].plan.outputs
    site = outputs["frontend_url"]
    assert outputs["api_endpoint"] == UNKNOWN or outputs["api_endpoint"] == f"{site}/api"
    assert "elb.amazonaws.com" not in str(outputs["api_endpoint"]), "no smoke check targets the ALB"
    service = values["module.service.aws_ecs_service.api_external_deploys[0]"]
    assert service["task_definition"] == UNKNOWN, (
        "created from Terraform's template; deploy-app owns it after"
    )


@pytest.mark.parametrize("env", ENVS)
def test_the_moderation_function_reaches_its_two_prefixes_and_rekognition_only(envs, env):
    """modules/uploads: read, tag and delete under uploads/, write and tag under quarantine/, the
    storage key through S3; `*` only where AWS offers no resource type."""
    statements = deferred_statements(
        envs[env].plan, "module.uploads.module.function.data.aws_iam_policy_document.this"
    )
    bucket = f"arn:aws:s3:::mealprep-{env}-storage-123456789012"
    s3 = {(a, r) for s in statements for a in s["actions"] if a.startswith("s3:") for r in s["resources"]}
    assert s3 == {
        ("s3:GetObject", f"{bucket}/uploads/*"),
        ("s3:PutObjectTagging", f"{bucket}/uploads/*"),
        ("s3:DeleteObject", f"{bucket}/uploads/*"),
        ("s3:PutObject", f"{bucket}/quarantine/*"),
        ("s3:PutObjectTagging", f"{bucket}/quarantine/*"),
    }
    wildcard = sorted(a for s in statements if "*" in s["resources"] for a in s["actions"])
    assert wildcard == [
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "rekognition:DetectLabels",
        "rekognition:DetectModerationLabels",
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
    ]
    services = {a.split(":")[0] for s in statements for a in s["actions"]}
    assert services == {"ec2", "kms", "logs", "rekognition", "s3", "sqs", "xray"}
    storage_key = next(s for s in statements if s["sid"] == "StorageKey")
    assert storage_key["condition"][0]["values"] == ["s3.us-west-2.amazonaws.com"]
