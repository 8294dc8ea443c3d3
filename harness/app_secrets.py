"""Set one key of the JSON app secret without the value passing through Terraform."""

import json
from typing import Any

from harness.errors import HarnessError

# The shortest value each key accepts; jwtSecret signs tokens and the module generates 32+ characters
# (modules/secrets, jwt_secret_length), so a hand-set one may not be weaker.
MINIMUM_LENGTH = {"jwtSecret": 32}


def read_value(key: str, raw: bytes) -> str:
    """The value from standard input's bytes: UTF-8 text, one trailing newline dropped, not blank,
    and as long as the key needs. Checked before anything is read from or written to AWS."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HarnessError(
            f"the value for {key} on standard input is not UTF-8 text; nothing changed."
        ) from None
    value = text.removesuffix("\n").removesuffix("\r")
    if not value.strip():
        raise HarnessError(
            f"no value for {key} on standard input (empty or only whitespace); nothing changed."
        )
    shortest = MINIMUM_LENGTH.get(key, 1)
    if len(value) < shortest:
        raise HarnessError(
            f"the value for {key} has {len(value)} characters; it needs at least {shortest}; nothing changed."
        )
    return value


def set_key(secretsmanager: Any, secret_id: str, key: str, value: str) -> str:
    """Merge key=value into the secret as a new version; returns the version id."""
    stored = secretsmanager.get_secret_value(SecretId=secret_id).get("SecretString")
    try:
        document = json.loads(stored or "")
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise HarnessError(
            f"{secret_id} does not hold a JSON object, so {key} cannot be merged into it; nothing changed "
            "(restore its previous version in Secrets Manager, or bump the secrets module's rotation).",
            1,
        )
    if key not in document:
        raise HarnessError(f"{key} is not a key of {secret_id}; its keys are: {', '.join(sorted(document))}.")
    document[key] = value
    response = secretsmanager.put_secret_value(SecretId=secret_id, SecretString=json.dumps(document))
    return str(response["VersionId"])
