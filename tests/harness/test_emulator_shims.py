"""The emulator's shims (harness/emulator_server.py) behave as AWS does where moto does not."""

import json

import pytest


def test_a_tls_only_bucket_policy_admits_the_emulators_requests_and_its_denies_still_hold(emulator):
    s3 = emulator.client("s3")
    s3.create_bucket(Bucket="shim-bucket", CreateBucketConfiguration={"LocationConstraint": emulator.region})
    s3.put_bucket_policy(
        Bucket="shim-bucket",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyInsecureTransport",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": ["arn:aws:s3:::shim-bucket", "arn:aws:s3:::shim-bucket/*"],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                    {
                        "Sid": "Locked",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:PutObject",
                        "Resource": "arn:aws:s3:::shim-bucket/locked/*",
                    },
                ],
            }
        ),
    )
    s3.put_object(Bucket="shim-bucket", Key="frontend/index.html", Body=b"<html></html>")
    with pytest.raises(Exception, match="403"):
        s3.put_object(Bucket="shim-bucket", Key="locked/x", Body=b"x")


def test_an_invalidation_completes_with_the_status_aws_uses(emulator):
    cloudfront = emulator.client("cloudfront")
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": "shim",
            "Comment": "",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "o",
                        "DomainName": "example.com",
                        "CustomOriginConfig": {
                            "HTTPPort": 80,
                            "HTTPSPort": 443,
                            "OriginProtocolPolicy": "https-only",
                        },
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "o",
                "ViewerProtocolPolicy": "redirect-to-https",
                "TrustedSigners": {"Enabled": False, "Quantity": 0},
                "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                "MinTTL": 0,
            },
        }
    )["Distribution"]["Id"]
    created = cloudfront.create_invalidation(
        DistributionId=distribution,
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": "x"},
    )["Invalidation"]["Id"]
    status = cloudfront.get_invalidation(DistributionId=distribution, Id=created)["Invalidation"]["Status"]
    assert status == "Completed"


def test_a_cluster_whose_password_rds_manages_restores_from_its_snapshot(emulator):
    rds = emulator.client("rds")
    rds.create_db_cluster(
        DBClusterIdentifier="managed",
        Engine="aurora-postgresql",
        MasterUsername="mealprep",
        ManageMasterUserPassword=True,
    )
    snapshot = rds.describe_db_cluster_snapshots(DBClusterIdentifier="managed")["DBClusterSnapshots"][0]
    restored = rds.restore_db_cluster_from_snapshot(
        DBClusterIdentifier="managed-restored",
        SnapshotIdentifier=snapshot["DBClusterSnapshotIdentifier"],
        Engine="aurora-postgresql",
    )["DBCluster"]
    assert restored["DBClusterIdentifier"] == "managed-restored"


def test_deleting_a_nat_gateway_deletes_its_interface_and_frees_its_address_as_aws_does(emulator):
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.5.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.5.0.0/24")["Subnet"]["SubnetId"]
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    gateway = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]["NatGatewayId"]

    def interfaces() -> list[str]:
        found = ec2.describe_network_interfaces(Filters=[{"Name": "subnet-id", "Values": [subnet]}])
        return [i["NetworkInterfaceId"] for i in found["NetworkInterfaces"]]

    assert len(interfaces()) == 1
    ec2.delete_nat_gateway(NatGatewayId=gateway)
    assert interfaces() == []
    [address] = ec2.describe_addresses(AllocationIds=[allocation])["Addresses"]
    assert not address.get("AssociationId") and not address.get("NetworkInterfaceId")
    ec2.release_address(AllocationId=allocation)
    ec2.delete_subnet(SubnetId=subnet)
    ec2.delete_vpc(VpcId=vpc)


