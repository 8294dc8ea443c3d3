"""Each environment's whole plan, resource by resource, as committed in tests/envs/inventories/.

The seed-table test compares dev with prod, so a change to the shared wiring that moves both
the same way passes it; this inventory does not. Regenerate with
`mealprep-infra plantest regen-env ENV` when a change is intended, and read the diff.
"""

from pathlib import Path

import pytest

from harness.plantest import inventory

INVENTORIES = Path(__file__).resolve().parent / "inventories"


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_the_env_plans_exactly_its_inventory(envs, env):
    expected = inventory.load(INVENTORIES / f"{env}.yaml")
    problems = inventory.diff(expected, envs[env].plan)
    assert problems == [], (
        "\n".join(problems[:40]) + f"\n(regenerate: mealprep-infra plantest regen-env {env})"
    )
