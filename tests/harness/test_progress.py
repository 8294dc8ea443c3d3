import pytest
from rich.console import Console

from harness.progress import ChangeProgress, Stalled

VPC = "module.network.aws_vpc.this"


def _progress(address: str, elapsed: int) -> dict[str, object]:
    return {
        "type": "apply_progress",
        "hook": {"resource": {"addr": address}, "action": "delete", "elapsed_seconds": elapsed},
    }


def _started(address: str) -> dict[str, object]:
    return {"type": "apply_start", "hook": {"resource": {"addr": address}, "action": "delete"}}


def test_a_resource_stuck_past_the_limit_stops_the_run_and_is_named() -> None:
    progress = ChangeProgress(Console(quiet=True), "destroying dev", total=3, stall_after=180)
    progress(_started(VPC))
    progress(_progress(VPC, 170))
    with pytest.raises(
        Stalled, match=r"destroying dev: module\.network\.aws_vpc\.this still in delete after 190 s"
    ):
        progress(_progress(VPC, 190))
    assert progress.failed == [VPC]


def test_without_a_limit_a_slow_resource_is_only_slow() -> None:
    progress = ChangeProgress(Console(quiet=True), "applying prod", total=1)
    progress(_started(VPC))
    progress(_progress(VPC, 3600))
    assert progress.failed == []
