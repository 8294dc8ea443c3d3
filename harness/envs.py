"""Environment roots (envs/<name>) and how each target keeps their state."""

import json
from pathlib import Path

from harness import paths
from harness.errors import HarnessError
from harness.targets import Target

DEPLOYABLE = ("dev", "prod")
EMULATOR_STATE_BUCKET = "mealprep-tfstate-emulator"


def env_root(name: str) -> Path:
    if name not in DEPLOYABLE:
        raise HarnessError(f"unknown environment '{name}'; valid environments: {', '.join(DEPLOYABLE)}.")
    root = paths.REPO_ROOT / "envs" / name
    if not (root / "main.tf").is_file():
        raise HarnessError(f"environment '{name}' has no root module at {root} yet.")
    return root


def data_dir(name: str, target: Target) -> Path:
    """Terraform's working data per env and target, so switching targets never mixes state."""
    return paths.state_dir() / "tfdata" / f"{name}-{target.name}"


def backend_config(name: str, target: Target) -> Path:
    """The backend settings file: envs/<env>/backend.hcl for AWS, a generated one for the emulator."""
    if not target.is_emulator:
        config = env_root(name) / "backend.hcl"
        if not config.is_file():
            raise HarnessError(f"{config} is missing; copy backend.hcl.example and name your state bucket.")
        return config
    _ensure_bucket(target)
    settings = {
        "bucket": EMULATOR_STATE_BUCKET,
        "key": f"{name}/terraform.tfstate",
        "region": target.region,
        "use_lockfile": True,
        "encrypt": True,
        "use_path_style": True,
        "skip_credentials_validation": True,
        "skip_requesting_account_id": True,
        "skip_metadata_api_check": True,
    }
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    lines.append(f'endpoints = {{ s3 = "{target.endpoint}" }}')
    path = paths.build_dir(name) / "backend-emulator.hcl"
    path.write_text("\n".join(lines) + "\n")
    return path


def _ensure_bucket(target: Target) -> None:
    s3 = target.client("s3")
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if EMULATOR_STATE_BUCKET not in existing:
        s3.create_bucket(
            Bucket=EMULATOR_STATE_BUCKET, CreateBucketConfiguration={"LocationConstraint": target.region}
        )
        s3.put_bucket_versioning(Bucket=EMULATOR_STATE_BUCKET, VersioningConfiguration={"Status": "Enabled"})
