"""moto's server, with the few gaps filled that the MealPrep stack runs into.

Each shim is small, keeps state the way moto does (per process), and exists because the
AWS provider calls an API that moto 5.2 lacks for a resource the stack needs. Anything
larger is declared in harness/emulator_gaps.py and switched off instead.
"""

import hashlib
import json
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.awslambda.models import LambdaFunction
from moto.cloudfront.models import Invalidation
from moto.ec2.exceptions import DependencyViolationError
from moto.ec2.models.managed_prefixes import ManagedPrefixList
from moto.ec2.models.nat_gateways import NatGatewayBackend
from moto.ec2.models.vpcs import VPCBackend
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.rds.models import DBCluster
from moto.s3.models import FakeBucket
from moto.server import main

# Application Auto Scaling: RegisterScalableTarget takes Tags, and the provider reads
# them back with ListTagsForResource, which moto does not implement.
_SCALING_TAGS: dict[str, dict[str, str]] = {}
_register: Callable[[Any], str] = ApplicationAutoScalingResponse.register_scalable_target


def _register_scalable_target(self: Any) -> str:
    response = _register(self)
    tags = self._get_param("Tags")
    if tags:
        _SCALING_TAGS.setdefault(json.loads(response)["ScalableTargetARN"], {}).update(tags)
    return response


def _list_tags_for_resource(self: Any) -> str:
    return json.dumps({"Tags": _SCALING_TAGS.get(self._get_param("ResourceARN"), {})})


def _tag_resource(self: Any) -> str:
    _SCALING_TAGS.setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
    return "{}"


def _untag_resource(self: Any) -> str:
    tags = _SCALING_TAGS.get(self._get_param("ResourceARN"), {})
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return "{}"


# EC2: AWS-managed prefix lists (CloudFront's origin-facing one) get a random id per
# server, so two plans of one config differ; AWS keeps them fixed per region, and so do we.
_prefix_list_init: Callable[..., None] = ManagedPrefixList.__init__


def _stable_prefix_list_init(self: Any, backend: Any, region: str, **kwargs: Any) -> None:
    _prefix_list_init(self, backend, region, **kwargs)
    name = str(kwargs.get("prefix_list_name") or "")
    if name.startswith("com.amazonaws."):
        self.id = "pl-" + hashlib.sha256(f"{region}/{name}".encode()).hexdigest()[:17]


# CloudFront: an invalidation's status is "COMPLETED" in moto but "Completed" on AWS, which is
# what boto3's invalidation_completed waiter (and deploy-frontend) waits for.
_invalidation_init: Callable[..., None] = Invalidation.__init__


def _aws_cased_invalidation_init(self: Any, *args: Any, **kwargs: Any) -> None:
    _invalidation_init(self, *args, **kwargs)
    self.status = "Completed"


# S3: moto checks a bucket policy on object requests but ignores its conditions, so the
# TLS-only statement every bucket carries (Deny when aws:SecureTransport is false) denies every
# object request. The loopback emulator stands in for AWS's HTTPS endpoint: evaluate the policy
# with conditions (harness/iam_policy.py), as a TLS request by the account itself.
_EMULATOR_ACCOUNT = "123456789012"
_S3_REQUEST_CONTEXT = {
    "aws:SecureTransport": "true",
    "aws:PrincipalAccount": _EMULATOR_ACCOUNT,
    "aws:PrincipalArn": f"arn:aws:iam::{_EMULATOR_ACCOUNT}:root",
}
_bucket_permission: Callable[..., Any] = FakeBucket.get_permission


def _bucket_permission_with_conditions(self: Any, action: str, resource: str) -> Any:
    from moto.iam.access_control import PermissionResult

    from harness.iam_policy import Request, effects

    if self.policy is None:
        return PermissionResult.NEUTRAL
    try:
        found = effects([self.policy.decode()], Request(action, resource, _S3_REQUEST_CONTEXT))
    except ValueError:  # an operator the evaluator does not know: moto's own answer
        return _bucket_permission(self, action, resource)
    if "Deny" in found:
        return PermissionResult.DENIED
    return PermissionResult.PERMITTED if "Allow" in found else PermissionResult.NEUTRAL


