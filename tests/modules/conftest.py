from pathlib import Path

import pytest

from harness.plantest.batch import SpecResult

MODULE_TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def planned(request, spec_result) -> SpecResult:
    """The planned scenarios of the tftest.yaml beside the test file (shared with its items)."""
    return spec_result(Path(request.module.__file__).parent / "tftest.yaml")
