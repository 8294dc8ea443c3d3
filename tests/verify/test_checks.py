"""Checks' pass, fail and not-applicable paths, against resources made in the emulator."""

import dataclasses
import json

import pytest

from harness.errors import HarnessError
from harness.verify import network, secrets, service, storage
from harness.verify.context import Context
from harness.verify.model import Status
from harness.verify.runner import run_checks, verify

from . import contract_sample


def _context(target, resources=None, expected=None, outputs=None) -> Context:
    return Context(
        env="dev", target=target, outputs=contract_sample.outputs(resources, expected, **(outputs or {}))
    )


@pytest.fixture(scope="module")
def bucket(emulator):
    s3 = emulator.client("s3")
    kms = emulator.client("kms")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.create_bucket(
        Bucket="verify-storage", CreateBucketConfiguration={"LocationConstraint": emulator.region}
    )
    s3.put_public_access_block(
        Bucket="verify-storage",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket="verify-storage",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}
            ]
        },
    )
    return {"storage_bucket": "verify-storage", "storage_kms_key_arn": key}


def test_storage_checks_pass_then_fail_when_versioning_is_not_as_declared(emulator, bucket):
    context = _context(emulator, bucket, {"storage_versioning": False, "storage_replication": False})
    assert storage.versioning(context).status is Status.PASS
    assert storage.replication(context).status is Status.NOT_APPLICABLE
    results = run_checks(
        _context(emulator, bucket, {"storage_versioning": True, "storage_replication": False})
    )
    by_id = {c.id: c for c in results}
    assert by_id["storage.versioning"].status is Status.FAIL
    assert by_id["storage.versioning"].observed == "not Enabled"


def test_the_database_tier_check_fails_on_a_route_to_the_internet(emulator):
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.6.0/28")["Subnet"]["SubnetId"]
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    context = _context(emulator, {"database_subnet_ids": [subnet], "vpc_id": vpc})
    assert network.database_tier_isolated(context).status is Status.PASS
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    check = network.database_tier_isolated(context)
    assert check.status is Status.FAIL and gateway in check.observed


def test_a_security_group_opened_to_the_world_fails(emulator):
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    context = _context(emulator, {"vpc_id": vpc})
    assert [c.status for c in network.no_world_ingress(context)] == [Status.PASS]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    )
    [check] = network.no_world_ingress(context)
    assert check.status is Status.FAIL and check.observed == "tcp:22"
    assert check.resource == f"not in the state ({group} app)"


def test_placeholders_warn_by_name_and_set_keys_pass(emulator):
    manager = emulator.client("secretsmanager")
    placeholder = "PLACEHOLDER-set-with-mealprep-infra-secrets-set"
    arn = manager.create_secret(
        Name="dev/mealprep/app-secrets",
        SecretString=json.dumps(
            {"jwtSecret": "x" * 64, "bedrockApiKey": "real-key", "emailApiKey": placeholder}
        ),
    )["ARN"]
    context = _context(
        emulator,
        expected={
            "secret_keys": ["bedrockApiKey", "emailApiKey", "jwtSecret"],
            "secret_placeholders": {"bedrockApiKey": placeholder, "emailApiKey": placeholder},
        },
        outputs={"app_secret_arn": arn},
    )
    by_id = {c.id: c for c in secrets.app_secret(context)}
    assert by_id["secrets.app-secret.keys"].status is Status.PASS
    assert by_id["secrets.app-secret.jwt-generated"].status is Status.PASS
    assert by_id["secrets.app-secret.bedrockApiKey"].status is Status.PASS
    warning = by_id["secrets.app-secret.emailApiKey"]
    assert warning.status is Status.WARN and "secrets set dev emailApiKey" in warning.reason


def test_containers_are_not_applicable_on_the_emulator_with_a_reason(emulator):
    context = _context(
        emulator,
        {"target_group_arn": "arn:aws:elasticloadbalancing:::targetgroup/x/y"},
        outputs={"service_name": "api", "cluster_name": "c"},
    )
    for check in (service.steady_state(context), service.targets_healthy(context)):
        assert check.status is Status.NOT_APPLICABLE and check.reason == "the emulator runs no containers"


def test_a_missing_resource_or_output_is_a_failed_check_not_a_traceback(emulator):
    results = run_checks(_context(emulator, {"storage_bucket": "no-such-bucket"}))
    by_id = {c.id: c for c in results}
    assert by_id["frontend.index-published"].status is Status.FAIL
    assert by_id["frontend.index-published"].observed == "missing"
    # A check that cannot run fails under an id of its own, which no fault test can take for the
    # check it stopped.
    assert "network.vpc-exists" not in by_id
    assert by_id["network.vpc-exists.crashed"].status is Status.FAIL
    assert "InvalidVpcID" in by_id["network.vpc-exists.crashed"].reason


def test_outputs_that_break_the_contract_are_one_line_before_any_check(emulator):
    raw = json.loads(json.dumps(dataclasses.asdict(contract_sample.outputs())))
    del raw["resources"]["vpc_id"]
    with pytest.raises(
        HarnessError, match=r"^terraform outputs missing: resources\.vpc_id; was the env applied"
    ):
        verify("dev", emulator, raw)
    raw["resources"]["vpc_id"] = ["vpc-1"]
    raw["expected"]["az_count"] = "3"
    with pytest.raises(
        HarnessError, match=r"terraform output resources\.vpc_id is \['vpc-1'\], not a <class 'str'>"
    ):
        verify("dev", emulator, raw)
