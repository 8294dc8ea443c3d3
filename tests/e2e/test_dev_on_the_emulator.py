"""dev applied to the emulator: verify passes, a re-plan is clean, and verify catches faults.

Part of `make test`. Applying takes about three minutes; the observations are recorded by the
digest of their inputs (see conftest.py), so an unchanged rerun replays them.
"""

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness import emulator_gaps, images
from harness.deployment import Deployment, Replan
from harness.emulator import Emulator
from harness.tfstate import State
from harness.verify.model import Check, Status

pytestmark = pytest.mark.e2e


RELEASE = "1.0.0"
SPA = Path(__file__).resolve().parents[1] / "fixtures" / "spa"


@dataclass
class Applied:
    deployment: Deployment
    outputs: dict[str, Any]
    destroyed: bool = False
    pushed: str = ""
    pinned: str = ""
    _state: State | None = None
    _replan: Replan | None = None
    after_last_fault: dict[str, dict[str, str]] | None = None

    def verify(self) -> dict[str, Check]:
        """By check id; where a kind has several rows (one per failing resource), a failing one."""
        found: dict[str, Check] = {}
        for check in self.deployment.verify(self.outputs, state=self.state()):
            if found.get(check.id) is None or found[check.id].status is not Status.FAIL:
                found[check.id] = check
        return found

    def state(self) -> State:
        """Read once: the faults change AWS behind Terraform's back, never its state."""
        if self._state is None:
            self._state = self.deployment.state()
        return self._state

    def replan(self) -> Replan:
        """Planned once after the delivery, before any fault; two tests read it (a plan is 15 s)."""
        if self._replan is None:
            self._replan = self.deployment.replan()
        return self._replan

    def state_value(self, address: str, field: str) -> Any:
        return next(r.values[field] for r in self.state().resources if r.address == address)

    def client(self, service: str, region: str | None = None) -> Any:
        return self.deployment.target.client(service, region=region)


@contextlib.contextmanager
def applied_dev(state: Path) -> Iterator[Applied]:
    previous = os.environ.get("MEALPREP_STATE_DIR")
    os.environ["MEALPREP_STATE_DIR"] = str(state)
    emulator = Emulator(state)
    try:
        deployment = Deployment.open("dev", "emulator", emulator=emulator)
        planned = deployment.plan()
        deployment.guard(planned)
        deployment.apply(planned)
        applied = Applied(deployment, deployment.outputs())
        # The pipeline, as CI runs it: push, deploy-app by tag, deploy-frontend.
        registry = applied.outputs["resources"]["registry_name"]
        applied.pushed = images.push_manifest(applied.client("ecr"), registry, RELEASE)
        applied.pinned, _ = deployment.deploy_image(RELEASE)
        deployment.publish_frontend(SPA, prune=True)
        yield applied
        # Without the destroy test, nothing is destroyed: the emulator, stopped below, takes dev
        # with it (its state lives in this run's temporary folder).
    finally:
        emulator.stop()
        if previous is None:
            os.environ.pop("MEALPREP_STATE_DIR", None)
        else:
            os.environ["MEALPREP_STATE_DIR"] = previous


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Callable[[], contextlib.AbstractContextManager[Applied]]:
    return lambda: applied_dev(tmp_path_factory.mktemp("state"))


def _checks(applied: Applied) -> dict[str, dict[str, str]]:
    return {check_id: check.as_dict() for check_id, check in applied.verify().items()}


def test_verification_passes_with_reasons_for_what_the_emulator_cannot_answer(recorded):
    checks = recorded("verify-after-apply", _checks)
    assert [i for i, c in checks.items() if c["status"] == Status.FAIL] == []
    not_applicable = {i: c["reason"] for i, c in checks.items() if c["status"] == Status.NOT_APPLICABLE}
    assert checks["service.image.in-registry"]["status"] == Status.PASS
    assert checks["frontend.index-published"]["status"] == Status.PASS
    # Exactly what harness/emulator_gaps.py declares, with its reasons; plus dev's own choice.
    assert not_applicable == {
        **emulator_gaps.not_applicable_checks(),
        "storage.replication": "dev does not replicate",
    }
    assert checks["secrets.app-secret.bedrockApiKey"]["status"] == Status.WARN
    assert checks["database.instances"]["observed"] == "['db.t4g.medium']"
    assert checks["network.nat.count"]["observed"] == "1"


