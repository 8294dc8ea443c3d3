import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FORMS = "<repository>:<tag>, <repository>@sha256:<64 hex digits>, or a tag of the project's registry"


def _cli(
    *args: str, tmp_path: Path, stdin: bytes | None = None, environ: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MEALPREP_STATE_DIR": str(tmp_path),
        "MEALPREP_BUILD_DIR": str(tmp_path / "build"),
        **(environ or {}),
    }
    result = subprocess.run(
        [sys.executable, "-m", "harness", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=60,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode(errors="replace"),
        result.stderr.decode(errors="replace"),
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (("plan", "qa", "--target", "emulator"), "unknown environment 'qa'; valid environments: dev, prod."),
        (("plan", "dev", "--target", "mars"), "unknown target 'mars'; valid targets: aws, emulator."),
        (("verify", "staging"), "unknown environment 'staging'; valid environments: dev, prod."),
        (
            ("destroy", "dev", "--target", "emulator", "--confirm", "prod"),
            "'prod' is not 'dev'; nothing destroyed.",
        ),
        (("apply", "dev", "--target", "mars"), "unknown target 'mars'; valid targets: aws, emulator."),
        (
            ("deploy-app", "dev", "--target", "emulator", "--image", ""),
            "--image is empty; give " + FORMS + ".",
        ),
        (
            ("deploy-app", "dev", "--target", "emulator", "--image", "1.0.0\n"),
            "--image '1.0.0\\n' contains whitespace; give " + FORMS + ".",
        ),
        (
            ("deploy-app", "dev", "--target", "emulator", "--image", "mealprep/api"),
            "--image 'mealprep/api' is not an image reference; give " + FORMS + ".",
        ),
        (
            ("migrate", "dev", "--target", "emulator", "--image", "1.0.0", "--command", "  "),
            "--command is empty; give the migration's command line, e.g. './efbundle'.",
        ),
        (
            ("migrate", "dev", "--target", "emulator", "--image", "1.0.0", "--command", "./efbundle 'x"),
            '--command "./efbundle \'x" does not parse as a command line: No closing quotation.',
        ),
        (
            ("migrate", "dev", "--target", "emulator", "--image", "", "--command", "./efbundle"),
            "--image is empty; give " + FORMS + ".",
        ),
        (
            ("deploy-frontend", "dev", "--target", "emulator", "--dist", "no/such/dist"),
            "--dist no/such/dist does not exist; build the front end first (npm run build).",
        ),
        (
            ("deploy-frontend", "dev", "--target", "emulator", "--dist", "tests/fixtures/spa/assets"),
            "--dist tests/fixtures/spa/assets has no index.html at its top; is it the build's output folder?",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2_before_any_call(tmp_path, args, message):
    result = _cli(*args, tmp_path=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == f"error: {message}"
    assert not (tmp_path / "emulator.json").exists(), "no emulator was started"


AGAIN = "run `make plan ENV=<env>` again."


@pytest.mark.parametrize(
    "content, message",
    [
        (
            '{"format_version": "1.2", "resource_chan',
            "is not JSON (truncated or corrupt at line 1); " + AGAIN,
        ),
        (b"\xff\xfe{}", "is not JSON (truncated or corrupt at line 1); " + AGAIN),
        ("[1, 2]", "is not a terraform plan in JSON (no format_version); " + AGAIN),
        ("{}", "is not a terraform plan in JSON (no format_version); " + AGAIN),
        ('{"format_version": "1.2"}', "has no resource_changes list, so it is no plan of an env; " + AGAIN),
        (
            '{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {}}]}',
            ": resource_changes[0] has no type; " + AGAIN,
        ),
    ],
)
@pytest.mark.parametrize("command", ["plan-comment", "plan-redact"])
def test_a_plan_file_that_is_no_plan_is_one_line_and_exit_1(tmp_path, command, content, message):
    plan = tmp_path / "build" / "dev" / "plan.json"
    plan.parent.mkdir(parents=True)
    plan.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = _cli(command, "dev", tmp_path=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    separator = "" if message.startswith(":") else " "
    assert result.stderr.strip() == f"error: {plan}{separator}{message}"
    assert result.stdout == "", "no comment is printed for a plan that is not one"
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.json"], "nothing written"


def test_plan_comment_takes_env_names_never_paths(tmp_path):
    outside = tmp_path / "outside"
    result = _cli("plan-comment", "dev", f"../../{outside}", tmp_path=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"error: unknown environment '../../{outside}'; valid environments: dev, prod."
    )
    assert not outside.exists() and not (tmp_path / "build").exists(), "no folder was made"


@pytest.mark.parametrize(
    "key, stdin, message",
    [
        (
            "bedrockApiKey",
            b"   \n",
            "no value for bedrockApiKey on standard input (empty or only whitespace)",
        ),
        ("jwtSecret", b"too-short\n", "the value for jwtSecret has 9 characters; it needs at least 32"),
        ("emailApiKey", b"\xc3\x28key", "the value for emailApiKey on standard input is not UTF-8 text"),
    ],
)
def test_secrets_set_refuses_a_bad_value_before_any_call(tmp_path, key, stdin, message):
    result = _cli("secrets", "set", "dev", key, "--target", "emulator", tmp_path=tmp_path, stdin=stdin)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == f"error: {message}; nothing changed."
    assert not (tmp_path / "emulator.json").exists(), "no emulator was started"


def test_an_unknown_aws_profile_does_not_stop_the_emulator_target(tmp_path):
    profile = {"AWS_PROFILE": "no-such-profile", "AWS_DEFAULT_PROFILE": "no-such-profile"}
    try:
        started = _cli("emulator", "start", tmp_path=tmp_path, environ=profile)
        assert started.returncode == 0, started.stderr
        outputs = _cli("doctor", "dev", "--target", "emulator", tmp_path=tmp_path, environ=profile)
        assert outputs.stderr.strip() == "error: dev on emulator has no outputs; apply it first."
        assert outputs.returncode == 1
    finally:
        _cli("emulator", "stop", tmp_path=tmp_path)


def test_usage_errors_exit_2_and_help_lists_the_commands(tmp_path):
    assert _cli("plan", tmp_path=tmp_path).returncode == 2
    listing = _cli("--help", tmp_path=tmp_path)
    for command in (
        "doctor",
        "emulator",
        "plan",
        "apply",
        "verify",
        "destroy",
        "demo",
        "validate",
        "docs",
        "bench",
    ):
        assert command in listing.stdout


def test_make_without_a_target_prints_help():
    result = subprocess.run(
        ["make", "--no-print-directory"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for target in (
        "setup",
        "lint",
        "test",
        "plan",
        "apply",
        "destroy",
        "scan",
        "verify",
        "demo",
        "bench",
        "doctor",
    ):
        assert f"  {target} " in result.stdout, target


def test_the_plan_comment_shows_each_envs_cost_and_its_change_against_the_base(tmp_path):
    import json

    build = tmp_path / "build"
    (build / "dev").mkdir(parents=True)
    (build / "dev" / "plan.json").write_text(json.dumps({"format_version": "1.2", "resource_changes": []}))
    (build / "reports").mkdir()
    head = {
        "env": "dev",
        "monthly_usd": 150.0,
        "budget_usd": 200,
        "resources": [{"address": "a", "monthly_usd": 150.0}],
    }
    (build / "reports" / "cost-dev.json").write_text(json.dumps(head))
    base = tmp_path / "base"
    base.mkdir()
    (base / "cost-dev.json").write_text(
        json.dumps({**head, "monthly_usd": 100.0, "resources": [{"address": "a", "monthly_usd": 100.0}]})
    )

    result = _cli("plan-comment", "dev", "--cost-base", str(base), tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert (
        "Monthly cost (offline estimate, `make cost`): **dev**: $150.00 a month (+$50.00 against the base branch, $100.00); 75% of the $200.00 budget"
        in result.stdout
    )
    assert "| `a` | $100.00 | $150.00 | +$50.00 |" in result.stdout


def test_cost_refuses_a_base_that_is_no_cost_report_before_planning(tmp_path):
    base = tmp_path / "base.json"
    base.write_text("[1, 2]")
    result = _cli("cost", "dev", "--base", str(base), tmp_path=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"error: --base {base}: not a cost report (it needs monthly_usd and resources)."
    )
    result = _cli("cost", "qa", tmp_path=tmp_path)
    assert result.stderr.strip() == "error: unknown environment 'qa'; valid environments: dev, prod."
