import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.emulator import Emulator
from harness.targets import emulator_target, resolve

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("MEALPREP_STATE_DIR", str(tmp_path))
    yield tmp_path
    Emulator(tmp_path).stop()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", "emulator", *args],
        cwd=REPO,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_status_stop_through_the_cli(state):
    started = _cli("start")
    assert started.returncode == 0, started.stderr
    assert "emulator running at http://127.0.0.1:" in started.stdout
    again = _cli("start")
    assert again.stdout == started.stdout, "a second start must reuse the running server"
    status = _cli("status")
    assert status.returncode == 0 and "running" in status.stdout
    assert _cli("stop").stdout.strip() == "emulator stopped"
    assert _cli("status").returncode == 3
    stopped_twice = _cli("stop")
    assert stopped_twice.returncode == 0 and "was not running" in stopped_twice.stdout


def test_a_stale_state_file_is_forgotten(state):
    (state / "emulator.json").write_text('{"pid": 999999, "port": 1}')
    assert Emulator(state).status() is None
    assert not (state / "emulator.json").exists()


def test_boto3_through_the_emulator_target_creates_and_reads_a_bucket(state):
    target = resolve("emulator")
    assert target.endpoint is not None and target.endpoint.startswith("http://127.0.0.1:")
    s3 = target.client("s3")
    s3.create_bucket(Bucket="mealprep-probe", CreateBucketConfiguration={"LocationConstraint": target.region})
    s3.put_object(Bucket="mealprep-probe", Key="hello.txt", Body=b"hi")
    assert s3.get_object(Bucket="mealprep-probe", Key="hello.txt")["Body"].read() == b"hi"
    Emulator(state).reset()
    assert s3.list_buckets()["Buckets"] == []


def test_the_emulator_environment_drops_anything_that_could_route_elsewhere():
    target = emulator_target("http://127.0.0.1:5000")
    env = target.environ(
        {
            "AWS_PROFILE": "prod",
            "AWS_SESSION_TOKEN": "t",
            "AWS_ENDPOINT_URL_S3": "https://s3.example",
            "PATH": "/bin",
        }
    )
    assert "AWS_PROFILE" not in env and "AWS_SESSION_TOKEN" not in env
    assert "AWS_ENDPOINT_URL_S3" not in env
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5000"
    assert env["AWS_EC2_METADATA_DISABLED"] == "true"
    assert env["AWS_ACCESS_KEY_ID"] == "test"


def test_unknown_target_names_the_valid_ones():
    from harness.errors import HarnessError

    with pytest.raises(HarnessError, match="unknown target 'gcp'; valid targets: aws, emulator"):
        resolve("gcp")


def test_an_owned_emulator_dies_with_the_process_that_started_it(tmp_path):
    import time

    code = (
        "import pathlib, sys, time; from harness.emulator import Emulator; "
        "s = Emulator(pathlib.Path(sys.argv[1]), owned=True).start(); print(s.pid, flush=True); time.sleep(60)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    server = int(parent.stdout.readline())
    assert Path(f"/proc/{server}").exists()
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Emulator(tmp_path).status() is not None:
        time.sleep(0.2)
    assert Emulator(tmp_path).status() is None
