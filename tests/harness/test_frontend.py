"""deploy-frontend: upload order and headers, prune, invalidation, and bad builds refused before any upload."""

import shutil
from pathlib import Path

import pytest

from harness.errors import HarnessError
from harness.frontend import IMMUTABLE, NO_CACHE, is_fingerprinted, plan_uploads, publish

SPA = Path(__file__).resolve().parents[1] / "fixtures" / "spa"


def test_fingerprinted_assets_go_first_immutable_and_index_last_never_cached():
    uploads = plan_uploads(SPA)
    keys = [u.key for u in uploads]
    assert keys[-1] == "frontend/index.html"
    assets = [u for u in uploads if u.cache_control == IMMUTABLE]
    assert {u.key for u in assets} == {
        "frontend/assets/index-3f9a1c2b.js",
        "frontend/assets/index-8d2e4f6a.css",
    }
    assert keys.index("frontend/assets/index-3f9a1c2b.js") < keys.index("frontend/favicon.svg")
    assert all(u.cache_control == NO_CACHE for u in uploads if u not in assets)
    types = {u.key: u.content_type for u in uploads}
    assert types["frontend/index.html"] == "text/html; charset=utf-8"
    assert types["frontend/assets/index-3f9a1c2b.js"] == "text/javascript; charset=utf-8"
    assert types["frontend/assets/index-8d2e4f6a.css"] == "text/css; charset=utf-8"
    assert types["frontend/favicon.svg"] == "image/svg+xml"


@pytest.mark.parametrize(
    ("name", "hashed"),
    [
        ("index-3f9a1c2b.js", True),
        ("app.BQ3mG1a7.css", True),
        ("main.8e0f12ab.chunk.js", False),
        ("index.html", False),
        ("favicon.ico", False),
        ("robots.txt", False),
        ("service-worker.js", False),
    ],
)
def test_what_counts_as_fingerprinted(name, hashed):
    assert is_fingerprinted(Path(name)) is hashed


def test_bad_builds_are_one_line_before_any_upload(tmp_path):
    cases = {
        tmp_path / "missing": "does not exist",
        (tmp_path / "a-file.txt"): "is not a folder",
        tmp_path / "empty": "is empty",
        tmp_path / "no-index": "has no index.html",
    }
    (tmp_path / "a-file.txt").write_text("x")
    (tmp_path / "empty").mkdir()
    (tmp_path / "no-index" / "assets").mkdir(parents=True)
    (tmp_path / "no-index" / "assets" / "app-12345678.js").write_text("x")
    for dist, why in cases.items():
        with pytest.raises(HarnessError, match=why) as raised:
            plan_uploads(dist)
        assert raised.value.exit_code == 2 and "\n" not in raised.value.message


@pytest.fixture(scope="module")
def site(emulator):
    s3 = emulator.client("s3")
    s3.create_bucket(
        Bucket="mealprep-dev-storage", CreateBucketConfiguration={"LocationConstraint": emulator.region}
    )
    cloudfront = emulator.client("cloudfront")
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": "spa",
            "Comment": "",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "s3",
                        "DomainName": "mealprep-dev-storage.s3.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "s3",
                "ViewerProtocolPolicy": "redirect-to-https",
                "TrustedSigners": {"Enabled": False, "Quantity": 0},
                "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                "MinTTL": 0,
            },
        }
    )["Distribution"]["Id"]
    return s3, cloudfront, distribution


def test_publish_puts_headers_invalidates_and_prunes_only_after_the_upload(site, tmp_path):
    s3, cloudfront, distribution = site
    s3.put_object(Bucket="mealprep-dev-storage", Key="frontend/assets/old-0badc0de.js", Body=b"old")
    s3.put_object(Bucket="mealprep-dev-storage", Key="uploads/photo.jpg", Body=b"user data")
    seen: list[str] = []
    published = publish(
        s3, cloudfront, "mealprep-dev-storage", distribution, SPA, prune=True, progress=seen.append
    )
    index = s3.head_object(Bucket="mealprep-dev-storage", Key="frontend/index.html")
    assert (index["CacheControl"], index["ContentType"]) == (NO_CACHE, "text/html; charset=utf-8")
    asset = s3.head_object(Bucket="mealprep-dev-storage", Key="frontend/assets/index-3f9a1c2b.js")
    assert asset["CacheControl"] == IMMUTABLE
    assert published.pruned == ["frontend/assets/old-0badc0de.js"]
    assert seen[-1] == "frontend/assets/old-0badc0de.js removed", "prune comes after every upload"
    remaining = {o["Key"] for o in s3.list_objects_v2(Bucket="mealprep-dev-storage")["Contents"]}
    assert "uploads/photo.jpg" in remaining, "prune never leaves the frontend/ prefix"
    invalidation = cloudfront.get_invalidation(DistributionId=distribution, Id=published.invalidation)
    assert invalidation["Invalidation"]["InvalidationBatch"]["Paths"]["Items"] == ["/*"]


def test_without_prune_old_files_stay(site, tmp_path):
    s3, cloudfront, distribution = site
    build = tmp_path / "dist"
    shutil.copytree(SPA, build)
    s3.put_object(Bucket="mealprep-dev-storage", Key="frontend/assets/kept-1234abcd.js", Body=b"old")
    assert publish(s3, cloudfront, "mealprep-dev-storage", distribution, build).pruned == []
    s3.head_object(Bucket="mealprep-dev-storage", Key="frontend/assets/kept-1234abcd.js")
