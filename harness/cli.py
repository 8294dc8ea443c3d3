"""The command line: parses arguments and calls the library. Errors print one line."""

import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from harness import __version__, paths, toolchain
from harness.emulator import Emulator
from harness.errors import HarnessError, aws_error_line
from harness.progress import spinner

if TYPE_CHECKING:
    from harness.deployment import Deployment
    from harness.scan.gate import GateResult
    from harness.targets import Target
    from harness.verify.model import Check

# A log (CI) is no terminal: rich would squeeze every table into 80 columns.
console = Console(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160)
_DEBUG = {"on": False}
TARGET = click.option("--target", default="aws", show_default=True, help="aws or emulator.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mealprep-infra")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def cli(debug: bool) -> None:
    """Plan, gate, apply and verify the MealPrep stack."""
    _DEBUG["on"] = debug


@cli.command()
@click.argument("env", required=False)
@TARGET
def doctor(env: str | None, target: str) -> None:
    """Without ENV: the toolchain and targets. With ENV: the seed's troubleshooting for it."""
    if env is not None:
        _troubleshoot(env, target)
        return
    tools = toolchain.load()
    table = Table(title="mealprep-infra toolchain", show_lines=False)
    table.add_column("component")
    table.add_column("status")
    table.add_column("detail")
    table.add_row("terraform", tools.terraform_version, str(tools.terraform))
    table.add_row("aws provider", "mirror" if tools.mirror else "registry", tools.provider_source)
    table.add_row("cli config", "written", str(tools.cli_config))
    checkov = toolchain.checkov_binary()
    table.add_row(
        "checkov",
        "installed" if checkov else "missing",
        str(checkov) if checkov else "run `make setup` to create .venv-checkov",
    )
    running = Emulator().status()
    table.add_row(
        "target emulator",
        "running" if running else "stopped",
        running.url if running else "started on demand (`mealprep-infra emulator start`)",
    )
    table.add_row("target aws", "available", "uses the caller's AWS credentials and AWS_REGION")
    console.print(table)


def _troubleshoot(env: str, target: str) -> None:
    from harness.ecs_ops import ApiService, troubleshoot

    chosen, outputs = _applied(env, target)
    report = troubleshoot(chosen, ApiService.from_outputs(outputs), outputs["database_cluster_name"])
    for section, lines in report.items():
        console.print(f"[bold]{section}[/]")
        for line in lines or ["(none)"]:
            console.print(f"  {line}", markup=False)


@cli.group()
def emulator() -> None:
    """Start, stop and inspect the local AWS emulator (moto server on loopback)."""


@emulator.command("start")
def emulator_start() -> None:
    state = Emulator().start()
    console.print(f"emulator running at {state.url} (pid {state.pid})")


@emulator.command("stop")
def emulator_stop() -> None:
    stopped = Emulator().stop()
    console.print("emulator stopped" if stopped else "emulator was not running")


@emulator.command("status")
def emulator_status() -> None:
    state = Emulator().status()
    if state is None:
        console.print("emulator stopped")
        sys.exit(3)
    console.print(f"emulator running at {state.url} (pid {state.pid})")


@emulator.command("reset")
def emulator_reset() -> None:
    Emulator().reset()
    console.print("emulator reset: every resource forgotten")


@cli.group()
def plantest() -> None:
    """Plan-test helpers."""


@plantest.command("regen")
@click.argument("spec_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--scenario", "names", multiple=True, help="Only these scenarios (repeatable).")
def plantest_regen(spec_path: Path, names: tuple[str, ...]) -> None:
    """Rewrite scenario inventories from a fresh plan, when a change is intended."""
    from harness.plantest import inventory, spec
    from harness.plantest.batch import Planner

    loaded = spec.load(spec_path)
    wanted = [s for s in loaded.scenarios if s.error is None and (not names or s.name in names)]
    unknown = set(names) - {s.name for s in loaded.scenarios}
    if unknown:
        raise HarnessError(f"{spec_path}: no scenario named {', '.join(sorted(unknown))}.")
    result = Planner(cache=False).result(loaded)
    for scenario in wanted:
        if scenario.name in result.failures:
            raise HarnessError(result.failures[scenario.name], exit_code=1)
        assert scenario.inventory is not None
        arguments = inventory.configured(result.raw[scenario.name], scenario.module_name)
        scenario.inventory.write_text(inventory.render(result.plans[scenario.name], arguments))
        console.print(f"wrote {scenario.inventory}")


