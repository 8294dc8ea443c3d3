"""Plan (and later apply) an environment root against a target, writing build/<env>/."""

import json
from dataclasses import dataclass
from pathlib import Path

from harness import envs, paths
from harness.plan import Plan
from harness.targets import Target, resolve
from harness.terraform import Terraform

# One documented variable set switches off what the emulator cannot do (see envs/README.md).
EMULATOR_VARS = paths.REPO_ROOT / "envs" / "emulator.tfvars"


@dataclass(frozen=True)
class PlannedEnv:
    name: str
    target: Target
    planfile: Path
    plan_json: Path
    plan: Plan


def terraform_for(name: str, target: Target) -> Terraform:
    return Terraform(envs.env_root(name), target, data_dir=envs.data_dir(name, target))


def var_files(target: Target) -> tuple[Path, ...]:
    return (EMULATOR_VARS,) if target.is_emulator and EMULATOR_VARS.is_file() else ()


def plan_env(name: str, target_name: str, stream: bool = True) -> PlannedEnv:
    envs.env_root(name)  # an unknown env fails before any emulator or API call
    target = resolve(target_name)
    terraform = terraform_for(name, target)
    terraform.init(backend_config=envs.backend_config(name, target), stream=False)
    out = paths.build_dir(name)
    planfile = out / "tfplan"
    terraform.plan(planfile, var_files=var_files(target), stream=stream)
    raw = terraform.show_json(planfile)
    plan_json = out / "plan.json"
    plan_json.write_text(json.dumps(raw, indent=1))
    return PlannedEnv(name, target, planfile, plan_json, Plan.from_json(raw))
