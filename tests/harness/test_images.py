"""Image references: strict parsing, pinning by digest in the project's registry, refusal of others."""

import pytest

from harness import images
from harness.errors import HarnessError

REGISTRY = "123456789012.dkr.ecr.us-west-2.amazonaws.com/mealprep-dev-api"
DIGEST = "sha256:" + "ab" * 32


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.4.2", images.ImageRef(REGISTRY, tag="1.4.2")),
        (f"{REGISTRY}:1.4.2", images.ImageRef(REGISTRY, tag="1.4.2")),
        (f"{REGISTRY}@{DIGEST}", images.ImageRef(REGISTRY, digest=DIGEST)),
        ("public.ecr.aws/nginx/nginx:1.27", images.ImageRef("public.ecr.aws/nginx/nginx", tag="1.27")),
        ("localhost:5000/api:dev", images.ImageRef("localhost:5000/api", tag="dev")),
    ],
)
def test_references_parse(text, expected):
    assert images.parse(text, REGISTRY) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("1.4.2\n", "contains whitespace"),
        ("api :1", "contains whitespace"),
        ("mealprep/api", "is not an image reference"),  # no tag, no digest: which image?
        ("Mealprep/API:1", "is not an image reference"),
        (f"{REGISTRY}@sha256:abc", "is not an image reference"),
        (f"{REGISTRY}:", "is not an image reference"),
    ],
)
def test_bad_references_are_one_line_naming_the_option_and_the_forms(text, why):
    with pytest.raises(HarnessError) as raised:
        images.parse(text, REGISTRY)
    assert why in raised.value.message and raised.value.message.startswith("--image")
    assert "<repository>:<tag>" in raised.value.message and "\n" not in raised.value.message
    assert raised.value.exit_code == 2


@pytest.fixture(scope="module")
def registry(emulator):
    ecr = emulator.client("ecr")
    url = ecr.create_repository(repositoryName="mealprep-dev-api", imageTagMutability="IMMUTABLE")[
        "repository"
    ]["repositoryUri"]
    digest = images.push_manifest(ecr, "mealprep-dev-api", "1.0.0")
    return ecr, url, digest


def test_a_tag_is_pinned_to_its_digest_in_the_project_registry(registry):
    ecr, url, digest = registry
    assert images.pin(ecr, images.parse("1.0.0", url), url) == f"{url}@{digest}"
    assert images.pin(ecr, images.parse(f"{url}@{digest}", url), url) == f"{url}@{digest}"
    assert images.in_registry(f"{url}@{digest}", url)
    assert not images.in_registry(f"{url}:1.0.0", url), "a tag is not a pinned release"
    assert not images.in_registry(f"evil.example/{url}@{digest}", url)


def test_a_missing_tag_or_another_registry_is_refused_in_one_line(registry):
    ecr, url, _ = registry
    with pytest.raises(
        HarnessError, match=r"is not in .*mealprep-dev-api \(ImageNotFoundException\); push it first"
    ):
        images.pin(ecr, images.parse("9.9.9", url), url)
    external = images.parse("docker.io/mealprep/api:latest", url)
    with pytest.raises(
        HarnessError, match=r"not in the project's registry .* --allow-external-image"
    ) as raised:
        images.pin(ecr, external, url)
    assert raised.value.exit_code == 2
    assert images.pin(ecr, external, url, allow_external=True) == "docker.io/mealprep/api:latest"


def test_tags_are_immutable_so_a_pushed_tag_keeps_naming_one_image(registry):
    ecr, _, _ = registry
    with pytest.raises(Exception, match=r"ImageTagAlreadyExists|already exists"):
        images.push_manifest(ecr, "mealprep-dev-api", "1.0.0", content="another build")
