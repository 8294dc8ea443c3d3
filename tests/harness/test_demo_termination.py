"""`make demo` ended from outside (a CI timeout's SIGTERM, `kill`) stops the emulator it started."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        return b"emulator_server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_sigterm_stops_the_demo_and_its_emulator(tmp_path):
    environ = {
        **os.environ,
        "MEALPREP_STATE_DIR": str(tmp_path),
        "MEALPREP_BUILD_DIR": str(tmp_path / "build"),
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "harness", "demo"],
        cwd=REPO,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    state = tmp_path / "emulator.json"
    deadline = time.monotonic() + 60
    while not state.exists() and demo.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert state.exists(), "the demo started no emulator"
    emulator = json.loads(state.read_text())["pid"]
    time.sleep(3)  # into the plan: terraform is running
    demo.send_signal(signal.SIGTERM)
    output, _ = demo.communicate(timeout=60)
    assert demo.returncode != 0
    assert "terminated: stopping the emulator" in output, output[-2000:]
    assert "Traceback" not in output
    deadline = time.monotonic() + 10
    while _alive(emulator) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(emulator), "the emulator outlived the demo"
