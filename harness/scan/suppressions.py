"""Suppressions: inline `#checkov:skip=ID:reason` comments, and the project file
`policies/suppressions.yaml` for what an inline comment cannot scope (one resource of a shared
module, one environment). Every suppression needs a reason and must still match a finding."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from harness import paths
from harness.scan.checkov import NO_REASON, Finding

SUPPRESSIONS_FILE = paths.REPO_ROOT / "policies" / "suppressions.yaml"

_SKIP = re.compile(r"#\s*checkov:skip=([A-Za-z0-9_]+)(?::(.*))?")
_BLOCK = re.compile(r'^\s*(resource|data|module)\s+"([^"]+)"(?:\s+"([^"]+)")?')
_INDEX = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class InlineSkip:
    file: str  # repo-relative
    line: int
    check_id: str
    reason: str
    block: str  # the resource, data source or module the comment sits in

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class FileSuppression:
    index: int
    check_id: str
    resource: str
    scans: tuple[str, ...]
    reason: str

    def matches(self, finding: Finding) -> bool:
        return (
            finding.check_id == self.check_id
            and finding.source in self.scans
            and _INDEX.sub("", finding.resource) == _INDEX.sub("", self.resource)
        )

    @property
    def where(self) -> str:
        return f"{SUPPRESSIONS_FILE.relative_to(paths.REPO_ROOT)} entry {self.index + 1}"


def inline_skips(folders: Iterable[Path], base: Path = paths.REPO_ROOT) -> list[InlineSkip]:
    found = []
    for folder in folders:
        for tf in sorted(folder.rglob("*.tf")):
            if tf.is_symlink() or ".terraform" in tf.parts:
                continue  # env roots link the shared files of envs/common
            block = ""
            for number, text in enumerate(tf.read_text().splitlines(), start=1):
                if header := _BLOCK.match(text):
                    block = ".".join(part for part in header.groups()[1:] if part)
                if skip := _SKIP.search(text):
                    found.append(
                        InlineSkip(
                            tf.relative_to(base).as_posix(),
                            number,
                            skip.group(1),
                            (skip.group(2) or "").strip(),
                            block,
                        )
                    )
    return found


def load_file(path: Path, sources: Iterable[str]) -> tuple[list[FileSuppression], list[str]]:
    """The project file's entries, and what is wrong with it (each a gate failure)."""
    if not path.exists():
        return [], []
    known = set(sources)
    try:
        document = yaml.safe_load(path.read_text()) or []
    except yaml.YAMLError as exc:
        return [], [f"{path.name} is not valid YAML: {exc}"]
    if not isinstance(document, list):
        return [], [f"{path.name} must be a list of entries"]
    entries, problems = [], []
    for index, raw in enumerate(document):
        entry: dict[str, Any] = raw if isinstance(raw, dict) else {}
        label = f"{path.name} entry {index + 1}"
        missing = [key for key in ("check", "resource", "scans", "reason") if not entry.get(key)]
        if missing:
            problems.append(f"{label} lacks {', '.join(missing)}; every suppression needs a reason")
            continue
        scans = tuple(entry["scans"]) if isinstance(entry["scans"], list) else (str(entry["scans"]),)
        unknown = sorted(set(scans) - known)
        if unknown:
            problems.append(f"{label} names unknown scans {unknown}; known: {sorted(known)}")
            continue
        entries.append(
            FileSuppression(
                index, str(entry["check"]), str(entry["resource"]), scans, str(entry["reason"]).strip()
            )
        )
    return entries, problems


def matches_inline(skip: InlineSkip, finding: Finding) -> bool:
    return (
        finding.status == "skipped"
        and finding.check_id == skip.check_id
        and finding.file == skip.file
        and finding.lines[0] <= skip.line <= finding.lines[1]
    )


def has_reason(reason: str) -> bool:
    return bool(reason) and reason != NO_REASON