def test_the_server_serves_one_request_at_a_time(monkeypatch):
    """moto's backends are not thread-safe, so the server's dispatcher holds one lock per
    request: never two inside moto at once."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    from harness import emulator_server

    inside, most = [0], [0]
    guard = threading.Lock()

    def slow_dispatch(self, environ, start_response):
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.02)
        with guard:
            inside[0] -= 1
        return iter([b"ok"])

    monkeypatch.setattr(emulator_server, "_dispatch", slow_dispatch)
    monkeypatch.setattr(DomainDispatcherApplication, "__call__", DomainDispatcherApplication.__call__)
    emulator_server.install()
    app = DomainDispatcherApplication.__new__(DomainDispatcherApplication)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: app({}, None), range(16)))
    assert answers == [[b"ok"]] * 16
    assert most[0] == 1


def test_a_refused_vpc_deletion_names_what_the_emulator_still_holds_in_it(monkeypatch, capsys):
    import boto3
    from moto import mock_aws
    from moto.ec2.models.vpcs import VPCBackend

    from harness import emulator_server

    monkeypatch.setattr(VPCBackend, "delete_vpc", emulator_server._delete_vpc_naming_what_remains)
    with mock_aws():
        ec2 = boto3.client("ec2", region_name="us-west-2")
        vpc = ec2.create_vpc(CidrBlock="10.6.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.6.0.0/24")["Subnet"]["SubnetId"]
        table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        with pytest.raises(Exception, match="DependencyViolation"):
            ec2.delete_vpc(VpcId=vpc)
        logged = capsys.readouterr().err
        assert f"DeleteVpc {vpc} refused" in logged
        assert subnet in logged and table in logged
        ec2.delete_subnet(SubnetId=subnet)
        ec2.delete_route_table(RouteTableId=table)
        ec2.delete_vpc(VpcId=vpc)
        assert "refused" not in capsys.readouterr().err


def test_a_function_keeps_its_dead_letter_and_logging_settings_as_aws_does(emulator):
    import io
    import zipfile

    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {}\n")
    role = emulator.client("iam").create_role(
        RoleName="shim-fn",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ]
            }
        ),
    )["Role"]["Arn"]
    lam = emulator.client("lambda")
    dead_letters = "arn:aws:sqs:us-west-2:123456789012:shim-dlq"
    logging_config = {"LogFormat": "Text", "LogGroup": "/aws/lambda/shim-fn"}
    lam.create_function(
        FunctionName="shim-fn",
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": code.getvalue()},
        DeadLetterConfig={"TargetArn": dead_letters},
        LoggingConfig=logging_config,
    )
    config = lam.get_function_configuration(FunctionName="shim-fn")
    assert config["DeadLetterConfig"] == {"TargetArn": dead_letters}
    assert config["LoggingConfig"] == logging_config
    lam.update_function_configuration(FunctionName="shim-fn", DeadLetterConfig={})
    assert "DeadLetterConfig" not in lam.get_function_configuration(FunctionName="shim-fn")
    assert lam.get_function(FunctionName="shim-fn")["Configuration"]["LoggingConfig"] == logging_config


def test_a_retried_call_the_emulator_already_answered_gets_that_answer_again(monkeypatch, capsys):
    """The SDK retries a call whose answer was lost (same invocation id, attempt 2): carrying it
    out again would meet its own result (InvalidPermission.Duplicate for a rule)."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    from harness import emulator_server

    calls = []

    def dispatch(self, environ, start_response):
        calls.append(environ.get("HTTP_AMZ_SDK_REQUEST"))
        start_response("200 OK", [("Content-Type", "text/xml")])
        return iter([f"<ok>{len(calls)}</ok>".encode()])

    monkeypatch.setattr(emulator_server, "_dispatch", dispatch)
    monkeypatch.setattr(emulator_server, "_ANSWERED", type(emulator_server._ANSWERED)())
    monkeypatch.setattr(DomainDispatcherApplication, "__call__", DomainDispatcherApplication.__call__)
    emulator_server.install()
    app = DomainDispatcherApplication.__new__(DomainDispatcherApplication)
    started = []

    def call(invocation: str, attempt: int, method: str = "POST") -> list[bytes]:
        environ = {
            "REQUEST_METHOD": method,
            "HTTP_AMZ_SDK_INVOCATION_ID": invocation,
            "HTTP_AMZ_SDK_REQUEST": f"attempt={attempt}; max=25",
        }
        return app(environ, lambda status, headers, exc_info=None: started.append(status))

    assert call("a", 1) == [b"<ok>1</ok>"]
    assert call("a", 2) == [b"<ok>1</ok>"], "the first attempt's answer, not a second run"
    assert len(calls) == 1 and started == ["200 OK", "200 OK"]
    assert "attempt 2 of call a answered as the first (200 OK)" in capsys.readouterr().err
    assert call("b", 1) == [b"<ok>2</ok>"], "another call runs"
    assert call("c", 2) == [b"<ok>3</ok>"], "a retry of a call never answered runs"
    assert call("d", 1, "GET") == [b"<ok>4</ok>"] and call("d", 2, "GET") == [b"<ok>5</ok>"], (
        "reads run afresh"
    )