def _state_both_ways(applied: Applied) -> dict[str, Any]:
    """Verify and drift read the state with `state pull` (no provider loaded); it must be the
    state `show -json` renders: every resource, by the same address, with the same values."""
    shown = State.parse(applied.deployment.terraform.show_json())
    pulled = applied.deployment.state()

    def by_address(state: State) -> dict[str, Any]:
        return {r.address: {"type": r.type, "values": r.values} for r in state.resources}

    left, right = by_address(shown), by_address(pulled)
    return {
        "resources": len(left),
        "only_shown": sorted(set(left) - set(right)),
        "only_pulled": sorted(set(right) - set(left)),
        "different": sorted(a for a in set(left) & set(right) if left[a] != right[a]),
        "outputs_match": applied.deployment.terraform.output() == applied.deployment.outputs(),
        "keyed": sorted(a for a in right if "[" in a)[:3],
    }


def test_the_pulled_state_is_the_state_show_renders(recorded):
    compared = recorded("state-both-ways", _state_both_ways)
    assert compared["resources"] > 150
    assert (compared["only_shown"], compared["only_pulled"], compared["different"]) == ([], [], [])
    assert compared["outputs_match"]
    assert compared["keyed"], "instance keys (count and for_each) are part of the comparison"


def _release(applied: Applied) -> dict[str, Any]:
    from harness.ecs_ops import ApiService, running_image

    service = ApiService.from_outputs(applied.outputs)
    s3 = applied.client("s3")
    bucket = applied.outputs["resources"]["storage_bucket"]
    heads = {
        key: s3.head_object(Bucket=bucket, Key=key)
        for key in ("frontend/index.html", "frontend/assets/index-3f9a1c2b.js")
    }
    invalidations = applied.client("cloudfront").list_invalidations(
        DistributionId=applied.outputs["distribution_id"]
    )
    return {
        "registry": service.registry_url,
        "pushed": applied.pushed,
        "pinned": applied.pinned,
        "running": running_image(applied.client("ecs"), service),
        "cache_control": {key: head.get("CacheControl") for key, head in heads.items()},
        "invalidations": invalidations["InvalidationList"].get("Quantity", 0),
    }


def test_deploy_app_runs_the_pushed_tag_by_digest_and_the_front_end_is_published(recorded):
    release = recorded("release", _release)
    assert release["pinned"] == f"{release['registry']}@{release['pushed']}"
    assert release["running"] == release["pinned"], "the service runs the image by digest"
    assert release["cache_control"] == {
        "frontend/index.html": "no-cache",
        "frontend/assets/index-3f9a1c2b.js": "public, max-age=31536000, immutable",
    }
    assert release["invalidations"] >= 1


def test_a_replan_changes_nothing_beyond_known_emulator_drift(recorded):
    other = recorded("replan-unexplained-changes", lambda applied: [str(o) for o in applied.replan().changes])
    assert other == []


def test_after_deploy_app_a_plan_leaves_the_service_and_its_task_definition_alone(recorded):
    touched = recorded(
        "replan-touched-addresses",
        lambda applied: sorted({d.address for d in (lambda r: r.known_drift + r.changes)(applied.replan())}),
    )
    api = [
        a
        for a in touched
        if a.startswith(("module.service.aws_ecs_service.", "module.service.aws_ecs_task_definition."))
    ]
    assert api == [], "Terraform would roll deploy-app's release back"