# ECS: CreateService drops the capacity provider strategy, ECS Exec, managed tags and the grace
# period, and defaults the launch type to EC2; a re-plan then replaces the service (and, being
# a replacement, names Terraform's task definition instead of the release deploy-app set).
# UpdateService already keeps what it is given; CreateService now does the same.
_SERVICE_SETTINGS = (
    "capacityProviderStrategy",
    "enableECSManagedTags",
    "enableExecuteCommand",
    "healthCheckGracePeriodSeconds",
    "availabilityZoneRebalancing",
)
_create_service: Callable[[Any], Any] = EC2ContainerServiceResponse.create_service


def _create_service_keeping_settings(self: Any) -> Any:
    from moto.core.utils import camelcase_to_underscores

    result = _create_service(self)
    service = self.ecs_backend._get_service(
        self._get_param("cluster", "default"), self._get_param("serviceName")
    )
    for name in _SERVICE_SETTINGS:
        value = self._get_param(name)
        if value is not None:
            setattr(service, camelcase_to_underscores(name), value)
    if self._get_param("capacityProviderStrategy") and not self._get_param("launchType"):
        service.launch_type = None
        for deployment in service.deployments:
            deployment["launchType"] = None
    return result


# RDS: restoring a snapshot copies the source cluster's settings, and moto 5.2 reads its
# master password unconditionally; a cluster whose password RDS manages (ours) has none, so
# RestoreDBClusterFromSnapshot failed with a 500 (the restore drill's call).
_cluster_cfg: Callable[[Any], dict[str, Any]] = DBCluster.get_cfg


def _cluster_cfg_without_password(self: Any) -> dict[str, Any]:
    missing = [name for name in ("_master_user_password",) if name not in self.__dict__]
    for name in missing:
        self.__dict__[name] = None
    try:
        return _cluster_cfg(self)
    finally:
        for name in missing:
            del self.__dict__[name]


# EC2: AWS deletes a NAT gateway's network interface (and so its Elastic IP association)
# with the gateway; moto 5.2 leaves both behind, in the public subnet, and a destroy then
# meets an interface nothing in the state owns (a reviewer's demo sat in "destroying").
_delete_nat: Callable[[Any, str], Any] = NatGatewayBackend.delete_nat_gateway


def _delete_nat_gateway_and_its_interface(self: Any, nat_gateway_id: str) -> Any:
    gateway = _delete_nat(self, nat_gateway_id)
    interface = getattr(gateway, "_eni", None)
    if interface is not None:
        for address in self.addresses:
            if address.eni is interface:
                address.eni = None
                address.association_id = None
        interface.public_ip = None
        self.enis.pop(interface.id, None)
    return gateway


# Lambda: moto drops a function's DeadLetterConfig and LoggingConfig, so the provider reads
# neither back and every re-plan would set them again (and verify would see no dead-letter
# queue). Keep them as given, as AWS does.
_KEPT_FUNCTION_SETTINGS = ("DeadLetterConfig", "LoggingConfig")
_function_init: Callable[..., None] = LambdaFunction.__init__
_function_configuration: Callable[..., dict[str, Any]] = LambdaFunction.get_configuration
_function_update: Callable[..., dict[str, Any]] = LambdaFunction.update_configuration


def _function_init_keeping_settings(
    self: Any, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any
) -> None:
    _function_init(self, account_id, spec, *args, **kwargs)
    self.kept_settings = {name: spec[name] for name in _KEPT_FUNCTION_SETTINGS if spec.get(name)}


