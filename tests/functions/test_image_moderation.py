"""The uploads pipeline's handler: what happens to each kind of upload."""

import json
import logging

import pytest
from botocore.stub import Stubber

from .conftest import BUCKET, JPEG, PNG


def _event(*keys: str) -> dict:
    return {
        "Records": [
            {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": BUCKET}, "object": {"key": key}}}
            for key in keys
        ]
    }


def _keys(s3) -> list[str]:
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def _tags(s3, key: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket=BUCKET, Key=key)["TagSet"]}


def _run(handler, aws, *keys: str) -> dict[str, int]:
    return handler.handler(_event(*keys), None, s3=aws["s3"], rekognition=aws["rekognition"])


def test_a_clean_image_is_tagged_with_its_labels_and_stays_where_it_was(moderation_handler, aws, moderation):
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/u1/meal.jpg", Body=JPEG)

    assert _run(moderation_handler, aws, "uploads/u1/meal.jpg") == {"tagged": 1}

    assert _keys(aws["s3"]) == ["uploads/u1/meal.jpg"]
    tags = _tags(aws["s3"], "uploads/u1/meal.jpg")
    assert tags["moderation"] == "clean"
    assert tags["label:Mobile Phone"] == "100"  # moto's fixed DetectLabels answer
    [call] = moderation["__calls__"]
    assert call["min_confidence"] == 80.0


def test_an_image_flagged_at_the_threshold_is_moved_to_quarantine(moderation_handler, aws, moderation):
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/u1/bad photo.png", Body=PNG)
    moderation["uploads/u1/bad photo.png"] = [
        {"Name": "Explicit", "ParentName": "", "Confidence": 80.0},
        {"Name": "Violence", "ParentName": "", "Confidence": 97.5},
    ]

    assert _run(moderation_handler, aws, "uploads/u1/bad+photo.png") == {"quarantined": 1}

    assert _keys(aws["s3"]) == ["quarantine/u1/bad photo.png"]
    assert _tags(aws["s3"], "quarantine/u1/bad photo.png") == {
        "moderation": "flagged",
        "moderation-label": "Violence",
    }
    body = aws["s3"].get_object(Bucket=BUCKET, Key="quarantine/u1/bad photo.png")["Body"].read()
    assert body == PNG


def test_a_moderation_label_below_the_threshold_does_not_quarantine(moderation_handler, aws, moderation):
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/u2/salad.jpg", Body=JPEG)
    moderation["uploads/u2/salad.jpg"] = [{"Name": "Suggestive", "ParentName": "", "Confidence": 79.9}]

    assert _run(moderation_handler, aws, "uploads/u2/salad.jpg") == {"tagged": 1}

    assert _keys(aws["s3"]) == ["uploads/u2/salad.jpg"]
    assert _tags(aws["s3"], "uploads/u2/salad.jpg")["moderation"] == "clean"


def test_an_object_that_is_not_an_image_is_skipped_with_a_log_line(
    moderation_handler, aws, moderation, caplog
):
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/u1/recipe.jpg", Body=b"%PDF-1.7 not really a jpeg")
    caplog.set_level(logging.INFO)

    assert _run(moderation_handler, aws, "uploads/u1/recipe.jpg") == {"skipped": 1}

    assert _tags(aws["s3"], "uploads/u1/recipe.jpg") == {}
    assert moderation["__calls__"] == []
    [line] = [json.loads(r.getMessage()) for r in caplog.records if r.getMessage().startswith("{")]
    assert line == {
        "bucket": BUCKET,
        "key": "uploads/u1/recipe.jpg",
        "outcome": "skipped",
        "reason": "not a JPEG or PNG image",
    }


def test_an_object_outside_the_uploads_prefix_is_left_alone(moderation_handler, aws, moderation):
    aws["s3"].put_object(Bucket=BUCKET, Key="quarantine/u1/x.jpg", Body=JPEG)

    assert _run(moderation_handler, aws, "quarantine/u1/x.jpg") == {"skipped": 1}
    assert moderation["__calls__"] == []


def test_a_repeated_event_for_an_object_already_moved_does_nothing(moderation_handler, aws, moderation):
    assert _run(moderation_handler, aws, "uploads/u1/gone.jpg") == {"gone": 1}
    assert _keys(aws["s3"]) == []


def test_a_rekognition_error_is_raised_for_the_dead_letter_path_and_leaves_the_object(
    moderation_handler, aws, moderation
):
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/u1/meal.jpg", Body=JPEG)
    with Stubber(aws["rekognition"]) as stub:
        stub.add_client_error("detect_moderation_labels", "ThrottlingException", http_status_code=400)
        with pytest.raises(moderation_handler.RekognitionFailed, match="ThrottlingException"):
            _run(moderation_handler, aws, "uploads/u1/meal.jpg")

    assert _keys(aws["s3"]) == ["uploads/u1/meal.jpg"]
    assert _tags(aws["s3"], "uploads/u1/meal.jpg") == {}


def test_one_event_with_several_records_reports_each_outcome(moderation_handler, aws, moderation):
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/a.jpg", Body=JPEG)
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/b.png", Body=PNG)
    aws["s3"].put_object(Bucket=BUCKET, Key="uploads/c.txt", Body=b"hello")
    moderation["uploads/b.png"] = [{"Name": "Hate Symbols", "ParentName": "", "Confidence": 99.0}]

    counts = _run(moderation_handler, aws, "uploads/a.jpg", "uploads/b.png", "uploads/c.txt")

    assert counts == {"tagged": 1, "quarantined": 1, "skipped": 1}
    assert _keys(aws["s3"]) == ["quarantine/b.png", "uploads/a.jpg", "uploads/c.txt"]
