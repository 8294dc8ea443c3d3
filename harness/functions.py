"""Deployment packages of the Lambda functions in functions/, built deterministically.

Same sources, same bytes, same hash: entries in sorted order, a fixed timestamp and mode,
stored without compression (so no zlib version can change the bytes), no caches. The env roots
take each package's file and base64 SHA-256 from the variable file written here
(`function_packages`); the hash is in the reviewed plan, and `check_planned` refuses an apply
whose package no longer matches it.

Packages live in <repo>/build/functions/ whatever MEALPREP_BUILD_DIR says: their path is part
of the plan, so it must be the same in every checkout and run; concurrent runs write identical
bytes, each by an atomic rename.
"""

import base64
import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from harness import paths
from harness.errors import HarnessError
from harness.plan import Plan

SOURCES = paths.REPO_ROOT / "functions"
PACKAGES = paths.REPO_ROOT / "build" / "functions"
# Relative to an env root (envs/<env>), where terraform runs.
_FROM_ENV_ROOT = Path("..") / ".." / "build" / "functions"
_EPOCH = (1980, 1, 1, 0, 0, 0)
_SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".mypy_cache"}


@dataclass(frozen=True)
class Package:
    name: str
    path: Path
    base64sha256: str

    @property
    def filename(self) -> str:
        """The file as the env roots name it."""
        return (_FROM_ENV_ROOT / self.path.name).as_posix()


def base64sha256(path: Path) -> str:
    return base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def _sources(folder: Path) -> list[Path]:
    files = [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not _SKIPPED_DIRS.intersection(p.relative_to(folder).parts)
        and p.suffix not in (".pyc", ".pyo")
    ]
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def names() -> list[str]:
    return sorted(p.name for p in SOURCES.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def build(name: str, out: Path = PACKAGES) -> Package:
    folder = SOURCES / name
    if not folder.is_dir():
        raise HarnessError(f"no function '{name}' in {SOURCES}; functions: {', '.join(names()) or 'none'}.")
    files = _sources(folder)
    if not files:
        raise HarnessError(f"function '{name}' has no source files in {folder}.", 1)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.zip"
    scratch = target.with_suffix(f".{os.getpid()}.tmp")
    with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in files:
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=_EPOCH)
            entry.external_attr = 0o100644 << 16
            entry.create_system = 3  # Unix, so the mode above is read as such everywhere
            archive.writestr(entry, path.read_bytes(), compress_type=zipfile.ZIP_STORED)
    scratch.replace(target)
    return Package(name, target, base64sha256(target))


def build_all(out: Path = PACKAGES) -> dict[str, Package]:
    return {name: build(name, out) for name in names()}


def var_file(out: Path = PACKAGES) -> Path:
    """Build every package and write the env roots' `function_packages` variable file."""
    packages = build_all(out)
    path = out / "packages.tfvars.json"
    value = {name: {"filename": p.filename, "base64sha256": p.base64sha256} for name, p in packages.items()}
    scratch = path.with_suffix(f".{os.getpid()}.tmp")
    scratch.write_text(json.dumps({"function_packages": value}, indent=2, sort_keys=True) + "\n")
    scratch.replace(path)
    return path


def check_planned(plan: Plan, root: Path) -> None:
    """Each function the plan creates or updates ships the package whose hash the plan holds."""
    for resource in plan.managed():
        if resource.type != "aws_lambda_function" or not resource.remains:
            continue
        filename, planned = resource.values.get("filename"), resource.values.get("source_code_hash")
        if not isinstance(filename, str) or not isinstance(planned, str):
            continue
        path = (root / filename).resolve()
        if not path.is_file():
            raise HarnessError(f"{resource.address}: its package {path} is missing; plan again.", 1)
        if base64sha256(path) != planned:
            raise HarnessError(f"{resource.address}: {path} changed after the plan; plan again.", 1)
