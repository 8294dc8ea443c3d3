"""Find terraform and the AWS provider, write the CLI config, build the terraform environment."""

import contextlib
import fcntl
import functools
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from harness import paths
from harness.errors import HarnessError

MIN_TERRAFORM = (1, 11)
AWS_PROVIDER = Path("registry.terraform.io", "hashicorp", "aws")

# Terraform's implied local mirror folders, plus where machine images tend to unpack one.
_MIRROR_CANDIDATES = (
    Path("/opt/tf-plugins"),
    Path("/usr/share/terraform/plugins"),
    Path("/usr/local/share/terraform/plugins"),
    Path.home() / ".terraform.d" / "plugins",
    Path.home() / ".local" / "share" / "terraform" / "plugins",
)


@dataclass(frozen=True)
class Toolchain:
    terraform: Path
    terraform_version: str
    mirror: Path | None
    provider_versions: tuple[str, ...]
    cli_config: Path
    plugin_cache: Path | None

    @property
    def provider_source(self) -> str:
        if self.mirror is None:
            return "registry.terraform.io (network)"
        return f"filesystem mirror {self.mirror} (aws {', '.join(self.provider_versions)})"

    def env(self) -> dict[str, str]:
        """Variables every terraform call gets, on top of the target's."""
        env = {
            "TF_CLI_CONFIG_FILE": str(self.cli_config),
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
        }
        if self.plugin_cache is not None:
            env["TF_PLUGIN_CACHE_DIR"] = str(self.plugin_cache)
        return env


def _parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("-")[0].split(".") if part.isdigit())


def find_terraform() -> tuple[Path, str]:
    named = os.environ.get("TERRAFORM_BINARY")
    if named:
        binary = Path(named)
        if not (binary.is_file() and os.access(binary, os.X_OK)):
            raise HarnessError(
                f"TERRAFORM_BINARY={named} is not an executable file; "
                "point it at terraform >= 1.11 or unset it to use PATH."
            )
    else:
        found = shutil.which("terraform")
        if found is None:
            raise HarnessError(
                "terraform was not found on PATH; install terraform >= 1.11 "
                "or set TERRAFORM_BINARY to its path."
            )
        binary = Path(found)
    try:
        out = subprocess.run(
            [str(binary), "version", "-json"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            env={**os.environ, "CHECKPOINT_DISABLE": "1"},
        ).stdout
        version = str(json.loads(out)["terraform_version"])
    except (subprocess.SubprocessError, OSError, ValueError, KeyError) as exc:
        raise HarnessError(f"{binary} did not report a terraform version ({exc}).") from exc
    if _parse_version(version)[:2] < MIN_TERRAFORM:
        raise HarnessError(f"terraform {version} at {binary} is too old; this repo needs >= 1.11.")
    return binary, version


def provider_versions(mirror: Path) -> tuple[str, ...]:
    root = mirror / AWS_PROVIDER
    if not root.is_dir():
        return ()
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir()))


def find_mirror() -> Path | None:
    """The provider mirror named by MEALPREP_PROVIDER_MIRROR, else one found on this machine."""
    named = os.environ.get("MEALPREP_PROVIDER_MIRROR")
    if named:
        mirror = Path(named)
        if not provider_versions(mirror):
            raise HarnessError(
                f"MEALPREP_PROVIDER_MIRROR={named} holds no {AWS_PROVIDER}/<version>/ folder; "
                "point it at a filesystem mirror or unset it."
            )
        return mirror
    candidates = [*_MIRROR_CANDIDATES, *sorted(Path("/opt").glob("*"))]
    for candidate in candidates:
        if provider_versions(candidate):
            return candidate
    if os.environ.get("MEALPREP_REQUIRE_MIRROR") == "1":
        raise HarnessError(
            "no filesystem mirror with hashicorp/aws was found and MEALPREP_REQUIRE_MIRROR=1; "
            "set MEALPREP_PROVIDER_MIRROR to a folder holding registry.terraform.io/hashicorp/aws."
        )
    return None


def render_cli_config(mirror: Path | None, plugin_cache: Path | None) -> str:
    lines = ["# Written by the mealprep-infra harness; do not edit."]
    if plugin_cache is not None:
        lines.append(f'plugin_cache_dir   = "{plugin_cache}"')
    lines.append("disable_checkpoint = true")
    if mirror is not None:
        lines += [
            "provider_installation {",
            "  filesystem_mirror {",
            f'    path    = "{mirror}"',
            '    include = ["registry.terraform.io/*/*"]',
            "  }",
            "  direct {",
            '    exclude = ["registry.terraform.io/*/*"]',
            "  }",
            "}",
        ]
    return "\n".join(lines) + "\n"


@functools.cache
def load() -> Toolchain:
    terraform, version = find_terraform()
    mirror = find_mirror()
    state = paths.state_dir()
    # An init from an unpacked filesystem mirror links the package straight into the root's
    # .terraform, so with a mirror there is nothing to cache. A shared cache would be worse than
    # useless: an init of a root without a lock file reinstalls the package into the cache
    # (unlink, relink), and a plan or validate reading it through another root at that moment
    # fails with "there is no package ... cached". Downloads from the registry are cached.
    plugin_cache = None if mirror is not None else state / "plugin-cache"
    if plugin_cache is not None:
        plugin_cache.mkdir(exist_ok=True)
    cli_config = state / "terraform.rc"
    text = render_cli_config(mirror, plugin_cache)
    if not cli_config.exists() or cli_config.read_text() != text:
        # Parallel test workers may race here: write aside, then rename atomically.
        scratch = cli_config.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text(text)
        scratch.replace(cli_config)
    return Toolchain(
        terraform=terraform,
        terraform_version=version,
        mirror=mirror,
        provider_versions=provider_versions(mirror) if mirror else (),
        cli_config=cli_config,
        plugin_cache=plugin_cache,
    )


@contextlib.contextmanager
def init_lock() -> Iterator[None]:
    """One `terraform init` at a time while a plugin cache is shared (no mirror).

    Parallel inits (test workers, parallel validate) that install into the same cache can
    fail with "Error while importing hashicorp/aws from the shared cache directory".
    """
    if load().plugin_cache is None:
        yield
        return
    with (paths.state_dir() / "terraform-init.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def checkov_binary() -> Path | None:
    candidate = paths.REPO_ROOT / ".venv-checkov" / "bin" / "checkov"
    return candidate if candidate.exists() else None