@plantest.command("regen-env")
@click.argument("env")
def plantest_regen_env(env: str) -> None:
    """Rewrite tests/envs/inventories/ENV.yaml from a fresh plan of the env, when a change is intended."""
    from harness.envs import env_root
    from harness.functions import var_file
    from harness.plan import Plan
    from harness.plantest import inventory
    from harness.plantest.batch import Planner

    root = env_root(env)
    raw = Planner(cache=False).plan_root(root, (var_file(),))
    target = paths.REPO_ROOT / "tests" / "envs" / "inventories" / f"{env}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(inventory.render(Plan.from_json(raw), inventory.configured(raw)))
    console.print(f"wrote {target.relative_to(paths.REPO_ROOT)}")


@cli.command("plan-comment")
@click.argument("envs", nargs=-1, required=True)
@click.option("--commit", default="", help="The commit the plans are of, for the heading.")
@click.option(
    "--cost-base",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder with the base branch's cost-ENV.json: each env's estimate shows its change.",
)
def plan_comment(envs: tuple[str, ...], commit: str, cost_base: Path | None) -> None:
    """Print the plans in build/ENV/plan.json as a Markdown pull-request comment, with each env's
    cost estimate (build/reports/cost-ENV.json) where one was made."""
    from harness.envs import env_root
    from harness.plan import Plan, read_plan_json
    from harness.report import plan_markdown

    for env in envs:
        env_root(env)  # a known env name, never a path: nothing is read or made outside build/
    plans, shown = {}, {}
    for env in envs:
        path = paths.build_dir(env) / "plan.json"
        if not path.is_file():
            raise HarnessError(f"{path} does not exist; run `make plan ENV={env}` first.")
        plans[env] = Plan.from_json(read_plan_json(path))
        for name in ("plan.redacted.txt", "plan.txt"):
            if (text := path.with_name(name)).is_file():
                shown[env] = text.read_text()
                break
    costs = {}
    for env in envs:
        current = paths.build_dir("reports") / f"cost-{env}.json"
        if current.is_file():
            from harness.cost.report import markdown

            base = cost_base / f"cost-{env}.json" if cost_base is not None else None
            compared = _cost_report(base) if base is not None and base.is_file() else None
            costs[env] = markdown(_cost_report(current), compared)
    click.echo(plan_markdown(plans, commit, shown, costs=costs))


@cli.command("plan-redact")
@click.argument("env")
def plan_redact(env: str) -> None:
    """Write build/ENV/plan.redacted.json (no value at all) and plan.redacted.txt (`terraform show`
    with every sensitive value masked wherever it appears): safe to upload."""
    import json

    from harness.envs import env_root
    from harness.plan import read_plan_json
    from harness.plan_redact import redact, scrub_text

    env_root(env)
    source = paths.build_dir(env) / "plan.json"
    if not source.is_file():
        raise HarnessError(f"{source} does not exist; run `make plan ENV={env}` first.")
    raw = read_plan_json(source)
    target = source.with_name("plan.redacted.json")
    target.write_text(json.dumps(redact(raw), indent=1))
    click.echo(f"wrote {target.relative_to(paths.REPO_ROOT)}")
    text = source.with_name("plan.txt")
    if text.is_file():
        scrubbed = source.with_name("plan.redacted.txt")
        scrubbed.write_text(scrub_text(text.read_text(), raw))
        click.echo(f"wrote {scrubbed.relative_to(paths.REPO_ROOT)}")


@cli.command()
@click.option("--only", multiple=True, help="Only these mutation ids (repeatable).")
def mutate(only: tuple[str, ...]) -> None:
    """Apply each deliberate breakage to a scratch copy and demand a red plan test; exit 1 below 100 %."""
    import json

    from rich.table import Table

    from harness.mutate import Outcome, as_report, run_all

    def progress(outcome: Outcome) -> None:
        verdict = "caught" if outcome.caught else "[red]NOT caught[/red]"
        console.print(f"{outcome.mutation.id}: {verdict} ({outcome.seconds:.0f} s)")

    outcomes = run_all(only, progress)
    table = Table(title="mutations: each must turn a plan test red")
    for column in ("mutation", "caught", "seconds", "by"):
        table.add_column(column)
    for outcome in outcomes:
        table.add_row(
            outcome.mutation.id,
            "yes" if outcome.caught else "[red]NO[/red]",
            f"{outcome.seconds:.0f}",
            outcome.detail[:90],
        )
    console.print(table)
    report = as_report(outcomes)
    (paths.build_dir("reports") / "mutate.json").write_text(json.dumps(report, indent=2))
    console.print(
        f"caught {report['caught']} of {report['total']} mutations "
        f"({100 * report['caught'] // max(report['total'], 1)} %)"
    )
    if report["caught"] < report["total"]:
        raise HarnessError("some mutations went uncaught: the plan tests have a hole there.", 1)


