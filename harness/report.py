"""Render results for people: console tables and JUnit XML."""

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from harness.plan import Plan

if TYPE_CHECKING:
    from harness.verify.model import Check

_STYLES = {"create": "green", "update": "yellow", "replace": "magenta", "delete": "bold red"}


def plan_table(plan: Plan, title: str) -> Table:
    summary = plan.action_summary()
    table = Table(title=title)
    table.add_column("action")
    table.add_column("resource type")
    table.add_column("count", justify="right")
    for action, counter in summary.items():
        for resource_type, count in sorted(counter.items()):
            table.add_row(action, resource_type, str(count), style=_STYLES[action])
    return table


def print_plan(console: Console, plan: Plan, title: str) -> None:
    summary = plan.action_summary()
    console.print(plan_table(plan, title))
    totals = ", ".join(f"{sum(summary[a].values())} to {a}" for a in summary)
    console.print(f"Plan: {totals}.")
    doomed = [r for r in plan.managed() if "delete" in r.actions]
    if doomed:
        console.print("[bold red]Resources that would be destroyed or replaced:[/]")
        for resource in doomed:
            console.print(f"  [bold red]- {resource.address}[/] ({'/'.join(resource.actions)})")
    else:
        console.print("Nothing would be destroyed.")


def verification_table(env: str, checks: "list[Check]") -> Table:
    from harness.verify.model import Status

    styles = {
        Status.PASS: "green",
        Status.FAIL: "bold red",
        Status.WARN: "yellow",
        Status.NOT_APPLICABLE: "dim",
    }
    table = Table(title=f"verification of {env}")
    for column in ("result", "check", "resource", "expected", "observed", "reason"):
        table.add_column(column, overflow="fold")
    for check in checks:
        table.add_row(
            check.status.value,
            check.id,
            check.resource,
            check.expected,
            check.observed,
            check.reason,
            style=styles[check.status],
        )
    return table


def verification_junit(env: str, checks: "list[Check]") -> str:
    from xml.etree import ElementTree

    from harness.verify.model import Status

    suite = ElementTree.Element(
        "testsuite",
        name=f"verify-{env}",
        tests=str(len(checks)),
        failures=str(sum(c.status is Status.FAIL for c in checks)),
        skipped=str(sum(c.status is Status.NOT_APPLICABLE for c in checks)),
    )
    for check in checks:
        case = ElementTree.SubElement(suite, "testcase", classname=f"verify.{env}", name=check.id)
        detail = f"expected {check.expected}, observed {check.observed}. {check.reason}".strip()
        if check.status is Status.FAIL:
            ElementTree.SubElement(case, "failure", message=detail)
        elif check.status is Status.NOT_APPLICABLE:
            ElementTree.SubElement(case, "skipped", message=check.reason)
        elif check.status is Status.WARN:
            ElementTree.SubElement(case, "system-out").text = f"warning: {detail}"
    return ElementTree.tostring(suite, encoding="unicode")


PLAN_COMMENT_MARKER = "<!-- mealprep-infra plan -->"


def plan_markdown(plans: dict[str, Plan], commit: str = "") -> str:
    """A pull-request comment: per environment, counts by action and type, and every resource
    that would be destroyed or replaced. The marker lets CI update its comment in place."""
    lines = [PLAN_COMMENT_MARKER, "## Terraform plan" + (f" for `{commit[:12]}`" if commit else ""), ""]
    for env, plan in plans.items():
        summary = plan.action_summary()
        totals = ", ".join(f"{sum(summary[a].values())} to {a}" for a in summary)
        doomed = [r for r in plan.managed() if "delete" in r.actions]
        flag = " :warning: destroys or replaces resources" if doomed else ""
        lines += [f"### {env}: {totals}{flag}", ""]
        rows = [(action, kind, count) for action, counter in summary.items()
                for kind, count in sorted(counter.items())]
        if rows:
            lines += ["| action | resource type | count |", "| --- | --- | ---: |"]
            lines += [f"| {action} | `{kind}` | {count} |" for action, kind, count in rows]
        else:
            lines.append("No changes.")
        if doomed:
            lines += ["", "**Destroyed or replaced:**", ""]
            lines += [f"- `{r.address}` ({'/'.join(r.actions)})" for r in doomed]
        lines.append("")
    return "\n".join(lines)
