import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FORMS = "<repository>:<tag>, <repository>@sha256:<64 hex digits>, or a tag of the project's registry"


def _cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MEALPREP_STATE_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "harness", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
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
