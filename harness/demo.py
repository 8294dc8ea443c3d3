"""`make demo`: the main job on the local emulator, with no AWS account.

Start the emulator, apply dev through the same plan-and-apply path as a real deploy, deliver
the app as the pipeline does (push an image, deploy-app by tag, deploy-frontend), verify it,
re-plan to show nothing changes (deploy-app's release included), print the outputs and the
verification table, then destroy and stop the emulator (unless asked to keep them).
"""

import json
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from types import FrameType

from rich.console import Console

from harness import emulator_gaps, images, paths
from harness.deployment import Deployment, Replan
from harness.emulator import Emulator
from harness.errors import HarnessError
from harness.outputs_contract import EnvOutputs
from harness.report import print_plan, verification_table
from harness.verify.model import Check, Status
from harness.verify.runner import write_reports

ENV = "dev"
RELEASE_TAG = "1.0.0"
FRONTEND_BUILD = paths.REPO_ROOT / "tests" / "fixtures" / "spa"
OUTPUTS = (
    "api_endpoint",
    "frontend_url",
    "database_endpoint",
    "database_cluster_name",
    "service_name",
    "distribution_id",
    "alert_topic_arn",
)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI timeout, `kill`): unwind at once and stop the emulator; its state dies with it."""


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated


class Phases:
    """How long each step took; `make bench` reads them from build/reports/demo-phases.json."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - started

    def write(self) -> None:
        path = paths.build_dir("reports") / "demo-phases.json"
        path.write_text(json.dumps({k: round(v, 1) for k, v in self.seconds.items()}, indent=1) + "\n")


def run_demo(console: Console, keep: bool = False) -> None:
    started = time.monotonic()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    phase = Phases()
    emulator = Emulator()
    with phase("start the emulator"):
        state = emulator.start()
    console.print(f"[bold]1. emulator[/] running at {state.url}")
    console.print("   what the emulator lacks (harness/emulator_gaps.py):")
    for gap in emulator_gaps.GAPS:
        how = "switched off" if gap.feature else "checks not applicable"
        console.print(f"   - {gap.name} ({how}): {gap.reason}", highlight=False)
    deployment = Deployment.open(ENV, "emulator", console, emulator=emulator)
    failed = True
    terminated = False
    replan: Replan | None = None
    try:
        with phase("plan"):
            planned = deployment.plan()
        print_plan(console, planned.plan, "2. plan of dev on the emulator")
        deployment.guard(planned)
        console.print("[bold]2. applying[/]")
        with phase("apply"):
            deployment.apply(planned)
            outputs = deployment.outputs()
        console.print(
            "[bold]3. delivering the app[/] as the pipeline does: push, deploy-app, deploy-frontend"
        )
        registry = EnvOutputs.parse(outputs).resources.registry_name
        with phase("deliver the app"):
            digest = images.push_manifest(deployment.target.client("ecr"), registry, RELEASE_TAG)
            pinned, revision = deployment.deploy_image(RELEASE_TAG)
            published = deployment.publish_frontend(FRONTEND_BUILD, prune=True)
        console.print(f"   pushed {registry}:{RELEASE_TAG} ({digest[:19]}…), as CI's docker push would")
        console.print(
            f"   deploy-app {RELEASE_TAG}: the service runs {pinned} ({revision.rsplit('/', 1)[-1]})",
            highlight=False,
        )
        console.print(
            f"   deploy-frontend: {len(published.uploaded)} files published, invalidation "
            f"{published.invalidation} completed",
            highlight=False,
        )
        console.print("[bold]4. verifying[/] and re-planning, side by side (both only read)")

        def verify() -> list[Check]:
            with phase("verify"):
                return deployment.verify(outputs)

        with ThreadPoolExecutor(max_workers=1) as pool:
            verifying = pool.submit(verify)
            with phase("re-plan"):
                replan = deployment.replan()
            checks = verifying.result()
        report, junit = write_reports(ENV, checks)
        console.print("[bold]5. outputs[/]")
        for name in OUTPUTS:
            console.print(f"   {name} = {outputs.get(name)}")
        console.print(verification_table(ENV, checks))
        console.print(f"   reports: {report}, {junit}")
        if replan.changes:
            console.print("[bold red]re-plan shows changes:[/]")
            for item in replan.changes:
                console.print(f"   {item}")
        elif replan.known_drift:
            example = "; ".join(map(str, replan.known_drift[:3]))
            console.print(
                f"[green]re-plan: no changes[/] beyond {len(replan.known_drift)} attributes the "
                f"emulator does not store (harness/emulator_gaps.py), e.g. {example}"
            )
        else:
            console.print("[green]re-plan: no changes (the apply is idempotent)[/]")
        failures = [c.id for c in checks if c.status is Status.FAIL]
        failed = bool(failures or replan.changes)
        if failures:
            console.print(f"[bold red]verification failed:[/] {', '.join(failures)}")
    except Terminated:
        terminated = True
        raise
    finally:
        if terminated:
            console.print("terminated: stopping the emulator (everything applied to it goes with it)")
            emulator.stop()
        elif keep:
            console.print(
                f"KEEP=1: dev stays applied on {state.url}; `make destroy ENV=dev TARGET=emulator` "
                "and `mealprep-infra emulator stop` clean up."
            )
        else:
            console.print("[bold]6. destroying[/] and stopping the emulator")
            try:
                with phase("destroy"):
                    # Not refreshed when the re-plan has just read every resource.
                    deployment.destroy(refresh=replan is None)
            finally:
                with phase("stop the emulator"):
                    emulator.stop()
    phase.write()
    minutes = (time.monotonic() - started) / 60
    steps = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in phase.seconds.items())
    console.print(f"demo finished in {minutes:.1f} minutes ({steps}); logs in {paths.build_dir(ENV)}")
    if failed:
        raise HarnessError("the demo found problems (see above).", exit_code=1)
