"""`make demo`: the main job on the local emulator, with no AWS account.

Start the emulator, apply dev through the same plan-and-apply path as a real deploy,
verify it, re-plan to show nothing changes, print the outputs and the verification
table, then destroy and stop the emulator (unless asked to keep them).
"""

import re
import time

from rich.console import Console

from harness import deploy, emulator_drift, paths
from harness.emulator import Emulator
from harness.errors import HarnessError
from harness.report import print_plan, verification_table
from harness.targets import resolve
from harness.verify.model import Status
from harness.verify.runner import verify, write_reports

ENV = "dev"
_GAP_LINE = re.compile(r"^\s*(\w+)\s*=\s*false\s*#\s*(.+)$")


def emulator_gaps() -> list[tuple[str, str]]:
    """(feature, reason) for every switch envs/emulator.tfvars turns off."""
    return [(m.group(1), m.group(2).strip()) for line in deploy.EMULATOR_VARS.read_text().splitlines()
            if (m := _GAP_LINE.match(line))]


def run_demo(console: Console, keep: bool = False) -> None:
    started = time.monotonic()
    emulator = Emulator()
    state = emulator.start()
    console.print(f"[bold]1. emulator[/] running at {state.url}")
    console.print("   switched off on the emulator (envs/emulator.tfvars):")
    for feature, reason in emulator_gaps():
        console.print(f"   - {feature}: {reason}")
    failed = True
    try:
        planned = deploy.plan_env(ENV, "emulator", stream=False, for_apply=True)
        print_plan(console, planned.plan, "2. plan of dev on the emulator")
        refused = deploy.stateful_destroys(planned.plan)
        if refused:
            raise HarnessError(f"the plan would destroy stateful resources: {', '.join(refused)}", 1)
        console.print("[bold]2. applying[/] (the provider waits on every resource; a few minutes)")
        deploy.apply_planned(planned, stream=False)
        outputs = deploy.outputs(ENV, planned.target)
        console.print("[bold]3. verifying[/]")
        checks = verify(ENV, planned.target, outputs)
        report, junit = write_reports(ENV, checks)
        known_drift, changes = emulator_drift.split(deploy.replan(ENV, planned.target))
        console.print("[bold]4. outputs[/]")
        for name in ("api_endpoint", "frontend_url", "database_endpoint", "database_cluster_name",
                     "service_name", "distribution_id", "alert_topic_arn"):
            console.print(f"   {name} = {outputs.get(name)}")
        console.print(verification_table(ENV, checks))
        console.print(f"   reports: {report}, {junit}")
        if changes:
            console.print("[bold red]re-plan shows changes:[/]")
            for item in changes:
                console.print(f"   {item}")
        elif known_drift:
            example = "; ".join(map(str, known_drift[:3]))
            console.print(f"[green]re-plan: no changes[/] beyond {len(known_drift)} attributes the emulator "
                          f"does not store (harness/emulator_drift.py), e.g. {example}")
        else:
            console.print("[green]re-plan: no changes (the apply is idempotent)[/]")
        failures = [c.id for c in checks if c.status is Status.FAIL]
        failed = bool(failures or changes)
        if failures:
            console.print(f"[bold red]verification failed:[/] {', '.join(failures)}")
    finally:
        if keep:
            console.print(f"KEEP=1: dev stays applied on {state.url}; `make destroy ENV=dev TARGET=emulator` "
                          "and `mealprep-infra emulator stop` clean up.")
        else:
            console.print("[bold]5. destroying[/] and stopping the emulator")
            try:
                deploy.destroy_env(ENV, resolve("emulator"), stream=False)
            finally:
                emulator.stop()
    minutes = (time.monotonic() - started) / 60
    console.print(f"demo finished in {minutes:.1f} minutes; logs in {paths.build_dir(ENV)}")
    if failed:
        raise HarnessError("the demo found problems (see above).", exit_code=1)
