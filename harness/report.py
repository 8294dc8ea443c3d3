"""Render results for people: console tables, and Markdown for PR comments."""

from rich.console import Console
from rich.table import Table

from harness.plan import Plan

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


def plan_markdown(plan: Plan, title: str) -> str:
    summary = plan.action_summary()
    lines = [f"### {title}", "", "| action | resource type | count |", "| --- | --- | ---: |"]
    for action, counter in summary.items():
        lines += [f"| {action} | `{t}` | {n} |" for t, n in sorted(counter.items())]
    doomed = [r.address for r in plan.managed() if "delete" in r.actions]
    lines += ["", "**Destroyed or replaced:** " + (", ".join(f"`{a}`" for a in doomed) or "none")]
    return "\n".join(lines) + "\n"
