"""An env's usage assumptions (envs/<env>/usage.yaml): every number the estimate needs
beyond the plan, visible and reviewable."""

from pathlib import Path

import yaml

from harness import paths
from harness.errors import HarnessError

REQUIRED = (
    "requests_million",
    "api_share",
    "cloudfront_gb",
    "nat_gb",
    "alb_lcu",
    "api_hours_per_month",
    "log_ingest_gb",
    "database_storage_gb",
    "database_io_million",
    "backup_gb",
    "storage_gb",
    "storage_requests_thousand",
    "audit_gb",
    "edge_logs_gb",
    "replica_gb",
    "ecr_gb",
    "trail_data_events_million",
    "uploads_per_month",
    "function_ms_per_upload",
    "guardduty_cloudtrail_events_million",
    "guardduty_flow_and_dns_gb",
    "guardduty_s3_events_million",
    "alerts_per_month",
)


def path_of(env: str) -> Path:
    return paths.REPO_ROOT / "envs" / env / "usage.yaml"


def load(env: str, path: Path | None = None) -> dict[str, float]:
    path = path or path_of(env)
    if not path.is_file():
        raise HarnessError(
            f"{path} is missing: the usage the {env} estimate assumes (see envs/dev/usage.yaml).", 1
        )
    raw = yaml.safe_load(path.read_text()) or {}
    if not isinstance(raw, dict):
        raise HarnessError(f"{path} must be a map of usage numbers.", 1)
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise HarnessError(f"{path} lacks {', '.join(missing)}.", 1)
    unknown = sorted(set(raw) - set(REQUIRED))
    if unknown:
        raise HarnessError(f"{path}: unknown usage {', '.join(unknown)}; known: {', '.join(REQUIRED)}.", 1)
    bad = [k for k, v in raw.items() if isinstance(v, bool) or not isinstance(v, int | float) or v < 0]
    if bad:
        raise HarnessError(f"{path}: {', '.join(bad)} must be numbers, 0 or more.", 1)
    if raw["api_share"] > 1:
        raise HarnessError(f"{path}: api_share is a share of requests, between 0 and 1.", 1)
    return {k: float(v) for k, v in raw.items()}
