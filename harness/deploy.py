"""Plan, apply, re-plan and destroy an environment root against a target, writing build/<env>/."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import envs, paths
from harness.errors import HarnessError
from harness.plan import Plan
from harness.targets import Target, resolve
from harness.terraform import Terraform, first_error

# The one documented variable set that switches off what the emulator cannot do.
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


def plan_env(name: str, target_name: str, stream: bool = True, for_apply: bool = False) -> PlannedEnv:
    """Plan an env. A plan made to be applied to the emulator leaves out what it cannot create;
    a plan for review shows the environment exactly as configured, whatever the target."""
    envs.env_root(name)  # an unknown env fails before any emulator or API call
    target = resolve(target_name)
    terraform = terraform_for(name, target)
    terraform.init(backend_config=envs.backend_config(name, target), stream=False)
    out = paths.build_dir(name)
    planfile = out / "tfplan"
    terraform.plan(planfile, var_files=var_files(target) if for_apply else (), stream=stream)
    raw = terraform.show_json(planfile)
    plan_json = out / "plan.json"
    plan_json.write_text(json.dumps(raw, indent=1))
    return PlannedEnv(name, target, planfile, plan_json, Plan.from_json(raw))


# Upper bound of an unattended apply or destroy; the emulator's slowest run takes about 4 minutes.
UNATTENDED_TIMEOUT = 30 * 60

# Resources whose destruction loses data; a plan that destroys one needs ALLOW_DESTROY=1.
STATEFUL = frozenset({
    "aws_rds_cluster", "aws_rds_cluster_instance", "aws_s3_bucket", "aws_secretsmanager_secret",
    "aws_backup_vault", "aws_kms_key", "aws_elasticache_replication_group", "aws_cloudtrail",
})


def stateful_destroys(plan: Plan) -> list[str]:
    return [r.address for r in plan.destroyed() if r.type in STATEFUL]


def apply_planned(planned: PlannedEnv, stream: bool = True) -> None:
    terraform = terraform_for(planned.name, planned.target)
    if stream:
        terraform.apply(planned.planfile)
        return
    log = planned.planfile.parent / "apply.log"
    result = terraform.run("apply", "-input=false", "-auto-approve", "-no-color", str(planned.planfile),
                           check=False, timeout=UNATTENDED_TIMEOUT)
    log.write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        raise HarnessError(f"terraform apply of {planned.name} failed: {first_error(result.stderr)} "
                           f"(full log: {log})", exit_code=1)


def outputs(name: str, target: Target) -> dict[str, Any]:
    return terraform_for(name, target).output()


def replan(name: str, target: Target) -> dict[str, Any]:
    """A fresh plan of an applied env (refreshing from the target), as plan JSON."""
    terraform = terraform_for(name, target)
    planfile = paths.build_dir(name) / "replan.tfplan"
    terraform.plan(planfile, var_files=var_files(target))
    return terraform.show_json(planfile)


def destroy_env(name: str, target: Target, stream: bool = True) -> None:
    terraform = terraform_for(name, target)
    terraform.init(backend_config=envs.backend_config(name, target), stream=False)
    if stream:
        terraform.destroy(var_files=var_files(target))
        return
    result = terraform.run("destroy", "-input=false", "-auto-approve", "-no-color",
                           *[f"-var-file={p}" for p in var_files(target)], check=False,
                           timeout=UNATTENDED_TIMEOUT)
    (paths.build_dir(name) / "destroy.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        raise HarnessError(f"terraform destroy of {name} failed: {first_error(result.stderr)}", exit_code=1)