@cli.command()
@click.option("--rounds", default=1, show_default=True, help="Repeat each plan-test way this many times.")
@click.option(
    "--part",
    "parts",
    multiple=True,
    help="Only these parts: plan-tests, test (a cold make test by phase), demo (by phase). Default: all.",
)
def bench(rounds: int, parts: tuple[str, ...]) -> None:
    """Plan tests per scenario vs batched vs warm, a cold `make test` and `make demo` by phase."""
    from harness.bench import PARTS, run_bench

    run_bench(console, rounds, parts or PARTS)


@cli.command()
@click.option("--check", is_flag=True, help="Only report READMEs whose tables are stale (exit 1).")
def docs(check: bool) -> None:
    """Write each module README's inputs and outputs tables from its HCL."""
    from harness.docs import update

    stale = update(check=check)
    for readme in stale:
        console.print(f"{'stale' if check else 'wrote'}: {readme}")
    if check and stale:
        raise HarnessError(
            f"{len(stale)} module README(s) are stale; run `mealprep-infra docs` and commit.", exit_code=1
        )


@cli.command()
@click.argument("env")
@click.option(
    "--base",
    type=click.Path(path_type=Path),
    help="The base branch's cost-ENV.json: also print the change per resource (the PR comment's table).",
)
def cost(env: str, base: Path | None) -> None:
    """Estimate ENV's monthly bill from its plan, offline; build/reports/cost-ENV.json."""
    import json

    from harness import functions
    from harness.cost.estimate import estimate
    from harness.cost.report import markdown, print_estimate, write_json
    from harness.envs import env_root
    from harness.plantest.batch import Planner

    root = env_root(env)
    compared = _cost_report(base) if base is not None else None
    raw = Planner.from_environment().plan_root(root, (functions.var_file(),))
    priced = estimate(raw, env)
    print_estimate(console, priced)
    path = write_json(priced)
    console.print(
        f"report: {path.relative_to(paths.REPO_ROOT) if path.is_relative_to(paths.REPO_ROOT) else path}"
    )
    if compared is not None:
        console.print(markdown(json.loads(path.read_text()), compared), highlight=False, markup=False)


def _cost_report(path: Path) -> dict[str, Any]:
    import json

    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError, UnicodeDecodeError):
        raise HarnessError(
            f"--base {path}: not a readable cost report (JSON from `mealprep-infra cost`)."
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("resources"), list) or "monthly_usd" not in raw:
        raise HarnessError(f"--base {path}: not a cost report (it needs monthly_usd and resources).")
    return raw


@cli.command()
def package() -> None:
    """Build the functions' packages (reproducible zips of functions/<name>/) and their variable file."""
    from harness import functions

    path = functions.var_file().relative_to(paths.REPO_ROOT)
    for item in functions.build_all().values():
        where = item.path.relative_to(paths.REPO_ROOT)
        console.print(f"{item.name}: {where} {item.base64sha256}", highlight=False)
    console.print(
        f"plain terraform in envs/<env>: -var-file=../../{path} (the harness passes it)", highlight=False
    )


@cli.command()
def validate() -> None:
    """terraform validate every module and env, and unused declarations (tflint's rule); warnings fail."""
    from harness.progress import spinner
    from harness.unused import unused
    from harness.validate import validate_all

    with spinner(console, "terraform validate: every module and env"):
        results = validate_all()
    for root in results:
        results[root] = [*results[root], *unused(root)]
    bad = 0
    for root, findings in results.items():
        for finding in findings:
            bad += 1
            console.print(f"[red]{finding.severity}[/] {root.name}: {finding.text}")
    console.print(f"validated {len(results)} roots: {bad} warnings or errors")
    if bad:
        raise HarnessError(f"terraform validate reported {bad} warnings or errors.", exit_code=1)


