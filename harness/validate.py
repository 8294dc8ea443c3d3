"""`terraform validate` of every module and env root; any warning counts as a failure."""

import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from harness import paths
from harness.targets import resolve
from harness.terraform import Terraform


@dataclass(frozen=True)
class Finding:
    root: Path
    severity: str
    text: str


def roots() -> list[Path]:
    found = []
    for parent in ("modules", "envs"):
        base = paths.REPO_ROOT / parent
        if base.is_dir():
            found += sorted(d for d in base.iterdir() if d.is_dir() and any(d.glob("*.tf")))
    return found


_ALIASES = re.compile(r"configuration_aliases\s*=\s*\[([^\]]*)\]")


def provider_aliases(root: Path) -> list[str]:
    """Aliases a module expects from its caller (`configuration_aliases = [aws.dr]`)."""
    found: list[str] = []
    for tf in sorted(root.glob("*.tf")):
        for group in _ALIASES.findall(tf.read_text()):
            found += [a.strip().split(".", 1)[1] for a in group.split(",") if "." in a]
    return found


def shadow(root: Path, aliases: list[str]) -> Path:
    """A copy of the module's folder made of links, plus the provider blocks a caller would pass.

    `terraform validate` cannot run a module that expects aliased providers on its own; in
    the shadow it sees the same files beside empty `provider "aws" { alias = ... }` blocks.
    """
    base = paths.cache_dir("validate", "shadow", root.parent.name)
    for sibling in root.parent.iterdir():
        link = base / sibling.name
        if sibling != root and sibling.is_dir() and not link.exists():
            link.symlink_to(sibling, target_is_directory=True)
    folder = base / root.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for tf in root.glob("*.tf"):
        (folder / tf.name).symlink_to(tf)
    blocks = [f'provider "aws" {{\n  alias = "{alias}"\n}}\n' for alias in aliases]
    (folder / "zz_validate_providers.tf").write_text("\n".join(blocks))
    return folder


def validate_root(root: Path) -> list[Finding]:
    name = root.relative_to(paths.REPO_ROOT).as_posix().replace("/", "-")
    aliases = provider_aliases(root)
    workdir = shadow(root, aliases) if aliases else root
    terraform = Terraform(workdir, resolve("aws"), data_dir=paths.cache_dir("validate", name))
    terraform.run("init", "-input=false", "-no-color", "-backend=false")
    result = terraform.run("validate", "-json", "-no-color", check=False)
    report = json.loads(result.stdout or "{}")
    return [
        Finding(root, d.get("severity", "error"),
                f"{d.get('summary', '')}: {d.get('detail', '')}".strip(": "))
        for d in report.get("diagnostics", [])
    ]


def validate_all(workers: int = 3) -> dict[Path, list[Finding]]:
    targets = roots()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(targets, pool.map(validate_root, targets), strict=True))
