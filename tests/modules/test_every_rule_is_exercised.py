"""Every module has plan scenarios, and every validation rule a scenario that trips it."""

from pathlib import Path

import hcl2
import pytest
from hcl2 import SerializationOptions

from harness.plantest import spec as specs

REPO = Path(__file__).resolve().parents[2]
MODULES = sorted(d for d in (REPO / "modules").iterdir() if (d / "variables.tf").is_file())
_HCL = SerializationOptions(strip_string_quotes=True, explicit_blocks=False)


def _messages(module: Path) -> list[str]:
    found = []
    for block in hcl2.loads((module / "variables.tf").read_text(), serialization_options=_HCL).get(
        "variable", []
    ):
        for body in block.values():
            for rule in body.get("validation", []):
                found.append(str(rule["error_message"]))
    return found


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_module_has_passing_scenarios_and_one_error_scenario_per_rule(module):
    spec_path = REPO / "tests" / "modules" / module.name / "tftest.yaml"
    assert spec_path.is_file(), f"modules/{module.name} has no plan tests"
    spec = specs.load(spec_path)
    assert spec.module == module
    assert any(s.error is None for s in spec.scenarios), "no scenario that plans"
    expected_errors = [s.error for s in spec.scenarios if s.error]
    untested = [m for m in _messages(module) if not any(e in m for e in expected_errors)]
    assert untested == [], f"validation rules with no error scenario: {untested}"
