import json

from harness.plan import UNKNOWN
from harness.plantest.config import deferred_statements, module_resources, references


def _statements(policy: str) -> dict[str, dict]:
    return {s["Sid"]: s for s in json.loads(policy)["Statement"]}


def _as_list(value):
    return value if isinstance(value, list) else [value]


def test_task_role_is_least_privilege(planned):
    task = _statements(planned.plans["prod"].values()["aws_iam_role_policy.task"]["policy"])
    bucket = "arn:aws:s3:::mealprep-dev-storage-123456789012"
    assert _as_list(task["StorageObjects"]["Resource"]) == [f"{bucket}/uploads/*", f"{bucket}/scratch/*"]
    assert sorted(_as_list(task["StorageObjects"]["Action"])) == [
        "s3:DeleteObject",
        "s3:GetObject",
        "s3:PutObject",
    ]
    assert task["ConnectAsTheAppUser"]["Action"] == "rds-db:connect"
    assert task["ConnectAsTheAppUser"]["Resource"] == (
        "arn:aws:rds-db:us-west-2:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY/mealprep_app"
    )
    assert _as_list(task["InvokeAllowedModels"]["Resource"]) == [
        "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
    ]
    secrets = _as_list(task["ReadOwnSecrets"]["Resource"])
    assert "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/mealprep/*" in secrets
    assert "*" not in secrets
    wildcard = {sid for sid, s in task.items() if "*" in _as_list(s["Resource"])}
    assert wildcard == {"WriteTraces"}, "only services without resource-level permissions"
    # Rekognition is the uploads pipeline's (modules/uploads): the API never calls it.
    assert not any(a.startswith("rekognition:") for s in task.values() for a in _as_list(s["Action"]))
    # dev's document waits for the exec log group's ARN, so the plan holds its statements.
    dev = {
        s["sid"]: s for s in deferred_statements(planned.plans["dev"], "data.aws_iam_policy_document.task")
    }
    assert "ImageAnalysis" not in dev
    assert {sid for sid, s in dev.items() if "*" in s["resources"]} == {
        "ExecuteCommand",
        "FindExecSessionLog",
    }
    assert dev["FindExecSessionLog"]["actions"] == ["logs:DescribeLogGroups"]
    assert sorted(dev["LogExecSessions"]["actions"]) == [
        "logs:CreateLogStream",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
    ]


def test_every_role_carries_the_boundary(planned):
    for scenario, plan in planned.plans.items():
        roles = {a: v for a, v in plan.values().items() if a.startswith("aws_iam_role.")}
        assert roles, scenario
        assert {v["permissions_boundary"] for v in roles.values()} == {
            "arn:aws:iam::123456789012:policy/mealprep-boundary-test"
        }, scenario


def test_secrets_are_injected_by_arn_and_json_key(planned):
    definition = planned.plans["prod"].values()["aws_ecs_task_definition.api"]
    assert (definition["cpu"], definition["memory"]) == ("1024", "2048")
    api, xray = json.loads(definition["container_definitions"])
    secrets = {s["name"]: s["valueFrom"] for s in api["secrets"]}
    app = "arn:aws:secretsmanager:us-west-2:123456789012:secret:dev/mealprep/app-secrets-AbCdEf"
    assert secrets == {
        "JWT__Secret": f"{app}:jwtSecret::",
        "Bedrock__ApiKey": f"{app}:bedrockApiKey::",
        "Email__ApiKey": f"{app}:emailApiKey::",
    }
    environment = {e["name"]: e["value"] for e in api["environment"]}
    # The API is its own database role with IAM tokens: no master user, no password.
    assert (environment["Database__Username"], environment["Database__IamAuthentication"]) == (
        "mealprep_app",
        "true",
    )
    assert environment["ASPNETCORE_ENVIRONMENT"] == "Production"
    assert environment["AWS_REGION"] == "us-west-2"
    assert "CLOUDFRONT_DOMAIN" in environment
    assert not any("password" in name.lower() for name in environment)
    assert api["readonlyRootFilesystem"] is True
    assert api["portMappings"] == [{"containerPort": 80, "protocol": "tcp"}]
    assert api["logConfiguration"]["logDriver"] == "awslogs"
    assert api["logConfiguration"]["options"]["awslogs-group"] == "/ecs/mealprep-prod-api"
    assert xray["name"] == "xray-daemon"


def test_only_the_migration_task_gets_the_master_password(planned):
    values = planned.plans["prod"].values()
    migrate = values["aws_ecs_task_definition.migrate[0]"]
    assert migrate["family"] == "mealprep-prod-migrate"
    assert migrate.get("task_role_arn") in (None, ""), "the migration calls no AWS API"
    (container,) = json.loads(migrate["container_definitions"])
    assert container["secrets"] == [
        {
            "name": "Database__Password",
            "valueFrom": "arn:aws:secretsmanager:us-west-2:123456789012:secret:rds!cluster-abc-XyZ123:password::",
        }
    ]
    environment = {e["name"]: e["value"] for e in container["environment"]}
    assert environment["Database__Username"] == "mealprepadmin"
    assert container["logConfiguration"]["options"]["awslogs-stream-prefix"] == "migrate"


