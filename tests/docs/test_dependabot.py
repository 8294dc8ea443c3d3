"""Dependabot watches each ecosystem the repo pins, in folders that exist."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_dependabot_covers_pip_actions_and_terraform_in_existing_folders():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "github-actions", "terraform"}
    for update in updates.values():
        folders = update.get("directories") or [update["directory"]]
        for folder in folders:
            matches = list(ROOT.glob(folder.lstrip("/"))) if folder != "/" else [ROOT]
            assert matches and all(m.is_dir() for m in matches), folder
    assert any((ROOT / "modules" / m.name / "versions.tf").is_file() for m in (ROOT / "modules").iterdir())
    assert (ROOT / "requirements" / "main.txt").read_text().count("--hash=sha256:") > 50