def _uploads_pipeline(applied: Applied) -> dict[str, Any]:
    """The notification as S3 holds it, and what the function's role may do in the bucket, by the
    IAM evaluator over the inline policy the emulator stores (moto never runs the function)."""
    from urllib.parse import unquote

    from harness.iam_policy import Request, decide

    want = applied.outputs["expected"]["uploads"]
    bucket = applied.outputs["resources"]["storage_bucket"]
    lam, iam = applied.client("lambda"), applied.client("iam")
    function = lam.get_function_configuration(FunctionName=want["name"])
    notification = applied.client("s3").get_bucket_notification_configuration(Bucket=bucket)
    wired = [
        {
            "function": item["LambdaFunctionArn"] == function["FunctionArn"],
            "events": item["Events"],
            "prefix": [r["Value"] for r in item.get("Filter", {}).get("Key", {}).get("FilterRules", [])],
        }
        for item in notification.get("LambdaFunctionConfigurations", [])
    ]
    role = function["Role"].rsplit("/", 1)[-1]
    documents = [
        unquote(p["PolicyDocument"]) if isinstance(p["PolicyDocument"], str) else p["PolicyDocument"]
        for name in iam.list_role_policies(RoleName=role)["PolicyNames"]
        for p in [iam.get_role_policy(RoleName=role, PolicyName=name)]
    ]
    probes = {
        f"{action} {key}": decide(Request(action, f"arn:aws:s3:::{bucket}/{key}"), documents)
        for action in ("s3:GetObject", "s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObject")
        for key in ("uploads/u1/meal.jpg", "quarantine/u1/meal.jpg", "frontend/index.html", "backups/db.dump")
    }
    probes["rekognition:DetectModerationLabels *"] = decide(
        Request("rekognition:DetectModerationLabels", "*"), documents
    )
    return {"wired": wired, "probes": probes}


def test_uploads_invoke_the_moderation_function_whose_role_reaches_its_prefixes_only(recorded):
    pipeline = recorded("uploads-pipeline", _uploads_pipeline)
    assert pipeline["wired"] == [{"function": True, "events": ["s3:ObjectCreated:*"], "prefix": ["uploads/"]}]
    allowed = sorted(probe for probe, decision in pipeline["probes"].items() if decision == "allowed")
    assert allowed == [
        "rekognition:DetectModerationLabels *",
        "s3:DeleteObject uploads/u1/meal.jpg",
        "s3:GetObject uploads/u1/meal.jpg",
        "s3:PutObject quarantine/u1/meal.jpg",
        "s3:PutObjectTagging quarantine/u1/meal.jpg",
        "s3:PutObjectTagging uploads/u1/meal.jpg",
    ]


