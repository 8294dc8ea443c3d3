"""Image moderation for uploads: runs on each object created under the uploads prefix.

A JPEG or PNG is checked with Rekognition. An image with a moderation label at or above the
env's confidence threshold is moved to the quarantine prefix; any other is tagged with its
labels. Anything else is skipped with a log line. A Rekognition or S3 failure is raised, so
Lambda retries the event and then sends it to the function's dead-letter queue.
"""

import json
import logging
import os
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

# Rekognition reads JPEG and PNG, up to 15 MB from S3.
MAX_BYTES = 15 * 1024 * 1024
SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
# S3 keeps at most 10 tags per object; two say what the check found.
MAX_LABEL_TAGS = 8
# Characters S3 accepts in tag keys and values.
_TAG_UNSAFE = re.compile(r"[^\w .:/=+@-]")


@dataclass(frozen=True)
class Settings:
    uploads_prefix: str
    quarantine_prefix: str
    min_confidence: float
    label_min_confidence: float

    @classmethod
    def from_environment(cls) -> "Settings":
        return cls(
            uploads_prefix=os.environ.get("UPLOADS_PREFIX", "uploads/"),
            quarantine_prefix=os.environ.get("QUARANTINE_PREFIX", "quarantine/"),
            min_confidence=float(os.environ["MODERATION_MIN_CONFIDENCE"]),
            label_min_confidence=float(os.environ.get("LABEL_MIN_CONFIDENCE", "80")),
        )


class RekognitionFailed(RuntimeError):
    """Rekognition did not answer; raised so that Lambda retries, then dead-letters the event."""


def _log(outcome: str, bucket: str, key: str, **details: Any) -> None:
    LOG.info(json.dumps({"outcome": outcome, "bucket": bucket, "key": key, **details}, sort_keys=True))


def _tag(text: str, limit: int) -> str:
    return _TAG_UNSAFE.sub("_", text)[:limit]


def _image_type(s3: Any, bucket: str, key: str) -> str | None:
    head = s3.get_object(Bucket=bucket, Key=key, Range="bytes=0-7")["Body"].read()
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def _rekognition(call: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        answer: dict[str, Any] = call(**kwargs)
    except ClientError as error:
        raise RekognitionFailed(f"{call.__name__}: {error.response['Error']['Code']}") from error
    return answer


def check(s3: Any, rekognition: Any, settings: Settings, bucket: str, key: str) -> str:
    """What happened to one object: tagged, quarantined, skipped or gone."""
    if not key.startswith(settings.uploads_prefix) or key.endswith("/"):
        _log("skipped", bucket, key, reason=f"not an object under {settings.uploads_prefix}")
        return "skipped"
    try:
        size = s3.head_object(Bucket=bucket, Key=key)["ContentLength"]
        kind = _image_type(s3, bucket, key) if size else None
    except ClientError as error:
        if error.response["Error"]["Code"] in ("404", "NoSuchKey"):
            _log("gone", bucket, key, reason="already moved or deleted (a repeated event)")
            return "gone"
        raise
    if kind is None:
        _log("skipped", bucket, key, reason="not a JPEG or PNG image")
        return "skipped"
    if size > MAX_BYTES:
        _log("skipped", bucket, key, reason=f"larger than Rekognition's {MAX_BYTES} bytes")
        return "skipped"

    image = {"S3Object": {"Bucket": bucket, "Name": key}}
    moderation = _rekognition(
        rekognition.detect_moderation_labels, Image=image, MinConfidence=settings.min_confidence
    )["ModerationLabels"]
    flagged = sorted(
        (m for m in moderation if m["Confidence"] >= settings.min_confidence),
        key=lambda m: -m["Confidence"],
    )
    if flagged:
        top = flagged[0]
        target = settings.quarantine_prefix + key[len(settings.uploads_prefix) :]
        tags = {"moderation": "flagged", "moderation-label": _tag(top["Name"], 256)}
        s3.copy_object(
            Bucket=bucket,
            Key=target,
            CopySource={"Bucket": bucket, "Key": key},
            TaggingDirective="REPLACE",
            Tagging=urllib.parse.urlencode(tags),
            MetadataDirective="COPY",
        )
        s3.delete_object(Bucket=bucket, Key=key)
        _log("quarantined", bucket, key, to=target, label=top["Name"], confidence=round(top["Confidence"], 1))
        return "quarantined"

    labels = _rekognition(
        rekognition.detect_labels,
        Image=image,
        MaxLabels=MAX_LABEL_TAGS,
        MinConfidence=settings.label_min_confidence,
    )["Labels"]
    tag_set = [{"Key": "moderation", "Value": "clean"}] + [
        {"Key": _tag(f"label:{label['Name']}", 128), "Value": str(round(label["Confidence"]))}
        for label in labels[:MAX_LABEL_TAGS]
    ]
    s3.put_object_tagging(Bucket=bucket, Key=key, Tagging={"TagSet": tag_set})
    _log("tagged", bucket, key, labels=[label["Name"] for label in labels[:MAX_LABEL_TAGS]])
    return "tagged"


def handler(event: dict[str, Any], context: Any, s3: Any = None, rekognition: Any = None) -> dict[str, int]:
    settings = Settings.from_environment()
    s3 = s3 or boto3.client("s3")
    rekognition = rekognition or boto3.client("rekognition")
    counts: dict[str, int] = {}
    for record in event.get("Records", []):
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        outcome = check(s3, rekognition, settings, bucket, key)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
