"""The image moderation handler, in process, against moto's S3 and Rekognition.

moto answers DetectLabels (with fixed labels) but not DetectModerationLabels; the fixture
`moderation` stands in for it inside moto, so that each test says what Rekognition finds.
"""

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.rekognition.responses import RekognitionResponse

HANDLER = Path(__file__).resolve().parents[2] / "functions" / "image_moderation" / "handler.py"
BUCKET = "mealprep-test-storage"
REGION = "us-west-2"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="session")
def moderation_handler() -> ModuleType:
    spec = importlib.util.spec_from_file_location("image_moderation_handler", HANDLER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def moderation(monkeypatch) -> dict[str, list[dict[str, Any]]]:
    """Object key -> the moderation labels Rekognition reports for it (none if absent)."""
    import json

    found: dict[str, list[dict[str, Any]]] = {}
    calls: list[dict[str, Any]] = []

    def detect_moderation_labels(self: Any) -> str:
        image = self._get_param("Image")
        calls.append({"image": image, "min_confidence": self._get_param("MinConfidence")})
        labels = found.get(image["S3Object"]["Name"], [])
        return json.dumps({"ModerationLabels": labels, "ModerationModelVersion": "7.0"})

    monkeypatch.setattr(
        RekognitionResponse, "detect_moderation_labels", detect_moderation_labels, raising=False
    )
    found["__calls__"] = calls  # type: ignore[assignment]
    return found


@pytest.fixture
def aws(monkeypatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("MODERATION_MIN_CONFIDENCE", "80")
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield {"s3": s3, "rekognition": boto3.client("rekognition", region_name=REGION)}
