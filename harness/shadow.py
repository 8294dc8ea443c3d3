"""Scratch copies of a root made of links, so terraform can run it with extra files.

A copy sits at the same depth below its base as the original below the repo, with the
repo's other top-level folders linked beside it, so relative module sources such as
`../../modules/network` still resolve. Used to validate modules that expect aliased
providers and to plan env roots with a local backend.

Each checkout gets shadows of its own (`paths.checkout_id`): `make mutate` runs the suite in
a scratch copy that shares this cache, and a shadow whose `modules` link still pointed at the
original checkout planned the unmutated modules, under the mutated files' digest.
"""

import contextlib
import shutil
from pathlib import Path

from harness import paths
from harness.errors import HarnessError


def _link(link: Path, target: Path) -> None:
    # Parallel callers may race to create the same link; the first one wins.
    with contextlib.suppress(FileExistsError):
        link.symlink_to(target, target_is_directory=target.is_dir())


def shadow(root: Path, extra_files: dict[str, str], tag: str) -> Path:
    root = root.resolve()
    relative = root.relative_to(paths.REPO_ROOT)
    base = paths.cache_dir("shadow", paths.checkout_id(), tag)
    for entry in paths.REPO_ROOT.iterdir():
        if entry.is_dir() and not entry.name.startswith(".") and entry.name != relative.parts[0]:
            _link(base / entry.name, entry)
    # A folder on the way may still be a link from an earlier root under another top-level
    # folder: replace it, or the copy would be written (and emptied) inside the repository.
    current = base
    for part in relative.parts[:-1]:
        current = current / part
        if current.is_symlink():
            current.unlink()
    parent = base.joinpath(*relative.parts[:-1])
    parent.mkdir(parents=True, exist_ok=True)
    for sibling in root.parent.iterdir():
        if sibling != root and sibling.is_dir():
            _link(parent / sibling.name, sibling)
    folder = parent / root.name
    if not folder.resolve().is_relative_to(base.resolve()):
        raise HarnessError(f"shadow copy {folder} would leave {base}; remove {base} and retry.", 1)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for entry in root.iterdir():
        if entry.is_file() and entry.name != "backend.hcl":
            _link(folder / entry.name, entry)
    for name, text in extra_files.items():
        (folder / name).write_text(text)
    return folder