@cli.command()
@click.argument("env")
@TARGET
def plan(env: str, target: str) -> None:
    """Plan ENV into build/ENV/tfplan and build/ENV/plan.json, and summarise it."""
    from harness.deployment import Deployment
    from harness.report import print_plan

    deployment = Deployment.open(env, target, console)
    planned = deployment.plan()
    print_plan(console, planned.plan, f"{env} on {deployment.target.name}")
    console.print(f"wrote {planned.planfile}, {planned.plan_json} and {planned.plan_text}")


@cli.command()
def scan() -> None:
    """Compliance gate: checkov on the HCL and the env plans; reports in build/reports/scan.*."""
    from harness.scan import gate

    _run_gate(gate.run(progress=console), refused="")


def _run_gate(result: "GateResult", refused: str) -> None:
    from harness.scan.gate import policy_ids
    from harness.scan.reports import print_result, write_reports

    print_result(console, result, policy_ids())
    written = write_reports(result, paths.build_dir("reports"))
    names = ", ".join(
        str(p.relative_to(paths.REPO_ROOT) if p.is_relative_to(paths.REPO_ROOT) else p) for p in written
    )
    console.print(f"reports: {names}", highlight=False)
    if not result.passed:
        over = [b.line for b in result.budgets if b.over]
        why = f" (over budget: {'; '.join(over)})" if over else ""
        fix = "fix the findings above or suppress them with a reason"
        raise HarnessError(f"the compliance gate failed{refused}{why}; {fix}.", exit_code=1)


@cli.command()
@click.argument("env")
@TARGET
def verify(env: str, target: str) -> None:
    """Check the live ENV against what its outputs and state promise; write build/reports/verify-ENV.*."""
    _print_verification(env, _deployment(env, target).verify())


@cli.command()
@click.argument("env")
@TARGET
def drift(env: str, target: str) -> None:
    """What changed outside Terraform in ENV (refresh-only plan), plus verify.

    Exit 0 when clean, 1 on drift, 2 on error."""
    from harness.drift import detect, write

    try:
        report = detect(_deployment(env, target))
    except HarnessError as exc:
        raise HarnessError(exc.message, exit_code=2) from None
    except Exception as exc:
        line = aws_error_line(exc)
        if line is None:
            raise
        raise HarnessError(line, exit_code=2) from None
    table = Table(title=f"drift of {env} on {target}", show_lines=False)
    for column in ("resource", "attribute", "what"):
        table.add_column(column, overflow="fold")
    for item in report.changed:
        table.add_row(Text(item.address), Text(item.path), Text("changed outside Terraform", style="red"))
    for item, who in report.owned:
        table.add_row(Text(item.address), Text(item.path), Text(f"owned elsewhere: {who}"))
    for item in report.emulator:
        table.add_row(
            Text(item.address), Text(item.path), Text("known emulator drift (harness/emulator_gaps.py)")
        )
    console.print(table)
    for check in report.failed:
        line = f"FAIL {check.id} on {check.resource}: expected {check.expected}, seen {check.observed}."
        console.print(line, style="red", markup=False, highlight=False)
    console.print(f"report: {write(report)}", highlight=False)
    if report.drifted:
        raise HarnessError(report.summary() + ".", exit_code=1)
    console.print(report.summary(), style="green", highlight=False)


@cli.command("restore-drill")
@click.argument("env")
@TARGET
@click.option(
    "--timeout",
    default=3600,
    show_default=True,
    type=click.IntRange(60),
    help="Seconds to wait for the restored cluster (and again for its deletion).",
)
def restore_drill(env: str, target: str, timeout: int) -> None:
    """Restore ENV's latest database snapshot into a temporary cluster, check and delete it (RTO, RPO)."""
    from harness.restore_drill import run_drill, write

    deployment = _deployment(env, target)
    pause = 0.5 if deployment.target.is_emulator else 30.0
    with spinner(console, f"restore drill of {env} on {target} (bounded at {timeout} s)"):
        report = run_drill(env, deployment.target, deployment.outputs(), timeout=float(timeout), pause=pause)
    path = write(report)
    console.print(
        f"recovery point {report.recovery_point} ({report.recovery_point_time}): RPO {report.rpo_seconds} s; "
        f"restored as {report.temporary_cluster}: RTO {report.rto_seconds} s",
        highlight=False,
    )
    for name, ok in report.checks.items():
        console.print(f"  {'pass' if ok else 'FAIL'}  {name}", highlight=False)
    if report.s3_object:
        console.print(f"  s3 object: {report.s3_object}", highlight=False, markup=False)
    console.print(f"temporary cluster deleted: {report.cleaned_up}; report: {path}", highlight=False)
    if not report.passed:
        raise HarnessError(
            f"the restore drill of {env} failed: {report.error or 'a check failed'}", exit_code=1
        )


