import re
from pathlib import Path
from typing import Any

ENVS = Path(__file__).resolve().parents[2] / "envs"

INDEX = re.compile(r"\[[^\]]*\]")


def differences(left: dict[str, dict[str, Any]], right: dict[str, dict[str, Any]]) -> set[tuple[str, str]]:
    """(resource without index, attribute) pairs that differ between two plans' values;
    attribute `*` where the resource exists on one side only."""
    found = set()
    for address in set(left) | set(right):
        resource = INDEX.sub("", address)
        if address not in left or address not in right:
            found.add((resource, "*"))
            continue
        for attribute in set(left[address]) | set(right[address]):
            if left[address].get(attribute) != right[address].get(attribute):
                found.add((resource, attribute))
    return found
