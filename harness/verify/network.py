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
    found = ctx.call(lambda: ctx.client("ec2").describe_vpcs(VpcIds=[vpc])["Vpcs"])
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
    tables = ctx.call(
        lambda: ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": subnets}])[
            "RouteTables"
        ]
    )
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
    gateways = ctx.call(
        lambda: ctx.client("ec2").describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc]}])[
            "NatGateways"
        ]
    )
    live = [g for g in gateways if g.get("State") in ("available", "pending")]
    return compare("network.nat.count", vpc, ctx.expected.nat_gateways, len(live))


def no_world_ingress(ctx: Context) -> Check:
    vpc = ctx.resources.vpc_id
    groups = ctx.call(
        lambda: ctx.client("ec2").describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])[
            "SecurityGroups"
        ]
    )
    open_groups = sorted(
        {
            f"{g['GroupId']}:{p.get('FromPort', 'all')}"
            for g in groups
            for p in g.get("IpPermissions", [])
            if {r.get("CidrIp") for r in p.get("IpRanges", [])} & WORLD
            or {r.get("CidrIpv6") for r in p.get("Ipv6Ranges", [])} & WORLD
        }
    )
    return compare(
        "network.security-groups.no-world-ingress",
        vpc,
        "none open to 0.0.0.0/0",
        "none open to 0.0.0.0/0" if not open_groups else ", ".join(open_groups),
    )


CHECKS: list[CheckFunction] = [
    vpc_exists,
    subnets_span_zones,
    database_tier_isolated,
    nat_count,
    no_world_ingress,
]
