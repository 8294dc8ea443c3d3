"""One environment on one target, and the steps of a deploy: plan, guard, apply, verify, re-plan, destroy.

`cli apply`, `make demo` and the e2e tests are each a short sequence of calls on a
`Deployment`; the root, the backend, the terraform runner and the variable files are resolved
once, here. Everything it writes goes to build/<env>/ (the compliance gate plans into files
of its own, build/scan/).
"""

import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from harness import emulator_drift, emulator_gaps, envs, functions, paths
from harness.errors import HarnessError
from harness.plan import Plan
from harness.progress import ChangeProgress, spinner
from harness.targets import Target, resolve
from harness.terraform import Terraform
from harness.tfstate import State, pulled_outputs

if TYPE_CHECKING:
    from harness.ecs_ops import ApiService
    from harness.emulator import Emulator
    from harness.frontend import Published
    from harness.verify.model import Check

# Upper bound of an unattended apply or destroy; the emulator's slowest run takes about 4 minutes.
UNATTENDED_TIMEOUT = 30 * 60

# The emulator answers at once: its slowest resource (the ALB's waiter) takes about 60 s, so one
# still in flight after three times that is stuck, not slow. Against AWS a cluster may take 20 min.
EMULATOR_STALL = 180.0

# Most of an apply on the emulator is the provider's fixed waits (a KMS key's propagation
# checks, the load balancer's 30 s delay, a lifecycle's 55 s of consistency reads), not requests:
# more of them overlap. Against AWS, terraform's default of 10 stays (API rate limits).
EMULATOR_PARALLELISM = 40

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
        self.terraform = Terraform(
            self.root,
            target,
            data_dir=envs.data_dir(env, target),
            parallelism=EMULATOR_PARALLELISM if target.is_emulator else None,
        )
        # The functions' packages, built now; on the emulator, its declared gaps switched off.
        self.apply_vars: tuple[Path, ...] = (functions.var_file(),) + (
            (emulator_gaps.write_var_file(self.build),) if target.is_emulator else ()
        )
        self._stall_after = EMULATOR_STALL if target.is_emulator else None
        self._initialised = False
        self._outputs: dict[str, Any] | None = None

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

    def plan(self) -> PlannedEnv:
        """A saved plan of what an apply to this target would do: on the emulator, without what it
        lacks (harness/emulator_gaps.py); the compliance gate plans the full configuration apart."""
        self.init()
        planfile = self.build / "tfplan"
        with spinner(self.console, f"planning {self.env} on {self.target.name}"):
            self.terraform.plan(planfile, var_files=self.apply_vars)
            # Two readers of the same file: each spends most of its time loading the provider.
            with ThreadPoolExecutor(max_workers=1) as pool:
                shown = pool.submit(self.terraform.run, "show", "-no-color", str(planfile))
                raw = self.terraform.show_json(planfile)
                text = shown.result().stdout
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
        self._outputs = None
        functions.check_planned(planned.plan, self.root)
        with ChangeProgress(
            self.console, f"applying {self.env}", planned.plan.change_steps(), stall_after=self._stall_after
        ) as progress:
            self.terraform.run_json(
                "apply",
                "-input=false",
                "-auto-approve",
                str(planned.planfile),
                on_message=progress,
                log=self.build / "apply.log",
                timeout=UNATTENDED_TIMEOUT,
            )

    def _pinned(self, image: str, allow_external: bool) -> "tuple[ApiService, str]":
        from harness import images
        from harness.ecs_ops import ApiService

        images.parse(image, "<registry>")  # a malformed reference fails before any call
        service = ApiService.from_outputs(self.outputs())
        ref = images.parse(image, service.registry_url)
        return service, images.pin(self.target.client("ecr"), ref, service.registry_url, allow_external)

    def deploy_image(self, image: str, allow_external: bool = False) -> tuple[str, str]:
        """`deploy-app`: the image pinned by digest in the project's registry, rolled out on a
        revision of Terraform's template; (pinned image, revision)."""
        from harness.ecs_ops import deploy_app

        service, pinned = self._pinned(image, allow_external)
        with spinner(self.console, f"deploying {pinned}"):
            return pinned, deploy_app(self.target, service, pinned)

    def run_migration(
        self, image: str, arguments: list[str], allow_external: bool = False
    ) -> tuple[str, int]:
        """`migrate`: the migration image, pinned the same way, as a one-off task; (image, exit code)."""
        from harness.ecs_ops import migrate

        service, pinned = self._pinned(image, allow_external)
        with spinner(self.console, f"running the migration {pinned}"):
            return pinned, migrate(self.target, service, pinned, arguments)

    def publish_frontend(self, dist: Path, prune: bool = False) -> "Published":
        """`deploy-frontend`: the build to the frontend/ prefix, then a CloudFront invalidation."""
        from harness.frontend import plan_uploads, publish
        from harness.outputs_contract import EnvOutputs

        plan_uploads(dist)  # a missing, empty or index-less build fails before any call
        parsed = EnvOutputs.parse(self.outputs())
        return publish(
            self.target.client("s3"),
            self.target.client("cloudfront"),
            parsed.resources.storage_bucket,
            parsed.distribution_id,
            dist,
            prune=prune,
            progress=lambda line: self.console.print(f"   {line}", highlight=False, markup=False),
        )

    TEMPLATE = "module.service.aws_ecs_task_definition.api"

    def roll_configuration(self, planned: PlannedEnv) -> str | None:
        """After an apply that rewrote the API's task definition template, put the running release
        (its image, by digest) onto the new template, so configuration reaches the service and the
        image is never rolled back. Nothing to do before the first release, or when the template
        did not change."""
        from harness import images
        from harness.ecs_ops import ApiService, deploy_app, running_image

        changed = any(
            r.address == self.TEMPLATE and r.action in ("update", "replace", "create")
            for r in planned.plan.changes()
        )
        if not changed:
            return None
        service = ApiService.from_outputs(self.outputs())
        image = running_image(self.target.client("ecs"), service)
        if not images.in_registry(image, service.registry_url):
            return None  # no release yet: the service still runs Terraform's first image
        with spinner(self.console, f"re-deploying {image} onto the new task definition"):
            return deploy_app(self.target, service, image)

    def outputs(self) -> dict[str, Any]:
        """Terraform's outputs, read once between applies (each read is a terraform run)."""
        if self._outputs is None:
            self.init()
            self._outputs = pulled_outputs(self.terraform.pull_state())
        return dict(self._outputs)

    def state(self) -> State:
        self.init()
        return State.from_pulled(self.terraform.pull_state())

    def verify(
        self, outputs: dict[str, Any] | None = None, read_only: bool = False, state: State | None = None
    ) -> "list[Check]":
        """`read_only`: run as an identity that may read configuration but no data (drift's plan
        role); a read it is denied is then not applicable, with that reason, not a crash."""
        from harness.verify.runner import verify

        with spinner(self.console, f"verifying {self.env} on {self.target.name}"):
            return verify(
                self.env,
                self.target,
                self.outputs() if outputs is None else outputs,
                self.state() if state is None else state,
                read_only=read_only,
            )

    def refresh_plan(self) -> dict[str, Any]:
        """A refresh-only plan's JSON: what changed outside Terraform, nothing proposed."""
        self.init()
        planfile = self.build / "drift.tfplan"
        with spinner(self.console, f"refreshing {self.env} on {self.target.name}"):
            self.terraform.plan(planfile, var_files=self.apply_vars, refresh_only=True)
            return self.terraform.show_json(planfile)

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

    def destroy(self, refresh: bool = True) -> None:
        """`refresh=False` only right after something read every resource (the demo's re-plan):
        the destroy then starts at once instead of reading them all again."""
        self.init()
        self._outputs = None
        with ChangeProgress(
            self.console, f"destroying {self.env}", stall_after=self._stall_after
        ) as progress:
            self.terraform.run_json(
                "destroy",
                "-input=false",
                "-auto-approve",
                *([] if refresh else ["-refresh=false"]),
                *[f"-var-file={p}" for p in self.apply_vars],
                on_message=progress,
                log=self.build / "destroy.log",
                timeout=UNATTENDED_TIMEOUT,
            )
