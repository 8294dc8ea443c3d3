"""`terraform validate` of every module and env root; any warning counts as a failure."""

import json
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


def validate_root(root: Path) -> list[Finding]:
    name = root.relative_to(paths.REPO_ROOT).as_posix().replace("/", "-")
    terraform = Terraform(root, resolve("aws"), data_dir=paths.cache_dir("validate", name))
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
