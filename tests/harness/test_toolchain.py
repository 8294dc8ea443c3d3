import subprocess
import sys
from pathlib import Path

import pytest

from harness import toolchain
from harness.errors import HarnessError

REPO = Path(__file__).resolve().parents[2]


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def environ(monkeypatch, tmp_path):
    import os

    monkeypatch.setenv("MEALPREP_STATE_DIR", str(tmp_path / "state"))
    return dict(os.environ)


def test_missing_terraform_is_one_line_and_exit_2(environ):
    result = _cli("doctor", env={**environ, "TERRAFORM_BINARY": "/nonexistent"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TERRAFORM_BINARY=/nonexistent is not an executable file" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_too_old_terraform_is_refused(environ, tmp_path):
    fake = tmp_path / "terraform"
    fake.write_text('#!/bin/sh\necho \'{"terraform_version": "1.5.7"}\'\n')
    fake.chmod(0o755)
    result = _cli("doctor", env={**environ, "TERRAFORM_BINARY": str(fake)})
    assert result.returncode == 2
    assert "terraform 1.5.7" in result.stderr and ">= 1.11" in result.stderr


def test_a_named_mirror_without_the_provider_is_refused(environ, tmp_path):
    result = _cli("doctor", env={**environ, "MEALPREP_PROVIDER_MIRROR": str(tmp_path)})
    assert result.returncode == 2
    assert "holds no registry.terraform.io/hashicorp/aws" in result.stderr


def test_doctor_shows_terraform_and_the_provider_source(environ):
    result = _cli("doctor", env=environ)
    assert result.returncode == 0, result.stderr
    tools = toolchain.load()
    assert tools.terraform_version.startswith("1.1")
    assert tools.terraform_version in result.stdout
    assert ("mirror" if tools.mirror else "registry") in result.stdout


def test_a_named_mirror_is_used_and_written_into_the_cli_config(monkeypatch, tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / toolchain.AWS_PROVIDER / "5.100.0" / "linux_amd64").mkdir(parents=True)
    monkeypatch.setenv("MEALPREP_PROVIDER_MIRROR", str(mirror))
    assert toolchain.find_mirror() == mirror
    assert toolchain.provider_versions(mirror) == ("5.100.0",)
    text = toolchain.render_cli_config(mirror, None)
    assert f'path    = "{mirror}"' in text
    assert 'exclude = ["registry.terraform.io/*/*"]' in text
    assert "plugin_cache_dir" not in text


def test_without_a_mirror_the_registry_is_used_unless_one_is_required(monkeypatch, tmp_path):
    monkeypatch.delenv("MEALPREP_PROVIDER_MIRROR", raising=False)
    monkeypatch.delenv("MEALPREP_REQUIRE_MIRROR", raising=False)  # CI sets it
    monkeypatch.setattr(toolchain, "_MIRROR_CANDIDATES", ())
    monkeypatch.setattr(toolchain.Path, "glob", lambda self, pattern: iter(()))
    assert toolchain.find_mirror() is None
    text = toolchain.render_cli_config(None, tmp_path / "cache")
    assert "provider_installation" not in text
    assert f'plugin_cache_dir   = "{tmp_path / "cache"}"' in text
    monkeypatch.setenv("MEALPREP_REQUIRE_MIRROR", "1")
    with pytest.raises(HarnessError, match="no filesystem mirror with hashicorp/aws"):
        toolchain.find_mirror()


def test_every_terraform_call_gets_the_cli_config_and_no_checkpoint():
    env = toolchain.load().env()
    assert Path(env["TF_CLI_CONFIG_FILE"]).is_file()
    if toolchain.load().mirror is None:
        assert Path(env["TF_PLUGIN_CACHE_DIR"]).is_dir()
    else:
        assert "TF_PLUGIN_CACHE_DIR" not in env
    assert env["CHECKPOINT_DISABLE"] == "1"
