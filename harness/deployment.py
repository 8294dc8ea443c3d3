"""One environment on one target, and the steps of a deploy: plan, guard, apply, verify, re-plan, destroy.

`cli apply`, `make demo` and the e2e tests are each a short sequence of calls on a
`Deployment`; the root, the backend, the terraform runner and the variable files are resolved
once, here. Everything it writes goes to build/<env>/ (the compliance gate plans into files
of its own, build/scan/).
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from harness import emulator_drift, emulator_gaps, envs, paths
from harness.errors import HarnessError
from harness.plan import Plan
from harness.progress import ChangeProgress, spinner
from harness.targets import Target, resolve
from harness.terraform import Terraform

if TYPE_CHECKING:
    from harness.emulator import Emulator
    from harness.verify.model import Check

# Upper bound of an unattended apply or destroy; the emulator's slowest run takes about 4 minutes.
UNATTENDED_TIMEOUT = 30 * 60

# Resources whose destruction loses data; a plan that destroys one needs ALLOW_DESTROY=1.
STATEFUL = frozenset(
    {
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        "aws_s3_bucket",
        "aws_secretsmanager_secret",
        "aws_backup_vault",
        "aws_kms_key",
        "aws_elasticache_replication_group",
        "aws_cloudtrail",
    }
)


def stateful_destroys(plan: Plan) -> list[str]:
    return [r.address for r in plan.destroyed() if r.type in STATEFUL]


@dataclass(frozen=True)
class PlannedEnv:
    planfile: Path
    plan_json: Path
    plan_text: Path
    plan: Plan


@dataclass(frozen=True)
class Replan:
    known_drift: list[emulator_drift.Drift]
    changes: list[emulator_drift.Drift]


class Deployment:
    def __init__(self, env: str, target: Target, console: Console | None = None) -> None:
        self.env = env
        self.root = envs.env_root(env)
        self.target = target
        self.console = console or Console(quiet=True)
        self.build = paths.build_dir(env)
        self.terraform = Terraform(self.root, target, data_dir=envs.data_dir(env, target))
        # What an apply leaves out on this target: the emulator's declared gaps, switched off.
        self.apply_vars: tuple[Path, ...] = (
            (emulator_gaps.write_var_file(self.build),) if target.is_emulator else ()
        )
        self._initialised = False

    @classmethod
    def open(
        cls, env: str, target_name: str, console: Console | None = None, emulator: "Emulator | None" = None
    ) -> "Deployment":
        """The env is checked before the target is touched (no emulator starts for a typo)."""
        envs.env_root(env)
        return cls(env, resolve(target_name, emulator=emulator), console)

    def init(self) -> "Deployment":
        if not self._initialised:
            with spinner(self.console, f"init {self.env} on {self.target.name}"):
                self.terraform.init(backend_config=envs.backend_config(self.env, self.target))
            self._initialised = True
        return self

    def plan(self, for_apply: bool = True) -> PlannedEnv:
        """A saved plan. One made to be applied leaves out what the target lacks; one for review
        (`for_apply=False`) shows the environment exactly as configured, whatever the target."""
        self.init()
        planfile = self.build / "tfplan"
        with spinner(self.console, f"planning {self.env} on {self.target.name}"):
            self.terraform.plan(planfile, var_files=self.apply_vars if for_apply else ())
            raw = self.terraform.show_json(planfile)
            text = self.terraform.run("show", "-no-color", str(planfile)).stdout
        plan_json = self.build / "plan.json"
        plan_json.write_text(json.dumps(raw, indent=1))
        plan_text = self.build / "plan.txt"
        plan_text.write_text(text)
        return PlannedEnv(planfile, plan_json, plan_text, Plan.from_json(raw))

    def guard(self, planned: PlannedEnv) -> None:
        doomed = stateful_destroys(planned.plan)
        if doomed and os.environ.get("ALLOW_DESTROY") != "1":
            raise HarnessError(
                f"refusing to destroy stateful resources ({', '.join(doomed)}); "
                "set ALLOW_DESTROY=1 if that is intended.",
                exit_code=1,
            )

    def apply(self, planned: PlannedEnv) -> None:
        self.init()
        with ChangeProgress(self.console, f"applying {self.env}", planned.plan.change_steps()) as progress:
            self.terraform.run_json(
                "apply",
                "-input=false",
                "-auto-approve",
                str(planned.planfile),
                on_message=progress,
                log=self.build / "apply.log",
                timeout=UNATTENDED_TIMEOUT,
            )

    def outputs(self) -> dict[str, Any]:
        self.init()
        return self.terraform.output()

    def verify(self, outputs: dict[str, Any] | None = None) -> "list[Check]":
        from harness.verify.runner import verify

        with spinner(self.console, f"verifying {self.env} on {self.target.name}"):
            return verify(self.env, self.target, self.outputs() if outputs is None else outputs)

    def replan(self) -> Replan:
        """A fresh plan of the applied env (refreshing from the target), split into the drift
        the emulator is declared to cause and every other change."""
        self.init()
        planfile = self.build / "replan.tfplan"
        with spinner(self.console, f"re-planning {self.env} on {self.target.name}"):
            self.terraform.plan(planfile, var_files=self.apply_vars)
            raw = self.terraform.show_json(planfile)
        if not self.target.is_emulator:
            return Replan([], emulator_drift.drift(raw))
        return Replan(*emulator_drift.split(raw))

    def destroy(self) -> None:
        self.init()
        with ChangeProgress(self.console, f"destroying {self.env}") as progress:
            self.terraform.run_json(
                "destroy",
                "-input=false",
                "-auto-approve",
                *[f"-var-file={p}" for p in self.apply_vars],
                on_message=progress,
                log=self.build / "destroy.log",
                timeout=UNATTENDED_TIMEOUT,
            )
