"""Where a run points: real AWS with the caller's credentials, or the local emulator."""

import functools
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from harness.emulator import Emulator
from harness.errors import HarnessError

TARGETS = ("aws", "emulator")
DEFAULT_REGION = "us-west-2"
FAKE_KEY = "test"

# Variables that could send an emulator run elsewhere: profiles, role chains, service endpoints.
_AWS_ROUTING = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)


@dataclass(frozen=True)
class Target:
    name: str
    region: str
    endpoint: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)

    @property
    def is_emulator(self) -> bool:
        return self.endpoint is not None

    def lacks(self, capability: str) -> str | None:
        """Why this target cannot do `capability` (harness/emulator_gaps.py), or None if it can."""
        from harness import emulator_gaps

        return emulator_gaps.reason(capability) if self.is_emulator else None

    def environ(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """A full process environment for terraform or boto3 pointed at this target."""
        env = dict(os.environ if base is None else base)
        if self.is_emulator:
            for name in list(env):
                if name in _AWS_ROUTING or name.startswith("AWS_ENDPOINT_URL_"):
                    del env[name]
        env.update(self.overrides)
        return env

    def client(self, service: str, region: str | None = None) -> Any:
        import boto3
        from botocore.config import Config

        config = Config(retries={"max_attempts": 8, "mode": "adaptive"}, connect_timeout=5, read_timeout=60)
        if not self.is_emulator:
            # A session of its own: the caller's credentials are read afresh each time.
            return boto3.session.Session(region_name=region or self.region).client(service, config=config)
        # The emulator's clients share one session, which loads each service model and the
        # endpoint rules once (about 0.1 s per client otherwise, most of a verify's time).
        with _SESSION_LOCK:
            return _emulator_session().client(
                service,
                region_name=region or self.region,
                endpoint_url=self.endpoint,
                config=config.merge(Config(proxies={})),
            )


# A session is not safe to create clients from on several threads at once.
_SESSION_LOCK = threading.Lock()


@functools.cache
def _emulator_session() -> Any:
    """A session that reads no profile or config file: the emulator's clients must not fail on
    (or be steered by) the caller's AWS_PROFILE, as terraform's environment is not."""
    import boto3
    import botocore.session

    # (instance variable, environment variable, default, conversion): no env var for the profile.
    core = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
    core.set_config_variable("config_file", os.devnull)
    core.set_config_variable("credentials_file", os.devnull)
    return boto3.session.Session(
        aws_access_key_id=FAKE_KEY, aws_secret_access_key=FAKE_KEY, botocore_session=core
    )


def emulator_target(endpoint: str, region: str = DEFAULT_REGION) -> Target:
    overrides = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": FAKE_KEY,
        "AWS_SECRET_ACCESS_KEY": FAKE_KEY,
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    return Target(name="emulator", region=region, endpoint=endpoint, overrides=overrides)


def resolve(name: str, region: str | None = None, emulator: Emulator | None = None) -> Target:
    """The target by name; `emulator` starts (or reuses) the local server."""
    if name not in TARGETS:
        raise HarnessError(f"unknown target '{name}'; valid targets: {', '.join(TARGETS)}.")
    if name == "aws":
        chosen = region or os.environ.get("AWS_REGION") or DEFAULT_REGION
        return Target(name="aws", region=chosen)
    state = (emulator or Emulator()).start()
    return emulator_target(state.url, region or DEFAULT_REGION)
