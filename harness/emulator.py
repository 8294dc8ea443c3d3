"""The local AWS: a moto server on loopback, started once and found again by its state file."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from harness import paths
from harness.errors import HarnessError

HOST = "127.0.0.1"
# Never route emulator traffic through a proxy: it is loopback only.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class EmulatorState:
    pid: int
    port: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    # A cheap request (S3 ListBuckets): /moto-api/data.json grows with every resource held.
    try:
        with _DIRECT.open(f"{url}/", timeout=5) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def _is_moto(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"emulator_server" in cmdline or b"moto.server" in cmdline


def _die_with_parent() -> None:
    # Linux only: the kernel sends SIGTERM when the process that started us goes away.
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class Emulator:
    def __init__(self, state_dir: Path | None = None, owned: bool = False) -> None:
        """`owned`: the server lives only as long as this process (test and plan emulators);
        otherwise it outlives the CLI call that started it, until `emulator stop`."""
        self.owned = owned
        self.state_dir = state_dir or paths.state_dir()
        self.state_file = self.state_dir / "emulator.json"
        self.log_file = self.state_dir / "emulator.log"

    def _recorded(self) -> EmulatorState | None:
        try:
            data = json.loads(self.state_file.read_text())
            return EmulatorState(pid=int(data["pid"]), port=int(data["port"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def status(self) -> EmulatorState | None:
        """The running server, or None (a stale state file is removed)."""
        state = self._recorded()
        if state is None:
            return None
        if _is_moto(state.pid) and _answers(state.url):
            return state
        self.state_file.unlink(missing_ok=True)
        return None

    def start(self, timeout: float = 20.0) -> EmulatorState:
        running = self.status()
        if running is not None:
            return running
        self.state_dir.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "harness.emulator_server", "-H", HOST, "-p", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent if self.owned and sys.platform == "linux" else None,
                # AWS managed policies (RDS monitoring, AWS Backup) are attachable only if loaded.
                # No AWS_* of the caller's (moto's own boto3 sessions fail on an unknown AWS_PROFILE).
                env={
                    **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
                    "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
                },
            )
        state = EmulatorState(pid=process.pid, port=port)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise HarnessError(
                    f"the emulator exited with code {process.returncode} on start; see {self.log_file}."
                )
            if _answers(state.url):
                self.state_file.write_text(json.dumps({"pid": state.pid, "port": state.port}))
                return state
            time.sleep(0.1)
        process.kill()
        raise HarnessError(
            f"the emulator did not answer on {state.url} within {timeout:.0f}s; see {self.log_file}."
        )

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the server; True if one was running. Stopping a dead one is not an error."""
        state = self._recorded()
        self.state_file.unlink(missing_ok=True)
        if state is None or not _is_moto(state.pid):
            return False
        os.kill(state.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _is_moto(state.pid):
            _reap(state.pid)
            time.sleep(0.05)
        if _is_moto(state.pid):
            os.kill(state.pid, signal.SIGKILL)
            _reap(state.pid)
        return True

    def reset(self) -> None:
        """Forget every resource the emulator holds."""
        state = self.status()
        if state is None:
            raise HarnessError("the emulator is not running; start it with `mealprep-infra emulator start`.")
        request = urllib.request.Request(f"{state.url}/moto-api/reset", method="POST")
        with _DIRECT.open(request, timeout=10):
            pass


def _reap(pid: int) -> None:
    # A server started by this very process would linger as a zombie until waited for.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