def _cli(command: str, report: str) -> dict[str, Any]:
    """`mealprep-infra COMMAND dev --target emulator` as a user runs it: exit code, error line, report."""
    import subprocess
    import sys

    from harness import paths

    result = subprocess.run(
        [sys.executable, "-m", "harness", command, "dev", "--target", "emulator"],
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    written = json.loads((paths.build_dir("reports") / report).read_text())
    return {"exit": result.returncode, "stderr": result.stderr.strip(), "report": written}


def _drift_cli(applied: Applied) -> dict[str, Any]:
    return _cli("drift", "drift-dev.json")


def test_drift_is_clean_right_after_the_apply_and_the_delivery(recorded):
    observed = recorded("drift-after-apply", _drift_cli)
    assert observed["exit"] == 0, observed["stderr"]
    assert observed["report"]["changed"] == [] and observed["report"]["failed_checks"] == []
    owned = {(o["resource"], o["attribute"]) for o in observed["report"]["owned_elsewhere"]}
    assert ("module.service.aws_ecs_service.api_external_deploys[0]", "task_definition") in owned, (
        "deploy-app's release"
    )


def _restore_drill_cli(applied: Applied) -> dict[str, Any]:
    observed = _cli("restore-drill", "restore-drill-dev.json")
    clusters = applied.client("rds").describe_db_clusters()["DBClusters"]
    return {**observed, "clusters": [c["DBClusterIdentifier"] for c in clusters]}


def test_the_restore_drill_reports_rto_and_rpo_and_leaves_no_temporary_cluster(recorded):
    observed = recorded("restore-drill", _restore_drill_cli)
    assert observed["exit"] == 0, observed["stderr"]
    report = observed["report"]
    assert report["passed"] is True and report["error"] is None
    assert report["rto_seconds"] >= 0 and report["rpo_seconds"] >= 0
    assert report["recovery_point"].startswith("rds:mealprep-dev-cluster")
    assert all(report["checks"].values()) and len(report["checks"]) == 5
    assert report["s3_object"] == {
        "bucket": report["s3_object"]["bucket"],
        "skipped": "the bucket keeps no versions in this env",
    }
    assert observed["clusters"] == ["mealprep-dev-cluster"], "the temporary cluster is gone"


def _cluster(applied) -> str:
    return applied.outputs["resources"]["db_cluster_id"]


def _destroy(applied: Applied) -> None:
    applied.destroyed = True
    # Undo the one fault that would block the destroy.
    applied.client("rds").modify_db_cluster(
        DBClusterIdentifier=_cluster(applied), DeletionProtection=False, ApplyImmediately=True
    )
    applied.deployment.destroy()


def _left_behind(applied: Applied) -> list[str]:
    """What of dev still exists in the emulator after the destroy."""
    left = [
        f"vpc {v['VpcId']}"
        for v in applied.client("ec2").describe_vpcs(
            Filters=[{"Name": "tag:Environment", "Values": ["dev"]}]
        )["Vpcs"]
    ]
    left += [
        f"db cluster {c['DBClusterIdentifier']}"
        for c in applied.client("rds").describe_db_clusters()["DBClusters"]
    ]
    # A deleted cluster stays listed as INACTIVE for a while, on AWS as in the emulator.
    arns = applied.client("ecs").list_clusters()["clusterArns"]
    clusters = applied.client("ecs").describe_clusters(clusters=arns)["clusters"] if arns else []
    left += [f"ecs cluster {c['clusterName']}" for c in clusters if c["status"] != "INACTIVE"]
    left += [
        f"bucket {b['Name']}"
        for b in applied.client("s3").list_buckets()["Buckets"]
        if b["Name"].startswith("mealprep-dev-")
    ]
    left += [
        f"log group {g['logGroupName']}"
        for g in applied.client("logs").describe_log_groups()["logGroups"]
        if "mealprep-dev" in g["logGroupName"]
    ]
    left += [
        f"role {r['RoleName']}"
        for r in applied.client("iam").list_roles()["Roles"]
        if r["RoleName"].startswith("mealprep-dev-")
    ]
    left += [
        f"alarm {a['AlarmName']}" for a in applied.client("cloudwatch").describe_alarms()["MetricAlarms"]
    ]
    left += [f"detector {d}" for d in applied.client("guardduty").list_detectors()["DetectorIds"]]
    return sorted(left)


def _teardown(applied: Applied) -> dict[str, Any]:
    try:
        _destroy(applied)
    except Exception as error:  # recorded, then asserted: a broken destroy must stay red on replay
        return {
            "destroyed": False,
            "error": f"{type(error).__name__}: {getattr(error, 'message', error)}",
            "left": _left_behind(applied),
        }
    return {"destroyed": True, "error": None, "left": _left_behind(applied)}


def _run_external_image(applied: Applied) -> None:
    """A service switched by hand to an image outside the project's registry."""
    from harness.ecs_ops import ApiService, register_with_image

    service = ApiService.from_outputs(applied.outputs)
    ecs = applied.client("ecs")
    revision = register_with_image(ecs, service.template, service.container, "docker.io/mealprep/api:latest")
    ecs.update_service(cluster=service.cluster, service=service.name, taskDefinition=revision)


@dataclass(frozen=True)
class Fault:
    check_id: str
    names: str  # what the failing row's resource must name
    act: Callable[[Applied], Any]


def _storage(applied: Applied) -> str:
    return str(applied.outputs["resources"]["storage_bucket"])


AUDIT_BUCKET = "module.audit.module.bucket.aws_s3_bucket.this"
EDGE_LOGS = "module.edge.module.logs.aws_s3_bucket.this"
SECRETS_KEY = "module.secrets.module.key.aws_kms_key.this"
LOGS_KEY = "module.service.module.logs_key.aws_kms_key.this"
POSTGRES_LOGS = "module.database.aws_cloudwatch_log_group.postgresql"
AUDIT_ALARM = 'module.audit.aws_cloudwatch_metric_alarm.security["root-account-use"]'
TRAIL = "module.audit.aws_cloudtrail.this"
WEB_ACL = "module.edge.aws_wafv2_web_acl.this"
ALB = "module.service.aws_lb.this"
FLOW_LOG = "module.network.aws_flow_log.this[0]"
DETECTOR = "module.guardduty[0].aws_guardduty_detector.this"


def _public_grant(applied: Applied) -> None:
    s3 = applied.client("s3")
    policy = json.loads(s3.get_bucket_policy(Bucket=_storage(applied))["Policy"])
    policy["Statement"].append(
        {"Sid": "Oops", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}
    )
    s3.put_bucket_policy(Bucket=_storage(applied), Policy=json.dumps(policy))


def _silence_alarm(applied: Applied) -> None:
    cloudwatch = applied.client("cloudwatch")
    name = applied.state_value(AUDIT_ALARM, "alarm_name")
    alarm = cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
    kept = ("MetricName", "Namespace", "Statistic", "Period", "EvaluationPeriods", "Threshold")
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        ComparisonOperator=alarm["ComparisonOperator"],
        AlarmActions=[],
        **{k: alarm[k] for k in kept},
    )


