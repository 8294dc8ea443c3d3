"""What every cached result depends on besides its own files: the tools that produced it.

The plan-test cache and the end-to-end recordings reuse a result only when nothing that
shapes it has changed. Besides the Terraform files (hashed by each cache), that is: the
whole harness package (it writes the roots, runs terraform, serves the emulator), the
provider version Terraform actually selects, Terraform's version, the committed lock files,
and the installed versions of the emulator and the AWS SDK.
"""

import functools
import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

from harness import paths, toolchain
from harness.errors import HarnessError

PACKAGES = ("moto", "boto3", "botocore")
HARNESS = Path(__file__).resolve().parent
_LOCK_VERSION = re.compile(r'provider "registry\.terraform\.io/hashicorp/aws" \{\s*version\s*=\s*"([^"]+)"')


def tree_digest(top: Path, suffixes: frozenset[str] = frozenset({".py"})) -> str:
    """Every file of `top` with one of `suffixes`, by path and content (caches skipped)."""
    digest = hashlib.sha256()
    for path in sorted(top.rglob("*")):
        relative = path.relative_to(top)
        if path.is_file() and path.suffix in suffixes and "__pycache__" not in relative.parts:
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def lock_files() -> list[Path]:
    return sorted((paths.REPO_ROOT / "envs").glob("*/.terraform.lock.hcl"))


def package_versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


@functools.cache
def selected_provider_version() -> str:
    """The hashicorp/aws version `terraform init` picks for the modules' constraint.

    With a filesystem mirror that is the newest version there; without one, the registry
    decides, so a scratch root is initialised once per process and its lock file read.
    """
    tools = toolchain.load()
    if tools.provider_versions:
        return tools.provider_versions[-1]
    from harness.targets import Target
    from harness.terraform import Terraform

    scratch = paths.cache_dir("fingerprint", "provider")
    (scratch / "main.tf").write_text(
        'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
        '      version = ">= 5.100, < 6.0"\n    }\n  }\n}\n'
    )
    Terraform(scratch, Target(name="aws", region="us-west-2")).run(
        "init", "-input=false", "-no-color", "-backend=false"
    )
    match = _LOCK_VERSION.search((scratch / ".terraform.lock.hcl").read_text())
    if match is None:
        raise HarnessError(f"terraform init in {scratch} recorded no hashicorp/aws version.", 1)
    return match.group(1)


def environment() -> dict[str, object]:
    tools = toolchain.load()
    return {
        "terraform": tools.terraform_version,
        "provider": selected_provider_version(),
        "packages": package_versions(),
        "harness": tree_digest(HARNESS),
        "locks": {
            p.relative_to(paths.REPO_ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in lock_files()
        },
    }


@functools.cache
def environment_digest() -> str:
    """Computed once per process: the inputs it covers do not change under a running test."""
    return hashlib.sha256(json.dumps(environment(), sort_keys=True).encode()).hexdigest()


def repo_digest(names: tuple[str, ...], suffixes: frozenset[str]) -> str:
    """The repository paths `names` (files or folders, by path and content) plus the environment."""
    digest = hashlib.sha256(environment_digest().encode())
    for name in names:
        top = paths.REPO_ROOT / name
        if top.is_file():
            digest.update(name.encode() + b"\0" + top.read_bytes() + b"\0")
        elif top.is_dir():
            digest.update(name.encode() + b"\0" + tree_digest(top, suffixes).encode())
    return digest.hexdigest()
