"""`terraform validate` of every module and env root; any warning counts as a failure."""

import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from harness import paths
from harness.shadow import shadow
from harness.targets import resolve
from harness.terraform import Terraform


@dataclass(frozen=True)
class Finding:
    root: Path
    severity: str
    text: str


def roots() -> list[Path]:
    """Every module, and every env root (a folder with its own terraform.tfvars)."""
    modules = paths.REPO_ROOT / "modules"
    envs = paths.REPO_ROOT / "envs"
    found = sorted(d for d in modules.iterdir() if d.is_dir() and any(d.glob("*.tf")))
    if envs.is_dir():
        found += sorted(d for d in envs.iterdir() if (d / "terraform.tfvars").is_file())
    return found


_ALIASES = re.compile(r"configuration_aliases\s*=\s*\[([^\]]*)\]")


def provider_aliases(root: Path) -> list[str]:
    """Aliases a module expects from its caller (`configuration_aliases = [aws.dr]`)."""
    found: list[str] = []
    for tf in sorted(root.glob("*.tf")):
        for group in _ALIASES.findall(tf.read_text()):
            found += [a.strip().split(".", 1)[1] for a in group.split(",") if "." in a]
    return found


def validate_root(root: Path) -> list[Finding]:
    name = root.relative_to(paths.REPO_ROOT).as_posix().replace("/", "-")
    aliases = provider_aliases(root)
    # Modules are validated in a shadow copy made of links: `init` writes no lock file into
    # them, and a module that expects aliased providers gets the blocks a caller would pass.
    blocks = "\n".join(f'provider "aws" {{\n  alias = "{alias}"\n}}\n' for alias in aliases)
    is_module = root.parent.name == "modules"
    workdir = shadow(root, {"zz_validate_providers.tf": blocks}, f"validate-{name}") if is_module else root
    data = paths.cache_dir("validate", paths.checkout_id(), name)
    terraform = Terraform(workdir, resolve("aws"), data_dir=data)
    terraform.run("init", "-input=false", "-no-color", "-backend=false")
    result = terraform.run("validate", "-json", "-no-color", check=False)
    report = json.loads(result.stdout or "{}")
    return [
        Finding(
            root, d.get("severity", "error"), f"{d.get('summary', '')}: {d.get('detail', '')}".strip(": ")
        )
        for d in report.get("diagnostics", [])
    ]


def validate_all(workers: int = 3) -> dict[Path, list[Finding]]:
    targets = roots()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(targets, pool.map(validate_root, targets), strict=True))