def test_alb_is_internal_admits_only_cloudfront_and_needs_no_shared_secret(planned):
    values = planned.plans["dev"].values()
    ingress = [v for a, v in values.items() if a.startswith("aws_vpc_security_group_ingress_rule.alb")]
    assert ingress and all(rule.get("cidr_ipv4") is None for rule in ingress)
    resources = module_resources(planned.raw["dev"], "s_dev")
    assert "data.aws_ec2_managed_prefix_list.cloudfront" in references(
        resources["aws_vpc_security_group_ingress_rule.alb"], "prefix_list_id"
    )
    alb = values["aws_lb.this"]
    assert alb["internal"] is True and alb["drop_invalid_header_fields"] is True
    assert alb["subnets"] == [
        "subnet-0prv0000000000001",
        "subnet-0prv0000000000002",
        "subnet-0prv0000000000003",
    ]
    assert values["aws_lb_listener.http"]["default_action"][0]["type"] == "forward"
    assert not any(a.startswith(("terraform_data.origin_secret", "aws_lb_listener_rule")) for a in values)
    assert values["aws_lb_target_group.api"]["health_check"][0]["path"] == "/api/health"


def test_the_execution_role_pulls_from_the_project_repository_only(planned):
    statements = {
        s["sid"]: s
        for s in deferred_statements(planned.plans["dev"], "data.aws_iam_policy_document.execution")
    }
    assert statements["PullImage"]["resources"] == [
        "arn:aws:ecr:us-west-2:123456789012:repository/mealprep-test-api"
    ]
    assert statements["RegistryLogin"]["actions"] == ["ecr:GetAuthorizationToken"]
    public = deferred_statements(planned.plans["external-deploys"], "data.aws_iam_policy_document.execution")
    assert not any(s["sid"] in ("PullImage", "RegistryLogin") for s in public)


def test_https_redirects_http_and_uses_a_tls12_policy(planned):
    values = planned.plans["prod"].values()
    assert values["aws_lb_listener.http"]["default_action"][0]["redirect"][0]["protocol"] == "HTTPS"
    assert values["aws_lb_listener.https[0]"]["ssl_policy"].startswith("ELBSecurityPolicy-TLS13-1-2")
    assert values["module.certificate[0].aws_acm_certificate.this"]["domain_name"] == "api.mealprep.com"
    assert values["module.certificate[0].aws_acm_certificate.this"]["validation_method"] == "DNS"
    assert values["aws_route53_record.api[0]"]["name"] == "api.mealprep.com"
    assert values["aws_lb.this"]["enable_deletion_protection"] is True
    assert planned.plans["prod"].outputs["api_url"] == "https://api.mealprep.com"


def test_tasks_are_private_and_roll_back_failed_deployments(planned):
    service = planned.plans["prod"].values()["aws_ecs_service.api[0]"]
    assert service["network_configuration"][0]["assign_public_ip"] is False
    assert service["deployment_circuit_breaker"] == [{"enable": True, "rollback": True}]
    assert service["enable_execute_command"] is False, "no shell into prod tasks"
    assert service["desired_count"] == 2
    assert planned.plans["prod"].values()["aws_ecs_cluster.this"]["configuration"] == []
    dev = planned.plans["dev"].values()
    assert dev["aws_ecs_service.api[0]"]["enable_execute_command"] is True
    logging = dev["aws_ecs_cluster.this"]["configuration"][0]["execute_command_configuration"][0]
    assert logging["logging"] == "OVERRIDE"
    assert logging["log_configuration"][0]["cloud_watch_encryption_enabled"] is True
    assert logging["log_configuration"][0]["cloud_watch_log_group_name"] == "/ecs/mealprep-dev-exec-sessions"
    assert dev["aws_cloudwatch_log_group.exec[0]"]["kms_key_id"] == UNKNOWN
    assert logging["kms_key_id"] == UNKNOWN, (
        "exec sessions are encrypted with the log key (known after apply)"
    )
    assert (
        planned.plans["prod"].values()["aws_lb_target_group.api"]["health_check"][0]["path"] == "/api/health"
    )
    external = planned.plans["external-deploys"].values()
    assert "aws_ecs_service.api_external_deploys[0]" in external and "aws_ecs_service.api[0]" not in external


def test_autoscaling_follows_the_seed(planned):
    for scenario, bounds in (("dev", (1, 3)), ("prod", (2, 10))):
        values = planned.plans[scenario].values()
        target = values["aws_appautoscaling_target.api"]
        assert (target["min_capacity"], target["max_capacity"]) == bounds
        cpu = values["aws_appautoscaling_policy.cpu"]["target_tracking_scaling_policy_configuration"][0]
        assert (cpu["target_value"], cpu["scale_in_cooldown"], cpu["scale_out_cooldown"]) == (70, 300, 60)
        memory = values["aws_appautoscaling_policy.memory"]["target_tracking_scaling_policy_configuration"][0]
        assert memory["target_value"] == 80
        requests = values["aws_appautoscaling_policy.requests"][
            "target_tracking_scaling_policy_configuration"
        ][0]
        spec = requests["predefined_metric_specification"][0]
        assert spec["predefined_metric_type"] == "ALBRequestCountPerTarget"
        assert spec["resource_label"] == UNKNOWN
    assert planned.plans["dev"].counts()["aws_appautoscaling_scheduled_action"] == 2
    assert "aws_appautoscaling_scheduled_action" not in planned.plans["prod"].counts()
