import shutil
from pathlib import Path

from harness import docs

REPO = Path(__file__).resolve().parents[2]


def test_committed_module_readmes_are_current():
    assert docs.update(check=True) == []


def test_a_changed_description_makes_the_readme_stale_until_regenerated(tmp_path):
    shutil.copytree(REPO / "modules" / "budget", tmp_path / "budget")
    variables = tmp_path / "budget" / "variables.tf"
    variables.write_text(
        variables.read_text().replace("Monthly cost limit in USD", "Monthly spending cap in USD")
    )
    assert docs.update(check=True, base=tmp_path) == [tmp_path / "budget" / "README.md"]
    assert docs.update(base=tmp_path) == [tmp_path / "budget" / "README.md"]
    assert "Monthly spending cap in USD" in (tmp_path / "budget" / "README.md").read_text()
    assert docs.update(check=True, base=tmp_path) == []


def test_required_and_defaulted_inputs_are_told_apart():
    rows = {v.name: v for v in docs.variables(REPO / "modules" / "database")}
    assert rows["vpc_id"].required and rows["vpc_id"].row().endswith("n/a (required) |")
    assert not rows["serverless_v2"].required and rows["serverless_v2"].row().endswith("`null` |")
    assert rows["engine_version"].default == "16.6"