def _unsubscribe(applied: Applied) -> None:
    sns = applied.client("sns")
    topic = applied.outputs["alert_topic_arn"]
    for subscription in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]:
        sns.unsubscribe(SubscriptionArn=subscription["SubscriptionArn"])


def _drop_waf_rule(applied: Applied) -> None:
    waf = applied.client("wafv2", region="us-east-1")
    name, acl_id = applied.state_value(WEB_ACL, "name"), applied.state_value(WEB_ACL, "id")
    found = waf.get_web_acl(Name=name, Scope="CLOUDFRONT", Id=acl_id)
    acl = found["WebACL"]
    waf.update_web_acl(
        Name=name,
        Scope="CLOUDFRONT",
        Id=acl_id,
        LockToken=found["LockToken"],
        DefaultAction=acl["DefaultAction"],
        Rules=acl["Rules"][1:],
        VisibilityConfig=acl["VisibilityConfig"],
    )


def _extra_listener(applied: Applied) -> None:
    elb = applied.client("elbv2")
    arn = applied.state_value(ALB, "arn")
    group = elb.describe_target_groups(LoadBalancerArn=arn)["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(
        LoadBalancerArn=arn,
        Protocol="HTTP",
        Port=8080,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
    )


def _trail(**change: Any) -> Callable[[Applied], Any]:
    return lambda a: a.client("cloudtrail").update_trail(Name=a.state_value(TRAIL, "arn"), **change)