def _print_verification(env: str, checks: "list[Check]") -> None:
    from harness.report import verification_table
    from harness.verify.model import Status
    from harness.verify.runner import write_reports

    console.print(verification_table(env, checks))
    for check in checks:
        if check.status is Status.FAIL:
            line = f"FAIL {check.id} on {check.resource}: expected {check.expected}, seen {check.observed}."
            console.print(f"{line} {check.reason}".rstrip(), style="red", markup=False, highlight=False)
    report, junit = write_reports(env, checks)
    console.print(f"reports: {report}, {junit}")
    failures = [c.id for c in checks if c.status is Status.FAIL]
    if failures:
        raise HarnessError(f"verification of {env} failed: {', '.join(failures)}", exit_code=1)


def _deployment(env: str, target: str) -> "Deployment":
    """An applied env on its target (one line and exit 1 if it has no outputs)."""
    from harness.deployment import Deployment

    deployment = Deployment.open(env, target, console)
    if not deployment.outputs():
        raise HarnessError(f"{env} on {target} has no outputs; apply it first.", exit_code=1)
    return deployment


def _applied(env: str, target: str) -> "tuple[Target, dict[str, Any]]":
    """The target and the terraform outputs of an applied env (one line and exit 1 if none)."""
    from harness.deployment import Deployment

    deployment = Deployment.open(env, target, console)
    outputs = deployment.outputs()
    if not outputs:
        raise HarnessError(f"{env} on {target} has no outputs; apply it first.", exit_code=1)
    return deployment.target, outputs


def _confirmed(question: str) -> bool:
    if os.environ.get("AUTO_APPROVE") == "1" or os.environ.get("CI") == "true":
        return True
    return click.confirm(question, default=False)


@cli.command()
@click.argument("env")
@TARGET
@click.option(
    "--verify/--no-verify",
    "then_verify",
    default=True,
    show_default=True,
    help="Verify after applying; CI verifies once, after the release is delivered.",
)
def apply(env: str, target: str, then_verify: bool) -> None:
    """Gate, plan ENV to a saved file, show it, confirm, apply exactly that plan, then verify."""
    from harness import envs
    from harness.deployment import Deployment
    from harness.report import print_plan
    from harness.scan import gate
    from harness.targets import TARGETS

    envs.env_root(env)  # an unknown env or target fails before the gate spends its time
    if target not in TARGETS:
        raise HarnessError(f"unknown target '{target}'; valid targets: {', '.join(TARGETS)}.")
    _run_gate(gate.run(progress=console), refused=f": {env} is not applied")
    deployment = Deployment.open(env, target, console)
    planned = deployment.plan()
    print_plan(console, planned.plan, f"{env} on {deployment.target.name}")
    deployment.guard(planned)
    if not _confirmed(f"Apply this plan to {env} on {target}?"):
        raise HarnessError("not applied.", exit_code=1)
    deployment.apply(planned)
    if rolled := deployment.roll_configuration(planned):
        console.print(f"the running release now uses the new task definition: {rolled}", highlight=False)
    if then_verify:
        _print_verification(env, deployment.verify())


@cli.command()
@click.argument("env")
@TARGET
@click.option("--confirm", "confirmation", default=None, help="The environment name again.")
def destroy(env: str, target: str, confirmation: str | None) -> None:
    """Destroy ENV; asks for its name again unless --confirm ENV names it."""
    from harness import envs
    from harness.deployment import Deployment

    envs.env_root(env)
    if confirmation is None:
        confirmation = click.prompt(f"Type the environment name ({env}) to destroy it on {target}")
    if confirmation != env:
        raise HarnessError(f"'{confirmation}' is not '{env}'; nothing destroyed.", exit_code=2)
    Deployment.open(env, target, console).destroy()
    console.print(f"{env} destroyed on {target}")


