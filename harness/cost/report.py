"""The estimate as a console table, a JSON report, and a pull-request comment section."""

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from harness import paths
from harness.cost.estimate import WARN_SHARE, Estimate


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def budget_line(estimate: Estimate) -> str:
    if estimate.budget_usd is None:
        return f"{estimate.env}: {_usd(estimate.monthly)} a month (no budget in the plan)"
    share = estimate.share_of_budget or 0.0
    return (
        f"{estimate.env}: estimate {_usd(estimate.monthly)} a month is {share:.0%} of its budget "
        f"{_usd(estimate.budget_usd)} (alert at {WARN_SHARE:.0%})"
    )


def print_estimate(console: Console, estimate: Estimate) -> None:
    table = Table(title=f"{estimate.env}: monthly estimate (offline, cost/prices)", title_justify="left")
    for name, justify in (
        ("resource / component", "left"),
        ("quantity", "right"),
        ("unit price", "right"),
        ("hourly", "right"),
        ("monthly", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for line in sorted(estimate.lines, key=lambda item: -item.monthly):
        table.add_row(
            Text(f"{line.address} ({line.region})", style="bold"),
            "",
            "",
            f"{line.hourly:.4f}" if line.hourly else "",
            _usd(line.monthly),
        )
        for c in line.components:
            table.add_row(
                Text(f"  {c.name}"),
                f"{c.quantity:,.4g}",
                Text(f"{c.price.usd:g} per {c.price.unit}"),
                f"{c.per_hour:.4f}" if c.per_hour is not None else "",
                _usd(c.monthly),
            )
    table.add_row(Text("total", style="bold"), "", "", "", Text(_usd(estimate.monthly), style="bold"))
    console.print(table)
    console.print(
        f"{len(estimate.free)} resources cost nothing by themselves (cost/free.yaml).", highlight=False
    )
    console.print(budget_line(estimate), highlight=False)


def write_json(estimate: Estimate, folder: Path | None = None) -> Path:
    path = (folder or paths.build_dir("reports")) / f"cost-{estimate.env}.json"
    path.write_text(json.dumps(estimate.as_dict(), indent=1) + "\n")
    return path


def markdown(current: dict[str, Any], base: dict[str, Any] | None) -> str:
    """infracost's comment, offline: the total against the base branch, then each resource
    whose monthly cost changed."""
    env = current["env"]
    now = float(current["monthly_usd"])
    before = float(base["monthly_usd"]) if base else None
    budget = current.get("budget_usd")
    head = f"**{env}**: {_usd(now)} a month"
    if before is not None:
        head += f" ({_signed(now - before)} against the base branch, {_usd(before)})"
    if budget:
        head += f"; {now / float(budget):.0%} of the {_usd(float(budget))} budget"
    rows = []
    if base is not None:
        old = {r["address"]: float(r["monthly_usd"]) for r in base["resources"]}
        new = {r["address"]: float(r["monthly_usd"]) for r in current["resources"]}
        for address in sorted(set(old) | set(new)):
            delta = new.get(address, 0.0) - old.get(address, 0.0)
            if abs(delta) >= 0.005:
                was, now_usd = _usd(old.get(address, 0.0)), _usd(new.get(address, 0.0))
                rows.append(f"| `{address}` | {was} | {now_usd} | {_signed(delta)} |")
    if not rows:
        return head + ("\n\nNo resource's monthly cost changed." if base is not None else "")
    return "\n".join(
        [head, "", "| resource | before | after | change |", "| --- | ---: | ---: | ---: |", *rows]
    )


def _signed(value: float) -> str:
    return f"{'+' if value >= 0 else '-'}{_usd(abs(value))}"
