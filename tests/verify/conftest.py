import pytest

from harness.emulator import Emulator
from harness.targets import Target, emulator_target


@pytest.fixture(scope="module")
def emulator(tmp_path_factory) -> Target:
    """A private emulator per test module; checks run against what each test creates in it."""
    state = tmp_path_factory.mktemp("emulator")
    server = Emulator(state, owned=True)
    running = server.start()
    yield emulator_target(running.url)
    server.stop()