@cli.command("deploy-app")
@click.argument("env")
@click.option(
    "--image", required=True, help="A tag of the project's registry, or <repository>:<tag> / @sha256:."
)
@click.option("--allow-external-image", is_flag=True, help="Deploy an image from another registry, as given.")
@TARGET
def deploy_app(env: str, image: str, allow_external_image: bool, target: str) -> None:
    """Roll the API onto an image by digest: a revision of Terraform's template, bounded wait, rollback."""
    from harness import envs, images

    envs.env_root(env)
    images.parse(image, "<registry>")  # a malformed reference fails before any call
    deployment = _deployment(env, target)
    pinned, revision = deployment.deploy_image(image, allow_external_image)
    why = deployment.target.lacks("containers")
    waited = f" (not waited for: {why})" if why else ", stable"
    console.print(f"{env} now runs {pinned} as {revision}{waited}", highlight=False)


@cli.command()
@click.argument("env")
@click.option(
    "--image", required=True, help="The migration image (an EF Core bundle, say), like deploy-app's."
)
@click.option("--command", "command", required=True, help="e.g. './efbundle --connection \"$CONN\"'.")
@click.option("--allow-external-image", is_flag=True, help="Run an image from another registry, as given.")
@TARGET
def migrate(env: str, image: str, command: str, allow_external_image: bool, target: str) -> None:
    """Run a migration image as a one-off task (private subnets, the master secret); exit with its code."""
    from harness import envs, images
    from harness.ecs_ops import migration_command

    envs.env_root(env)
    arguments = migration_command(command)
    images.parse(image, "<registry>")
    pinned, code = _deployment(env, target).run_migration(image, arguments, allow_external_image)
    console.print(f"migration ({pinned}) exited with {code}", highlight=False)
    sys.exit(code)


@cli.command("deploy-frontend")
@click.argument("env")
@click.option(
    "--dist", required=True, type=click.Path(path_type=Path), help="The React build's output folder."
)
@click.option("--prune", is_flag=True, help="Remove files the new build no longer has (after the upload).")
@TARGET
def deploy_frontend(env: str, dist: Path, prune: bool, target: str) -> None:
    """Publish the front end to the frontend/ prefix (assets immutable first, index.html last), invalidate."""
    from harness import envs
    from harness.frontend import plan_uploads

    envs.env_root(env)
    plan_uploads(dist)  # a missing, empty or index-less build fails before any call
    published = _deployment(env, target).publish_frontend(dist, prune)
    console.print(
        f"{env}: published {len(published.uploaded)} files, removed {len(published.pruned)}, "
        f"invalidation {published.invalidation} completed",
        highlight=False,
    )


@cli.group()
def secrets() -> None:
    """The app secret (<env>/mealprep/app-secrets)."""


@secrets.command("set")
@click.argument("env")
@click.argument("key")
@TARGET
def secrets_set(env: str, key: str, target: str) -> None:
    """Set KEY of ENV's app secret from standard input (never echoed, never in Terraform state)."""
    from harness import envs
    from harness.app_secrets import read_value, set_key

    envs.env_root(env)
    if sys.stdin.isatty():
        typed = click.prompt(f"{key}", hide_input=True, confirmation_prompt=True)
        value = read_value(key, typed.encode("utf-8", "surrogateescape"))
    else:
        value = read_value(key, sys.stdin.buffer.read())
    chosen, outputs = _applied(env, target)
    from harness.outputs_contract import EnvOutputs

    arn = EnvOutputs.parse(outputs).app_secret_arn
    version = set_key(chosen.client("secretsmanager"), str(arn), key, value)
    console.print(f"set {key} in {arn} (version {version})")


@cli.command()
@click.option("--keep", is_flag=True, envvar="KEEP", help="Leave dev applied and the emulator running.")
def demo(keep: bool) -> None:
    """Apply dev to the local emulator, verify, re-plan, show outputs, destroy."""
    from harness.demo import run_demo

    run_demo(console, keep=keep)


@cli.command("demo-soak")
@click.option("--runs", default=10, show_default=True, type=click.IntRange(1, 50), help="Demo runs in a row.")
@click.option(
    "--timeout",
    default=900,
    show_default=True,
    type=click.IntRange(60),
    help="Seconds before a run counts as hung.",
)
def demo_soak(runs: int, timeout: int) -> None:
    """Run the demo RUNS times in a row, each as a new process; report how many finished cleanly."""
    from harness.demo_soak import run_soak

    run_soak(console, runs, float(timeout))


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        console.print("aborted", style="red")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except HarnessError as exc:
        if _DEBUG["on"]:
            traceback.print_exc()
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        line = aws_error_line(exc)
        if line is None or _DEBUG["on"]:
            raise
        click.echo(f"error: {line}", err=True)
        sys.exit(1)
