"""Every input of a cached plan or a recorded e2e run is in its key: change one, and the cache misses."""

import shutil
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from harness import fingerprint, paths, toolchain
from harness.plantest import spec as specs
from harness.plantest.batch import Planner

REPO = Path(__file__).resolve().parents[2]
FIXTURE_SPEC = REPO / "tests" / "plantest_fixture" / "tftest.yaml"


@pytest.fixture
def fresh(monkeypatch):
    """No memoised fingerprint, before or after the test."""
    memoised = fingerprint.environment_digest
    memoised.cache_clear()
    yield
    memoised.cache_clear()


def test_a_change_anywhere_in_the_harness_package(fresh, tmp_path, monkeypatch):
    copy = tmp_path / "harness"
    shutil.copytree(fingerprint.HARNESS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "HARNESS", copy)
    before = fingerprint.environment()
    for name in ("emulator.py", "targets.py", "terraform.py", "plantest/batch.py", "verify/runner.py"):
        (copy / name).write_text((copy / name).read_text() + "\n# changed\n")
        after = fingerprint.environment()
        assert after["harness"] != before["harness"], name
        before = after


def test_the_versions_of_moto_boto3_and_botocore(fresh, monkeypatch):
    before = fingerprint.environment()
    real = metadata.version
    for package in fingerprint.PACKAGES:
        monkeypatch.setattr(metadata, "version", lambda name, p=package: "9.9.9" if name == p else real(name))
        assert fingerprint.environment()["packages"] != before["packages"], package
    monkeypatch.setattr(metadata, "version", real)


def test_the_lock_files(fresh, tmp_path, monkeypatch):
    for env in ("dev", "prod"):
        (tmp_path / "envs" / env).mkdir(parents=True)
        shutil.copy(REPO / "envs" / env / ".terraform.lock.hcl", tmp_path / "envs" / env)
    monkeypatch.setattr(paths, "REPO_ROOT", tmp_path)
    before = fingerprint.environment()
    lock = tmp_path / "envs" / "prod" / ".terraform.lock.hcl"
    lock.write_text(lock.read_text().replace("5.100.0", "5.101.0"))
    assert fingerprint.environment()["locks"] != before["locks"]


def test_the_provider_terraform_selects_and_terraform_itself(fresh, monkeypatch):
    before = fingerprint.environment()
    assert before["provider"] == fingerprint.selected_provider_version() != ""
    monkeypatch.setattr(fingerprint, "selected_provider_version", lambda: "5.999.0")
    assert fingerprint.environment()["provider"] != before["provider"]
    tools = toolchain.load()
    monkeypatch.setattr(toolchain, "load", lambda: replace(tools, terraform_version="1.99.0"))
    assert fingerprint.environment()["terraform"] != before["terraform"]


def test_the_e2e_digest_follows_the_environment_and_the_code(fresh, monkeypatch, tmp_path):
    before = fingerprint.repo_digest(("envs",), frozenset({".tf"}))
    monkeypatch.setattr(fingerprint, "environment_digest", lambda: "another environment")
    assert fingerprint.repo_digest(("envs",), frozenset({".tf"})) != before


def test_a_changed_environment_misses_the_plan_cache(fresh, monkeypatch, tmp_path):
    monkeypatch.setenv("MEALPREP_CACHE_DIR", str(tmp_path / "cache"))
    # One passing scenario of the fixture module: one plan per round, no error rounds.
    one = tmp_path / "tftest.yaml"
    module = (FIXTURE_SPEC.parent / yaml.safe_load(FIXTURE_SPEC.read_text())["module"]).resolve()
    one.write_text(
        yaml.safe_dump({"module": str(module), "tests": {"minimal": {"tfvars": {"name": "orders"}}}})
    )
    spec = specs.load(one)

    def events(planner_log: Path) -> set[str]:
        return {line.split('"event": "')[1].split('"')[0] for line in planner_log.read_text().splitlines()}

    first = tmp_path / "first.jsonl"
    Planner(cache=True, log=first).result(spec)
    assert "plan" in events(first)
    again = tmp_path / "again.jsonl"
    Planner(cache=True, log=again).result(spec)
    assert events(again) == {"cache-hit"}
    monkeypatch.setattr(fingerprint, "environment_digest", lambda: "moto upgraded")
    changed = tmp_path / "changed.jsonl"
    Planner(cache=True, log=changed).result(spec)
    assert events(changed) == {"plan"}


def test_a_shadow_never_writes_into_the_repository_through_a_stale_link(tmp_path, monkeypatch):
    from harness import paths
    from harness.shadow import shadow

    repo = tmp_path / "repo"
    (repo / "build" / "root").mkdir(parents=True)
    (repo / "build" / "root" / "main.tf").write_text("# kept\n")
    (repo / "other" / "root").mkdir(parents=True)
    (repo / "other" / "root" / "main.tf").write_text("# kept too\n")
    monkeypatch.setattr(paths, "REPO_ROOT", repo)
    monkeypatch.setenv("MEALPREP_CACHE_DIR", str(tmp_path / "cache"))
    shadow(repo / "other" / "root", {}, "t")  # links <base>/build -> repo/build
    folder = shadow(repo / "build" / "root", {"extra.tf": "# extra\n"}, "t")
    assert (repo / "build" / "root" / "main.tf").read_text() == "# kept\n"
    assert not (repo / "build" / "root" / "extra.tf").exists()
    assert (folder / "extra.tf").is_file() and (
        folder / "main.tf"
    ).resolve() == repo / "build" / "root" / "main.tf"


def test_a_shadow_reads_the_modules_of_its_own_checkout_when_two_share_the_cache(tmp_path, monkeypatch):
    """`make mutate` plans a scratch copy with the original's cache: its env roots must call the
    copy's (mutated) modules, never the original's."""
    from harness import paths
    from harness.shadow import shadow

    monkeypatch.setenv("MEALPREP_CACHE_DIR", str(tmp_path / "cache"))
    seen = {}
    for name in ("original", "scratch"):
        repo = tmp_path / name
        (repo / "envs" / "dev").mkdir(parents=True)
        (repo / "envs" / "dev" / "main.tf").write_text('module "m" {\n  source = "../../modules/m"\n}\n')
        (repo / "modules" / "m").mkdir(parents=True)
        (repo / "modules" / "m" / "main.tf").write_text(f"# {name}\n")
        monkeypatch.setattr(paths, "REPO_ROOT", repo)
        folder = shadow(repo / "envs" / "dev", {}, "plantest-dev")
        seen[name] = (folder / ".." / ".." / "modules" / "m" / "main.tf").resolve().read_text()
    assert seen == {"original": "# original\n", "scratch": "# scratch\n"}
