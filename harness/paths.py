import hashlib
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def state_dir() -> Path:
    """Gitignored folder for the CLI config, plugin cache and emulator state."""
    override = os.environ.get("MEALPREP_STATE_DIR")
    path = Path(override) if override else REPO_ROOT / ".mealprep"
    path.mkdir(parents=True, exist_ok=True)
    return path


def build_dir(*parts: str) -> Path:
    """Plans, logs and reports; MEALPREP_BUILD_DIR moves them (a second run beside the first)."""
    override = os.environ.get("MEALPREP_BUILD_DIR")
    path = (Path(override) if override else REPO_ROOT / "build").joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir(*parts: str) -> Path:
    override = os.environ.get("MEALPREP_CACHE_DIR")
    base = Path(override) if override else REPO_ROOT / ".cache"
    path = base.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def checkout_id() -> str:
    """Tells checkouts apart that share one cache (`make mutate` plans a scratch copy with the
    original's): terraform's working data records where each local module was found, by its
    absolute path, and reuses that record, so it must never cross from one checkout to another."""
    return hashlib.sha256(str(REPO_ROOT.resolve()).encode()).hexdigest()[:12]
