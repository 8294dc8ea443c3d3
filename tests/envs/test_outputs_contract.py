"""Both envs' outputs provide every field the harness reads (harness/outputs_contract.py),
checked from the plans, so that a renamed output fails here rather than in a live run."""

import dataclasses
from typing import get_type_hints

import pytest

from harness.outputs_contract import EnvOutputs, field_names


def _missing(kind: type, planned: dict, where: str = "") -> list[str]:
    hints = get_type_hints(kind)
    missing = []
    for name in field_names(kind):
        if name not in planned:
            missing.append(f"{where}{name}")
        elif dataclasses.is_dataclass(hints[name]):
            missing += _missing(hints[name], planned[name], f"{where}{name}.")
    return missing


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_the_env_outputs_provide_every_field_of_the_contract(envs, env):
    assert _missing(EnvOutputs, envs[env].plan.outputs) == []


def test_a_renamed_output_is_named():
    assert _missing(EnvOutputs, {"resources": {"vpc": "x"}, "expected": {}})[:2] == [
        "api_endpoint",
        "frontend_url",
    ]
    assert "resources.vpc_id" in _missing(EnvOutputs, {"resources": {"vpc": "x"}, "expected": {}})
