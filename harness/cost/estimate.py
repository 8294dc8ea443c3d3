"""An env's monthly estimate from its plan JSON: each managed resource that remains after the
apply, in the region its provider configuration names, priced by its rule."""

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from harness.cost import usage as usage_file
from harness.cost.catalog import Catalog
from harness.cost.pricing import HOURS, RULES, Component, Context
from harness.errors import HarnessError

# Billed through us-east-1 whatever provider manages them.
GLOBAL_SERVICES = {"aws_cloudfront_distribution": "us-east-1", "aws_cloudfront_function": "us-east-1"}
WARN_SHARE = 0.8  # the seed's budget alert threshold
_INDEX = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class Line:
    address: str
    type: str
    region: str
    components: tuple[Component, ...]

    @property
    def monthly(self) -> float:
        return sum(c.monthly for c in self.components)

    @property
    def hourly(self) -> float:
        return sum(c.per_hour or 0.0 for c in self.components)


@dataclass(frozen=True)
class Estimate:
    env: str
    lines: tuple[Line, ...]
    free: tuple[tuple[str, str], ...]  # (address, why it costs nothing)
    budget_usd: float | None

    @property
    def monthly(self) -> float:
        return sum(line.monthly for line in self.lines)

    @property
    def share_of_budget(self) -> float | None:
        return self.monthly / self.budget_usd if self.budget_usd else None

    def largest(self, count: int = 3) -> list[Line]:
        return sorted(self.lines, key=lambda line: -line.monthly)[:count]

    def as_dict(self) -> dict[str, Any]:
        return {
            "env": self.env,
            "monthly_usd": round(self.monthly, 2),
            "budget_usd": self.budget_usd,
            "share_of_budget": None if self.share_of_budget is None else round(self.share_of_budget, 4),
            "hours_per_month": HOURS,
            "resources": [
                {
                    "address": line.address,
                    "type": line.type,
                    "region": line.region,
                    "hourly_usd": round(line.hourly, 4),
                    "monthly_usd": round(line.monthly, 2),
                    "components": [
                        {
                            "name": c.name,
                            "quantity": c.quantity,
                            "unit": c.price.unit,
                            "unit_usd": c.price.usd,
                            "monthly_usd": round(c.monthly, 4),
                            "price": c.price.key,
                            "taken": c.price.taken,
                            "source": c.price.source,
                        }
                        for c in line.components
                    ],
                }
                for line in self.lines
            ],
            "free": [{"address": a, "why": why} for a, why in self.free],
        }


def _regions(raw: dict[str, Any]) -> dict[str, str]:
    """Provider configuration key -> region (a constant, or a root variable)."""
    variables = raw.get("variables") or {}
    found = {}
    for key, config in (raw.get("configuration") or {}).get("provider_config", {}).items():
        region = (config.get("expressions") or {}).get("region") or {}
        if "constant_value" in region:
            found[key] = str(region["constant_value"])
        for reference in region.get("references") or []:
            if reference.startswith("var.") and reference[4:] in variables:
                found[key] = str(variables[reference[4:]]["value"])
    return found


def _providers(module: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Configuration address (no instance keys) -> provider configuration key."""
    found = {prefix + r["address"]: r.get("provider_config_key", "aws") for r in module.get("resources", [])}
    for name, call in (module.get("module_calls") or {}).items():
        found.update(_providers(call.get("module") or {}, f"{prefix}module.{name}."))
    return found


def _remaining(raw: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for change in raw.get("resource_changes") or []:
        detail = change.get("change") or {}
        if change.get("mode", "managed") != "managed" or detail.get("actions") == ["delete"]:
            continue
        found.append((change["address"], change["type"], detail.get("after") or {}))
    return found


def estimate(
    raw: dict[str, Any], env: str, catalog: Catalog | None = None, usage: dict[str, float] | None = None
) -> Estimate:
    catalog = catalog or Catalog.load()
    usage = usage if usage is not None else usage_file.load(env)
    resources = _remaining(raw)
    unpriced = sorted({t for _, t, _ in resources if t not in RULES and t not in catalog.free})
    if unpriced:
        raise HarnessError(
            f"{env}: resource type(s) neither priced nor listed as free: {', '.join(unpriced)}; "
            "add a rule to harness/cost/pricing.py or a line with the reason to cost/free.yaml.",
            1,
        )
    regions, providers = _regions(raw), _providers((raw.get("configuration") or {}).get("root_module") or {})
    primary = regions.get("aws", "")
    expected = ((raw.get("output_changes") or {}).get("expected") or {}).get("after") or {}
    counts = Counter(t for _, t, _ in resources)
    lines, free = [], []
    for address, kind, values in resources:
        if kind not in RULES:
            free.append((address, catalog.free[kind]))
            continue
        region = GLOBAL_SERVICES.get(kind) or regions.get(
            providers.get(_INDEX.sub("", address), "aws"), primary
        )
        context = Context(
            catalog, usage, region, primary, resources, int(expected.get("az_count") or 3), dict(counts)
        )
        lines.append(Line(address, kind, region, tuple(RULES[kind](context, values))))
    budget = (raw.get("variables") or {}).get("budget_limit_usd", {}).get("value")
    return Estimate(env, tuple(lines), tuple(free), float(budget) if budget is not None else None)
