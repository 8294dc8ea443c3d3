"""Every module README's usage example plans, in the style of cloud-foundation-fabric's
tested examples: one root holds them all (harness/plantest/examples.py)."""

import os
import shutil
import subprocess

import pytest

from harness import paths, toolchain
from harness.errors import HarnessError
from harness.plan import Plan
from harness.plantest import examples


@pytest.fixture(scope="module")
def planned(planner) -> tuple[dict[str, str], Plan]:
    folder = paths.build_dir("readme-examples")
    labels = examples.write_root(folder)
    return labels, Plan.from_json(planner.plan_root(folder))


@pytest.mark.parametrize("module", [m.name for m in examples.modules()])
def test_the_readme_example_plans_and_creates_the_module(planned, module):
    example = examples.example(examples.MODULES / module)
    formatted = subprocess.run(
        [str(toolchain.load().terraform), "fmt", "-"],
        input=example,
        text=True,
        capture_output=True,
        env={**os.environ, "TF_CLI_CONFIG_FILE": os.devnull},
    )
    assert formatted.stdout == example, (
        f"modules/{module}/README.md: the example is not `terraform fmt` clean"
    )
    labels, plan = planned
    created = [r for r in plan.managed() if r.address.startswith(f"module.{labels[module]}.")]
    assert created, f"the README example of modules/{module} plans no resource"
    assert all(r.actions == ("create",) for r in created)


def test_a_broken_example_fails_the_plan_and_names_its_file(planner):
    folder = paths.build_dir("readme-examples-broken")
    labels = examples.write_root(folder)
    broken = folder / "network.example.tf"
    broken.write_text(broken.read_text().replace("nat_gateway_mode", "nat_mode"))
    assert labels["network"] == "network"
    try:
        with pytest.raises(
            HarnessError, match=r"Unsupported argument .*nat_mode.* \(network\.example\.tf line \d+\)"
        ):
            planner.plan_root(folder)
    finally:
        shutil.rmtree(folder)  # a broken copy must not linger in build/


def test_a_readme_without_an_example_is_one_line(tmp_path):
    (tmp_path / "README.md").write_text("# modules/x\n\nno example\n")
    with pytest.raises(HarnessError, match="has no ```hcl usage example"):
        examples.example(tmp_path)
