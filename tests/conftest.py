import pytest

from harness.emulator import Emulator
from harness.targets import Target, emulator_target

pytest_plugins = ["pytester"]


@pytest.fixture(scope="module")
def emulator(tmp_path_factory) -> Target:
    """A private emulator per test module; each test module sees only what it creates."""
    state = tmp_path_factory.mktemp("emulator")
    server = Emulator(state, owned=True)
    running = server.start()
    yield emulator_target(running.url)
    server.stop()