# Applied in this order, and they accumulate: a fault must not break a check a later one targets.
# Several sit next to what the outputs name (the audit bucket, another module's key, a log
# group no output names): only the state-driven checks can see them.
FAULTS = {
    "database.cluster.deletion-protection": Fault(
        "database.cluster.deletion-protection",
        "mealprep-dev-cluster",
        lambda a: a.client("rds").modify_db_cluster(
            DBClusterIdentifier=_cluster(a), DeletionProtection=True, ApplyImmediately=True
        ),
    ),
    "database.cluster.backup-retention": Fault(
        "database.cluster.backup-retention",
        "mealprep-dev-cluster",
        lambda a: a.client("rds").modify_db_cluster(
            DBClusterIdentifier=_cluster(a), BackupRetentionPeriod=1, ApplyImmediately=True
        ),
    ),
    "audit-bucket-public-access-block": Fault(
        "s3.bucket.public-access-blocked",
        AUDIT_BUCKET,
        lambda a: a.client("s3").delete_public_access_block(Bucket=a.state_value(AUDIT_BUCKET, "bucket")),
    ),
    "storage-bucket-encryption": Fault(
        "s3.bucket.encrypted",
        "module.storage.module.bucket.aws_s3_bucket.this",
        lambda a: a.client("s3").delete_bucket_encryption(Bucket=_storage(a)),
    ),
    "storage-bucket-public-grant": Fault(
        "s3.bucket.no-public-grant", "module.storage.module.bucket.aws_s3_bucket.this", _public_grant
    ),
    "edge-logs-bucket-policy": Fault(
        "s3.bucket.tls-only",
        EDGE_LOGS,
        lambda a: a.client("s3").delete_bucket_policy(Bucket=a.state_value(EDGE_LOGS, "bucket")),
    ),
    "secrets-key-rotation": Fault(
        "kms.key.rotation",
        SECRETS_KEY,
        lambda a: a.client("kms").disable_key_rotation(KeyId=a.state_value(SECRETS_KEY, "key_id")),
    ),
    "logs-key-disabled": Fault(
        "kms.key.enabled",
        LOGS_KEY,
        lambda a: a.client("kms").disable_key(KeyId=a.state_value(LOGS_KEY, "key_id")),
    ),
    "postgres-log-retention": Fault(
        "logs.group.retention",
        POSTGRES_LOGS,
        lambda a: a.client("logs").put_retention_policy(
            logGroupName=a.state_value(POSTGRES_LOGS, "name"), retentionInDays=1
        ),
    ),
    "audit-alarm-silenced": Fault("monitoring.alarms.notify-topic", AUDIT_ALARM, _silence_alarm),
    "alert-topic-unsubscribed": Fault(
        "monitoring.topic.subscriptions", "module.monitoring.aws_sns_topic_subscription", _unsubscribe
    ),
    "service.desired-count": Fault(
        "service.desired-count",
        "mealprep-dev-api",
        lambda a: a.client("ecs").update_service(
            cluster=a.outputs["cluster_name"], service=a.outputs["service_name"], desiredCount=3
        ),
    ),
    "tasks-open-to-the-world": Fault(
        "network.security-groups.no-world-ingress",
        "module.service.aws_security_group.tasks",
        lambda a: a.client("ec2").authorize_security_group_ingress(
            GroupId=a.outputs["resources"]["tasks_security_group"],
            IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
            ],
        ),
    ),
    "network.nat.count": Fault(
        "network.nat.count",
        "vpc-",
        lambda a: a.client("ec2").delete_nat_gateway(
            NatGatewayId=a.outputs["resources"]["nat_gateway_ids"][0]
        ),
    ),
    "trail-stopped": Fault(
        "audit.trail.logging",
        TRAIL,
        lambda a: a.client("cloudtrail").stop_logging(Name=a.state_value(TRAIL, "arn")),
    ),
    "trail-one-region": Fault("audit.trail.multi-region", TRAIL, _trail(IsMultiRegionTrail=False)),
    "trail-unvalidated": Fault(
        "audit.trail.log-file-validation", TRAIL, _trail(EnableLogFileValidation=False)
    ),
    "waf-logging-off": Fault(
        "edge.waf.logging",
        WEB_ACL,
        lambda a: a.client("wafv2", region="us-east-1").delete_logging_configuration(
            ResourceArn=a.state_value(WEB_ACL, "arn")
        ),
    ),
    "waf-rule-dropped": Fault("edge.waf.rules", WEB_ACL, _drop_waf_rule),
    "alb-extra-listener": Fault("elb.listeners.as-declared", ALB, _extra_listener),
    "flow-log-deleted": Fault(
        "network.flow-logs.active",
        FLOW_LOG,
        lambda a: a.client("ec2").delete_flow_logs(FlowLogIds=[a.state_value(FLOW_LOG, "id")]),
    ),
    "guardduty-disabled": Fault(
        "guardduty.detector.enabled",
        DETECTOR,
        lambda a: a.client("guardduty").update_detector(
            DetectorId=a.state_value(DETECTOR, "id"), Enable=False
        ),
    ),
    "registry-tags-mutable": Fault(
        "ecr.repository.as-declared",
        "module.registry.aws_ecr_repository.this",
        lambda a: a.client("ecr").put_image_tag_mutability(
            repositoryName=a.outputs["resources"]["registry_name"], imageTagMutability="MUTABLE"
        ),
    ),
    "service.autoscaling": Fault(
        "service.autoscaling",
        "service/",
        lambda a: a.client("application-autoscaling").register_scalable_target(
            ServiceNamespace="ecs",
            ScalableDimension="ecs:service:DesiredCount",
            ResourceId=f"service/{a.outputs['cluster_name']}/{a.outputs['service_name']}",
            MinCapacity=1,
            MaxCapacity=7,
        ),
    ),
    "service.image.in-registry": Fault("service.image.in-registry", "mealprep-dev-api", _run_external_image),
    "frontend.index-published": Fault(
        "frontend.index-published",
        "frontend/index.html",
        lambda a: a.client("s3").delete_object(Bucket=_storage(a), Key="frontend/index.html"),
    ),
    "secrets.app-secret.exists": Fault(
        "secrets.app-secret.exists",
        "dev/mealprep/app-secrets",
        lambda a: a.client("secretsmanager").delete_secret(
            SecretId=a.outputs["app_secret_arn"], ForceDeleteWithoutRecovery=True
        ),
    ),
}


