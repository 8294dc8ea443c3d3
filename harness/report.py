"""Render results for people: console tables and JUnit XML."""

import re
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from harness.plan import Plan, ResourceChange

if TYPE_CHECKING:
    from harness.verify.model import Check

_STYLES = {"create": "green", "update": "yellow", "replace": "magenta", "delete": "bold red"}


_SYMBOLS = {"delete": "-", "replace": "-/+", "update": "~", "create": "+"}


def change_lines(plan: Plan) -> list[str]:
    """One line per changing resource, destroys and replacements first: the action, the address,
    and the names of the attributes that change (names only: no value, sensitive or not)."""
    return [_change_line(resource) for resource in plan.changes()]


def _change_line(resource: ResourceChange) -> str:
    forced = set(resource.forces_replacement)
    names = [f"{n} (forces replacement)" if n in forced else n for n in resource.changed]
    detail = f": {', '.join(names)}" if names and resource.action != "create" else ""
    return f"{_SYMBOLS[resource.action]} {resource.address} ({resource.action}){detail}"


def totals(plan: Plan) -> str:
    summary = plan.action_summary()
    return ", ".join(f"{sum(summary[a].values())} to {a}" for a in summary)


def print_plan(console: Console, plan: Plan, title: str) -> None:
    console.print(f"[bold]{title}[/]")
    for resource in plan.changes():
        console.print(
            f"  {_change_line(resource)}", style=_STYLES[resource.action], markup=False, highlight=False
        )
    console.print(f"Plan: {totals(plan)}.")
    doomed = [r.address for r in plan.changes() if r.action in ("delete", "replace")]
    if doomed:
        console.print(f"[bold red]{len(doomed)} resources would be destroyed or replaced (listed first).[/]")
    else:
        console.print("Nothing would be destroyed.")


def short_name(resource: str) -> str:
    """A resource as a reader names it: an ARN's last segment, the first of a list and how many more."""
    items = [item.strip() for item in resource.split(",") if item.strip()]
    if not items:
        return resource
    first = items[0]
    if first.startswith("arn:") and first.count(":") >= 5:
        kind_and_name = re.match(r"[A-Za-z-]+[:/](.+)", first.split(":", 5)[5])
        rest = kind_and_name.group(1) if kind_and_name else first.split(":", 5)[5]
        parts = rest.split("/")
        # loadbalancer/app/<name>/<id>, targetgroup/<name>/<id>, global/webacl/<name>/<id>: the name
        first = parts[-2] if len(parts) >= 2 and re.fullmatch(r"[0-9a-f-]{8,}", parts[-1]) else rest
    return first if len(items) == 1 else f"{first} (+{len(items) - 1})"


def verification_table(env: str, checks: "list[Check]") -> Table:
    """One line per check, readable at 120 columns; the full values are in the JSON report
    (build/reports/verify-ENV.json), and a failure's line in the error that follows the table."""
    from rich.text import Text

    from harness.verify.model import Status

    styles = {
        Status.PASS: "green",
        Status.FAIL: "bold red",
        Status.WARN: "yellow",
        Status.NOT_APPLICABLE: "dim",
    }
    table = Table(title=f"verification of {env}")
    table.add_column("result", no_wrap=True, min_width=6)
    widths = {"check": 34, "resource": 20, "expected": 12, "observed": 12, "reason": 17}
    for column, width in widths.items():
        table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=width)
    for check in checks:
        # Text, not markup: a value like an ARN's `:secret:` must not turn into an emoji.
        cells = (
            check.status.value,
            check.id,
            short_name(check.resource),
            check.expected,
            check.observed,
            check.reason,
        )
        table.add_row(*(Text(cell) for cell in cells), style=styles[check.status])
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
# GitHub refuses a comment body over 65,536 characters.
COMMENT_LIMIT = 65_536


def plan_markdown(
    plans: dict[str, Plan],
    commit: str = "",
    shown: dict[str, str] | None = None,
    limit: int = COMMENT_LIMIT,
    costs: dict[str, str] | None = None,
) -> str:
    """A pull-request comment, the way Atlantis and tfcmt write one: per environment, every
    changing resource with its action and changed attribute names, then `terraform show` in a
    collapsed block, cut to fit GitHub's limit. The marker lets CI update its comment in place."""
    shown = shown or {}
    head = [PLAN_COMMENT_MARKER, "## Terraform plan" + (f" for `{commit[:12]}`" if commit else ""), ""]
    sections = []
    for env, plan in plans.items():
        doomed = any(r.action in ("delete", "replace") for r in plan.changes())
        flag = " :warning: destroys or replaces resources" if doomed else ""
        lines = [f"### {env}: {totals(plan)}{flag}", ""]
        changes = change_lines(plan)
        lines += ["```diff", *changes, "```"] if changes else ["No changes."]
        if costs and env in costs:
            lines += ["", "Monthly cost (offline estimate, `make cost`): " + costs[env]]
        sections.append(lines)
    fixed = len("\n".join(head + [line for section in sections for line in section])) + 400 * len(plans)
    room = max(0, (limit - fixed) // max(1, len(shown)))
    out = list(head)
    for (env, _plan), lines in zip(plans.items(), sections, strict=True):
        out += lines
        if env in shown:
            out += ["", _details(env, shown[env], room)]
        out.append("")
    return "\n".join(out)


def _details(env: str, text: str, room: int) -> str:
    body = text
    note = ""
    if len(body) > room:
        note = (
            f"\n\n_Cut at {room:,} of {len(body):,} characters to fit GitHub's comment limit; the "
            f"whole plan is in the workflow's `plan-{env}` artifact._"
        )
        body = body[:room]
    runs = [len(run) for run in re.findall(r"`+", body)]
    fence = "`" * max(3, max(runs, default=0) + 1)  # a fence the plan text cannot close
    return (
        f"<details><summary><code>terraform show</code> for {env}</summary>\n\n{fence}text\n{body}\n"
        f"{fence}{note}\n</details>"
    )
