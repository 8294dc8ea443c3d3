"""The price catalog (cost/prices/<region>.yaml) and the list of free resource types (cost/free.yaml)."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from harness import paths
from harness.errors import HarnessError

FOLDER = paths.REPO_ROOT / "cost"
_FIELDS = ("usd", "unit", "taken", "source")
_OPTIONAL = ("offer",)


@dataclass(frozen=True)
class Price:
    key: str
    region: str
    usd: float
    unit: str
    taken: str
    source: str


def _price(path: Path, region: str, key: str, raw: Any) -> Price:
    if not isinstance(raw, dict) or any(raw.get(f) in (None, "") for f in _FIELDS):
        raise HarnessError(f"{path}: price {key} needs {', '.join(_FIELDS)}.", 1)
    extra = sorted(set(raw) - set(_FIELDS) - set(_OPTIONAL))
    if extra:  # a comma in a flow-style value splits it into keys of their own
        raise HarnessError(f"{path}: price {key} has unknown fields {extra}; quote values with commas.", 1)
    usd = raw["usd"]
    if isinstance(usd, bool) or not isinstance(usd, int | float) or usd < 0:
        raise HarnessError(f"{path}: price {key} usd must be a number, 0 or more; it is {usd!r}.", 1)
    taken = raw["taken"]
    if not isinstance(taken, date):
        raise HarnessError(f"{path}: price {key} taken must be a date (YYYY-MM-DD); it is {taken!r}.", 1)
    return Price(key, region, float(usd), str(raw["unit"]), taken.isoformat(), str(raw["source"]))


@dataclass(frozen=True)
class Catalog:
    prices: dict[tuple[str, str], Price]
    free: dict[str, str]

    @classmethod
    def load(cls, folder: Path = FOLDER) -> "Catalog":
        prices: dict[tuple[str, str], Price] = {}
        for path in sorted((folder / "prices").glob("*.yaml")):
            raw = yaml.safe_load(path.read_text()) or {}
            region = raw.get("region")
            if region != path.stem:
                raise HarnessError(
                    f"{path}: region must be {path.stem!r}, the file's name; it is {region!r}.", 1
                )
            for key, entry in (raw.get("prices") or {}).items():
                prices[(region, key)] = _price(path, region, key, entry)
        free_raw = yaml.safe_load((folder / "free.yaml").read_text()) or {}
        free = {str(k): str(v) for k, v in (free_raw.get("free") or {}).items()}
        return cls(prices, free)

    def price(self, region: str, key: str) -> Price:
        found = self.prices.get((region, key))
        if found is None:
            known = sorted(k for r, k in self.prices if r == region and k.split(".")[0] == key.split(".")[0])
            hint = f"; {region} has {', '.join(known)}" if known else ""
            raise HarnessError(f"no price {key} for {region} in {FOLDER}/prices/{region}.yaml{hint}.", 1)
        return found
