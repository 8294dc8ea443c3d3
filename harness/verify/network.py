from typing import Any

from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, Status, compare

WORLD = {"0.0.0.0/0", "::/0"}


def _subnets(ctx: Context) -> list[dict[str, Any]]:
    ids = [
        *ctx.resources.public_subnet_ids,
        *ctx.resources.private_subnet_ids,
        *ctx.resources.database_subnet_ids,
    ]
    return list(ctx.once("subnets", lambda: ctx.client("ec2").describe_subnets(SubnetIds=ids)["Subnets"]))


def vpc_exists(ctx: Context) -> Check:
    vpc = ctx.resources.vpc_id
    found = ctx.client("ec2").describe_vpcs(VpcIds=[vpc])["Vpcs"]
    state = found[0]["State"] if found else "absent"
    return compare("network.vpc.available", vpc, "available", state)


def subnets_span_zones(ctx: Context) -> Check:
    zones = sorted({s["AvailabilityZone"] for s in _subnets(ctx)})
    return compare(
        "network.subnets.zones",
        ctx.resources.vpc_id,
        ctx.expected.az_count,
        len(zones),
        ", ".join(zones),
    )


def database_tier_isolated(ctx: Context) -> Check:
    ec2 = ctx.client("ec2")
    subnets = ctx.resources.database_subnet_ids
    tables = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": subnets}])[
        "RouteTables"
    ]
    leaks = [
        f"{t['RouteTableId']}->{r.get('GatewayId') or r.get('NatGatewayId')}"
        for t in tables
        for r in t.get("Routes", [])
        if r.get("DestinationCidrBlock") in WORLD and (r.get("GatewayId") or r.get("NatGatewayId"))
    ]
    if not tables:
        return Check(
            "network.database.isolated",
            ",".join(subnets),
            "a route table with no internet route",
            "no route table associated",
            Status.FAIL,
        )
    return compare(
        "network.database.isolated",
        ",".join(subnets),
        "no route to the internet",
        "no route to the internet" if not leaks else f"routes out: {', '.join(leaks)}",
    )


def nat_count(ctx: Context) -> Check:
    vpc = ctx.resources.vpc_id
    gateways = ctx.client("ec2").describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc]}])[
        "NatGateways"
    ]
    live = [g for g in gateways if g.get("State") in ("available", "pending")]
    return compare("network.nat.count", vpc, ctx.expected.nat_gateways, len(live))


def no_world_ingress(ctx: Context) -> list[Check]:
    """Every group in the env's VPC, those Terraform made (named by address) and any made beside it."""
    vpc = ctx.resources.vpc_id
    groups = ctx.client("ec2").describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])[
        "SecurityGroups"
    ]
    addresses = {
        r.values.get("id"): r.address
        for kind in ("aws_security_group", "aws_default_security_group")
        for r in ctx.state.of(kind)
    }
    check_id = "network.security-groups.no-world-ingress"
    open_groups = [
        Check(
            check_id,
            f"{addresses.get(g['GroupId'], 'not in the state')} ({g['GroupId']} {g.get('GroupName', '')})",
            "no ingress from 0.0.0.0/0 or ::/0",
            ", ".join(sorted(ports)),
            Status.FAIL,
        )
        for g in groups
        if (ports := _world_ports(g))
    ]
    return open_groups or [
        Check(check_id, f"every group in {vpc}", f"all {len(groups)}", f"all {len(groups)}", Status.PASS)
    ]


def _world_ports(group: dict[str, Any]) -> set[str]:
    return {
        f"{p.get('IpProtocol')}:{p.get('FromPort', 'all')}"
        for p in group.get("IpPermissions", [])
        if {r.get("CidrIp") for r in p.get("IpRanges", [])} & WORLD
        or {r.get("CidrIpv6") for r in p.get("Ipv6Ranges", [])} & WORLD
    }


CHECKS: list[CheckFunction] = [
    vpc_exists,
    subnets_span_zones,
    database_tier_isolated,
    nat_count,
    no_world_ingress,
]
