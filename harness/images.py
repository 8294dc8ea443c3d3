"""Container image references: parsed strictly, and pinned to a digest in the project's registry.

What `deploy-app` and `migrate` run is always `<repository>@sha256:<digest>`: a tag is resolved
once, in the project's ECR repository, so the image that runs is the image that was scanned on
push, and a later push cannot change it (the repository's tags are immutable as well).
"""

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from harness.errors import HarnessError

_NAME = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_REFERENCE = re.compile(
    rf"^(?P<repository>(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?{_NAME}(?:/{_NAME})*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[0-9a-f]{64}))?$"
)
_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
FORMS = "<repository>:<tag>, <repository>@sha256:<64 hex digits>, or a tag of the project's registry"


@dataclass(frozen=True)
class ImageRef:
    repository: str
    tag: str | None = None
    digest: str | None = None

    def __str__(self) -> str:
        if self.digest:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag}" if self.tag else self.repository


def parse(text: str, registry_url: str, option: str = "--image") -> ImageRef:
    """A reference as given: a full one, or a bare tag meaning the project's registry."""
    if not text or not text.strip():
        raise HarnessError(f"{option} is empty; give {FORMS}.", 2)
    if text != text.strip() or any(ch.isspace() for ch in text):
        raise HarnessError(f"{option} {text!r} contains whitespace; give {FORMS}.", 2)
    if _TAG.match(text) and "/" not in text:
        return ImageRef(registry_url, tag=text)
    found = _REFERENCE.match(text)
    if found is None or not (found.group("tag") or found.group("digest")):
        raise HarnessError(f"{option} {text!r} is not an image reference; give {FORMS}.", 2)
    return ImageRef(found.group("repository"), found.group("tag"), found.group("digest"))


def pin(ecr: Any, ref: ImageRef, registry_url: str, allow_external: bool = False) -> str:
    """`<repository>@sha256:…` for an image of the project's registry, its digest read from ECR.

    An image from anywhere else is refused (the task execution role may pull from the project's
    repository only) unless `allow_external`, and is then returned as given."""
    from botocore.exceptions import ClientError

    if ref.repository != registry_url:
        if not allow_external:
            raise HarnessError(
                f"{ref} is not in the project's registry {registry_url}; push it there (CI does), or "
                "pass --allow-external-image if the task execution role can pull it.",
                2,
            )
        return str(ref)
    repository = registry_url.split("/", 1)[1]
    image_id = {"imageDigest": ref.digest} if ref.digest else {"imageTag": ref.tag}
    try:
        found = ecr.describe_images(repositoryName=repository, imageIds=[image_id])["imageDetails"]
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in ("ImageNotFoundException", "RepositoryNotFoundException"):
            raise HarnessError(f"{ref} is not in {registry_url} ({code}); push it first.", 1) from None
        raise HarnessError(f"could not read {ref} from ECR: {code or error}.", 1) from None
    if not found:
        raise HarnessError(f"{ref} is not in {registry_url}; push it first.", 1)
    digest = str(found[0]["imageDigest"])
    if ref.digest and digest != ref.digest:
        raise HarnessError(f"{ref} resolved to another digest ({digest}).", 1)
    return f"{registry_url}@{digest}"


def in_registry(image: str, registry_url: str) -> bool:
    """Whether a running image is the project's, pinned by digest."""
    return re.fullmatch(rf"{re.escape(registry_url)}@sha256:[0-9a-f]{{64}}", image) is not None


def push_manifest(ecr: Any, repository: str, tag: str, content: str = "mealprep-api") -> str:
    """Put a small image manifest under `tag`, as CI's `docker push` would; returns its digest.
    Used on the emulator, where no registry stores layers."""
    config_digest = "sha256:" + hashlib.sha256(content.encode()).hexdigest()
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": len(content),
            "digest": config_digest,
        },
        "layers": [],
    }
    image = ecr.put_image(repositoryName=repository, imageManifest=json.dumps(manifest), imageTag=tag)[
        "image"
    ]
    return str(image["imageId"]["imageDigest"])
