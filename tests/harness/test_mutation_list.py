"""The mutation list stays applicable: every breakage still finds its text, once."""

import shutil

import pytest

from harness import paths
from harness.errors import HarnessError
from harness.mutate import DEFAULT_TESTS, apply, load

MUTATIONS = load()


def test_the_list_covers_the_eight_misses_and_every_module():
    assert len(MUTATIONS) >= 24
    modules = {p.name for p in (paths.REPO_ROOT / "modules").iterdir() if p.is_dir()}
    touched = {m.file.split("/")[1] for m in MUTATIONS if m.file.startswith("modules/")}
    assert modules - touched == set(), "one mutation per module at least"


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.id for m in MUTATIONS])
def test_each_mutation_applies_exactly_once(mutation, tmp_path):
    target = tmp_path / mutation.file
    target.parent.mkdir(parents=True)
    shutil.copy(paths.REPO_ROOT / mutation.file, target)
    apply(mutation, tmp_path)
    assert target.read_text() != (paths.REPO_ROOT / mutation.file).read_text()
    assert all((paths.REPO_ROOT / t).exists() for t in mutation.tests) and mutation.tests


def test_a_mutation_that_no_longer_matches_is_an_error(tmp_path):
    mutation = MUTATIONS[0]
    (tmp_path / mutation.file).parent.mkdir(parents=True)
    (tmp_path / mutation.file).write_text("nothing to find here")
    with pytest.raises(HarnessError, match="occurs 0 times"):
        apply(mutation, tmp_path)
    assert DEFAULT_TESTS