def _fault(name: str) -> Callable[[Applied], dict[str, Any]]:
    fault = FAULTS[name]

    def observe(applied: Applied) -> dict[str, Any]:
        # Faults run back to back: the previous fault's "after" is this one's "before".
        before, applied.after_last_fault = applied.after_last_fault or _checks(applied), None
        fault.act(applied)
        after = applied.after_last_fault = _checks(applied)
        return {"before": before.get(fault.check_id), "after": after}

    return observe


@pytest.mark.parametrize("name", list(FAULTS))
def test_verify_catches_each_fault_by_its_check_id_naming_the_resource(recorded, name):
    fault = FAULTS[name]
    observed = recorded(f"fault-{name}", _fault(name))
    assert observed["before"] is not None, f"no check {fault.check_id} before the fault"
    assert observed["before"]["status"] == Status.PASS, f"{fault.check_id} failed before the fault"
    after = observed["after"][fault.check_id]
    assert after["status"] == Status.FAIL, after
    assert fault.names in after["resource"], after


def test_drift_after_the_faults_exits_1_naming_resources_and_attributes(recorded):
    observed = recorded("drift-after-faults", _drift_cli)
    assert observed["exit"] == 1, observed["stderr"]
    assert observed["stderr"].startswith("error: dev on emulator has drifted: "), observed["stderr"]
    changed = {(c["resource"], c["attribute"]) for c in observed["report"]["changed"]}
    assert (POSTGRES_LOGS, "retention_in_days") in changed, sorted(changed)
    assert (TRAIL, "is_multi_region_trail") in changed, sorted(changed)
    failed = {c["id"] for c in observed["report"]["failed_checks"]}
    assert {"elb.listeners.as-declared", "kms.key.enabled"} <= failed, failed


def test_no_check_suite_crashed_even_after_every_fault(recorded):
    checks = recorded("verify-after-faults", _checks)
    assert [i for i in checks if i.endswith(".crashed")] == []
    assert not any(f.check_id.endswith(".crashed") for f in FAULTS.values()), (
        "a fault must target a real check"
    )


# The destroy path is tested once per CI run, not in every `make test`: .ci/run and `make e2e`
# set MEALPREP_E2E_DESTROY=1 (and `make demo` destroys every time). Elsewhere the emulator is
# stopped with dev still applied, which takes it all with it, a minute sooner.
DESTROY = os.environ.get("MEALPREP_E2E_DESTROY") == "1"


# Last in the file: pytest runs a module's tests in order, and this one destroys dev.
@pytest.mark.skipif(
    not DESTROY,
    reason="the destroy path runs once per CI run (.ci/run and make e2e set MEALPREP_E2E_DESTROY=1)",
)
def test_destroy_succeeds_and_leaves_nothing_behind(recorded):
    observed = recorded("teardown", _teardown)
    assert observed["error"] is None, observed["error"]
    assert observed["destroyed"] is True
    assert observed["left"] == []
