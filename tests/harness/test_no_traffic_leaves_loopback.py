"""An emulator run must never reach real AWS.

Every client here honours HTTPS_PROXY for hosts outside NO_PROXY, so a recording proxy on
loopback sees any request bound for a non-loopback address (it answers 403 and forwards
nothing). The emulator target exempts only loopback from the proxy; a control run against
the `aws` target proves the proxy does see escaping calls.
"""

import socketserver
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import toolchain
from harness.emulator import Emulator
from harness.targets import Target, resolve
from harness.terraform import Terraform

# Reads two data sources and writes one resource: enough to see every client path.
ROOT = """
provider "aws" {
  region = "us-west-2"
}
data "aws_caller_identity" "current" {}
data "aws_availability_zones" "available" {}
resource "aws_cloudwatch_log_group" "probe" {
  name              = "loopback-probe"
  retention_in_days = 1
}
output "account" {
  value = data.aws_caller_identity.current.account_id
}
"""


class _Recorder(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[str] = []


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(4096).decode(errors="replace").strip()
        self.server.seen.append(line)  # type: ignore[attr-defined]
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.fixture
def proxy(monkeypatch) -> Iterator[_Recorder]:
    server = _Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def emulator(tmp_path, monkeypatch) -> Iterator[Target]:
    monkeypatch.setenv("MEALPREP_STATE_DIR", str(tmp_path / "state"))
    target = resolve("emulator")
    yield target
    Emulator(tmp_path / "state").stop()


def _root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    root.mkdir()
    (root / "main.tf").write_text(ROOT)
    return root


def test_terraform_and_boto3_on_the_emulator_stay_on_loopback(proxy, emulator, tmp_path):
    terraform = Terraform(_root(tmp_path), emulator)
    terraform.init()
    terraform.plan(tmp_path / "tfplan")
    terraform.apply(tmp_path / "tfplan", stream=False)
    assert terraform.output()["account"] == "123456789012"
    groups = emulator.client("logs").describe_log_groups()["logGroups"]
    assert [g["logGroupName"] for g in groups] == ["loopback-probe"]
    terraform.destroy(stream=False)
    assert proxy.seen == [], f"requests left loopback: {proxy.seen}"


def test_control_the_recorder_sees_calls_bound_for_aws(proxy, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    aws = resolve("aws", region="us-west-2")
    with pytest.raises(Exception):  # noqa: B017 - any failure: the proxy refuses it
        aws.client("sts").get_caller_identity()
    assert any("sts.us-west-2.amazonaws.com" in line for line in proxy.seen), proxy.seen


def test_control_the_recorder_sees_terraform_calls_bound_for_aws(proxy, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    terraform = Terraform(_root(tmp_path), resolve("aws", region="us-west-2"))
    terraform.init()
    # The provider retries a refused call for minutes: stop it once the proxy has seen one.
    process = subprocess.Popen(
        [str(toolchain.load().terraform), "plan", "-input=false", "-no-color"],
        cwd=terraform.workdir,
        env=terraform.environ(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not proxy.seen and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    process.kill()
    process.wait()
    assert any("amazonaws.com" in line for line in proxy.seen), proxy.seen
