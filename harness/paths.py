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
