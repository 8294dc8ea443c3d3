"""Backup, budget, monitoring and audit: the parts that keep data, money and operations safe."""

from typing import Any

from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, compare, not_applicable


def backup_plan(ctx: Context) -> list[Check]:
    vault = ctx.resources.backup_vault
    backup = ctx.client("backup")
    checks = [
        compare(
            "backup.vault.exists",
            vault,
            vault,
            backup.describe_backup_vault(BackupVaultName=vault)["BackupVaultName"],
        )
    ]
    plan_id = ctx.resources.backup_plan_id
    rules = backup.get_backup_plan(BackupPlanId=plan_id)["BackupPlan"]["Rules"]
    daily: dict[str, Any] = next((r for r in rules if r["RuleName"] == "daily"), {})
    checks.append(
        compare(
            "backup.plan.daily-retention",
            plan_id,
            ctx.expected.backup_retention_days,
            (daily.get("Lifecycle") or {}).get("DeleteAfterDays"),
        )
    )
    copies = bool(daily.get("CopyActions"))
    checks.append(compare("backup.plan.cross-region-copy", plan_id, ctx.expected.cross_region_copy, copies))
    return checks


def budget(ctx: Context) -> list[Check]:
    name = ctx.resources.budget_name or "MealPrep budget"
    if why := ctx.switched_off("budget"):
        return [not_applicable("budget.limit", name, why)]
    account = ctx.client("sts").get_caller_identity()["Account"]
    found = ctx.client("budgets").describe_budget(AccountId=account, BudgetName=name)["Budget"]
    amount = float(found["BudgetLimit"]["Amount"])
    checks = [compare("budget.limit", name, float(ctx.expected.budget_limit_usd), amount)]
    notes = ctx.client("budgets").describe_notifications_for_budget(AccountId=account, BudgetName=name)[
        "Notifications"
    ]
    kinds = sorted(f"{n['NotificationType']}>{n['Threshold']:g}" for n in notes)
    checks.append(compare("budget.notifications", name, ["ACTUAL>80", "FORECASTED>100"], kinds))
    return checks


def cache(ctx: Context) -> Check:
    group = ctx.resources.cache_group_id or "cache"
    if why := ctx.switched_off("cache"):
        return not_applicable("cache.available", group, why)
    found = ctx.client("elasticache").describe_replication_groups(ReplicationGroupId=group)[
        "ReplicationGroups"
    ]
    return compare("cache.available", group, "available", found[0]["Status"] if found else "MISSING")


CHECKS: list[CheckFunction] = [backup_plan, budget, cache]