def _function_configuration_with_settings(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    config = _function_configuration(self, *args, **kwargs)
    kept = getattr(self, "kept_settings", {})
    if (kept.get("DeadLetterConfig") or {}).get("TargetArn"):
        config["DeadLetterConfig"] = {"TargetArn": kept["DeadLetterConfig"]["TargetArn"]}
    if kept.get("LoggingConfig"):
        config["LoggingConfig"] = dict(kept["LoggingConfig"])
    return config


def _function_update_keeping_settings(self: Any, updates: dict[str, Any]) -> dict[str, Any]:
    kept = self.__dict__.setdefault("kept_settings", {})
    for name in _KEPT_FUNCTION_SETTINGS:
        if name in updates:
            kept[name] = updates[name] or {}
    return _function_update(self, updates)


# EC2: about one demo destroy in ten, moto refuses DeleteVpc after every dependent resource in
# the state is gone. Not a fix: the refusal now logs what moto still holds in the VPC (it
# refuses for subnets, a route table besides the main one, or an attached VPN gateway), so
# the next occurrence names the culprit in the emulator's log.
_delete_vpc: Callable[[Any, str], Any] = VPCBackend.delete_vpc


def _delete_vpc_naming_what_remains(self: Any, vpc_id: str) -> Any:
    try:
        return _delete_vpc(self, vpc_id)
    except DependencyViolationError:
        by_vpc = {"vpc-id": vpc_id}
        subnets = [s.id for s in self.describe_subnets(filters=by_vpc)]
        tables = [
            f"{t.id}(main={t.main_association_id is not None}, associations={dict(t._associations)})"
            for t in self.describe_route_tables(filters=by_vpc)
        ]
        gateways = [g.id for g in self.describe_vpn_gateways(filters={"attachment.vpc-id": vpc_id})]
        print(
            f"emulator: DeleteVpc {vpc_id} refused; subnets {subnets}, route tables {tables},"
            f" VPN gateways {gateways}",
            file=sys.stderr,
            flush=True,
        )
        raise


# The server: moto's backends are not thread-safe (its documentation says so), and werkzeug
# serves each request on a thread of its own while terraform sends ten at a time. One request
# at a time, as one AWS API call is atomic; each takes milliseconds.
#
# A demo and a CI run under load met InvalidPermission.Duplicate creating a security group
# rule that no other resource defines, and about one demo destroy in ten stuck on a DeleteVpc
# moto refused for a dependency nothing in the state holds. The likely cause of both: the
# answer to a call's first attempt was lost, and the SDK retried the same call (same
# amz-sdk-invocation-id, attempt 2), which moto carried out a second time. A retry of a call
# the emulator already answered gets that answer again, as if it had arrived, and the log says
# so: in a soak of ten demos it fired in five, and all ten finished cleanly (README, "What
# make demo does"). Reads (GET, HEAD) are answered afresh.
_LOCK = threading.RLock()
_dispatch: Callable[..., Any] = DomainDispatcherApplication.__call__
_ANSWERED: "OrderedDict[str, tuple[str, list[tuple[str, str]], bytes]]" = OrderedDict()
_KEEP_ANSWERS = 512
_ATTEMPT = re.compile(r"attempt=(\d+)")


def _one_request_at_a_time(self: Any, environ: Any, start_response: Any) -> list[bytes]:
    invocation = (
        environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
        else None
    )
    attempt = _ATTEMPT.search(environ.get("HTTP_AMZ_SDK_REQUEST", ""))
    with _LOCK:
        if invocation and attempt and int(attempt.group(1)) > 1 and invocation in _ANSWERED:
            status, headers, body = _ANSWERED[invocation]
            print(
                f"emulator: attempt {attempt.group(1)} of call {invocation} answered as the first ({status})",
                file=sys.stderr,
                flush=True,
            )
            start_response(status, headers)
            return [body]
        seen: dict[str, Any] = {}

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body = b"".join(_dispatch(self, environ, keep))
        if invocation and "status" in seen:
            _ANSWERED[invocation] = (seen["status"], list(seen["headers"]), body)
            while len(_ANSWERED) > _KEEP_ANSWERS:
                _ANSWERED.popitem(last=False)
        return [body]


def install() -> None:
    dispatcher: Any = DomainDispatcherApplication
    dispatcher.__call__ = _one_request_at_a_time
    function: Any = LambdaFunction
    function.__init__ = _function_init_keeping_settings
    function.get_configuration = _function_configuration_with_settings
    function.update_configuration = _function_update_keeping_settings
    vpcs: Any = VPCBackend
    vpcs.delete_vpc = _delete_vpc_naming_what_remains
    nat: Any = NatGatewayBackend
    nat.delete_nat_gateway = _delete_nat_gateway_and_its_interface
    cluster: Any = DBCluster
    cluster.get_cfg = _cluster_cfg_without_password
    ecs: Any = EC2ContainerServiceResponse
    ecs.create_service = _create_service_keeping_settings
    bucket: Any = FakeBucket
    bucket.get_permission = _bucket_permission_with_conditions
    invalidation: Any = Invalidation
    invalidation.__init__ = _aws_cased_invalidation_init
    prefix_list: Any = ManagedPrefixList
    prefix_list.__init__ = _stable_prefix_list_init
    response: Any = ApplicationAutoScalingResponse
    response.register_scalable_target = _register_scalable_target
    response.list_tags_for_resource = _list_tags_for_resource
    response.tag_resource = _tag_resource
    response.untag_resource = _untag_resource


if __name__ == "__main__":
    install()
    main()
