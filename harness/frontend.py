"""Publish the React build: to the storage bucket's frontend/ prefix, then a CloudFront invalidation.

The order keeps every viewer on a consistent site: fingerprinted assets go first (cached for a
year, immutable), `index.html` and the other unhashed files last (no-cache), so no index ever
points at an asset that is not there yet; files the new build no longer has are removed only
after that (`prune`), and the invalidation comes last.
"""

import mimetypes
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import HarnessError

PREFIX = "frontend/"
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
# A bundler's content hash in a file name: `index-3f9a1c2b.js`, `app.BQ3mG1aa.css`, `chunk.8e0f.js`.
_FINGERPRINT = re.compile(r"[.-](?=[A-Za-z0-9_]*[0-9])[A-Za-z0-9_]{8,}\.[A-Za-z0-9]+$")
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".wasm": "application/wasm",
}


@dataclass(frozen=True)
class Upload:
    path: Path
    key: str
    content_type: str
    cache_control: str


@dataclass(frozen=True)
class Published:
    uploaded: list[str]
    pruned: list[str]
    invalidation: str


def content_type(path: Path) -> str:
    return _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def is_fingerprinted(path: Path) -> bool:
    return _FINGERPRINT.search(path.name) is not None


def plan_uploads(dist: Path) -> list[Upload]:
    """Every file of the build, fingerprinted assets first and unhashed files (index.html last)
    after them; a missing, empty or index-less build is a one-line error before any upload."""
    if not dist.exists():
        raise HarnessError(f"--dist {dist} does not exist; build the front end first (npm run build).", 2)
    if not dist.is_dir():
        raise HarnessError(f"--dist {dist} is not a folder; give the build's output folder (dist/).", 2)
    files = sorted(p for p in dist.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        raise HarnessError(f"--dist {dist} is empty; build the front end first (npm run build).", 2)
    if not (dist / "index.html").is_file():
        raise HarnessError(f"--dist {dist} has no index.html at its top; is it the build's output folder?", 2)
    uploads = [
        Upload(
            p,
            PREFIX + p.relative_to(dist).as_posix(),
            content_type(p),
            IMMUTABLE if is_fingerprinted(p) else NO_CACHE,
        )
        for p in files
    ]
    return sorted(uploads, key=lambda u: (u.cache_control == NO_CACHE, u.key == f"{PREFIX}index.html", u.key))


def publish(
    s3: Any,
    cloudfront: Any,
    bucket: str,
    distribution_id: str,
    dist: Path,
    prune: bool = False,
    wait_seconds: int = 600,
    progress: Callable[[str], None] = lambda _: None,
) -> Published:
    uploads = plan_uploads(dist)
    for upload in uploads:
        s3.put_object(
            Bucket=bucket,
            Key=upload.key,
            Body=upload.path.read_bytes(),
            ContentType=upload.content_type,
            CacheControl=upload.cache_control,
        )
        progress(f"{upload.key} ({upload.cache_control})")
    pruned: list[str] = []
    if prune:
        wanted = {u.key for u in uploads}
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=PREFIX)
        stale = [o["Key"] for page in pages for o in page.get("Contents", []) if o["Key"] not in wanted]
        for start in range(0, len(stale), 1000):
            s3.delete_objects(
                Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[start : start + 1000]]}
            )
        pruned = stale
        for key in stale:
            progress(f"{key} removed")
    invalidation = cloudfront.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]},
            "CallerReference": f"mealprep-{time.time_ns()}",
        },
    )["Invalidation"]["Id"]
    _wait(cloudfront, distribution_id, invalidation, wait_seconds)
    return Published([u.key for u in uploads], pruned, str(invalidation))


def _wait(cloudfront: Any, distribution_id: str, invalidation: str, wait_seconds: int) -> None:
    from botocore.exceptions import WaiterError

    try:
        cloudfront.get_waiter("invalidation_completed").wait(
            DistributionId=distribution_id,
            Id=invalidation,
            WaiterConfig={"Delay": 10, "MaxAttempts": max(1, wait_seconds // 10)},
        )
    except WaiterError:
        raise HarnessError(
            f"invalidation {invalidation} of {distribution_id} did not complete within {wait_seconds}s; the "
            "files are published, and viewers get them as cached copies expire.",
            1,
        ) from None
