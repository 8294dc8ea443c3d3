"""Set one key of the JSON app secret without the value passing through Terraform."""

import json
from typing import Any

from harness.errors import HarnessError


def set_key(secretsmanager: Any, secret_id: str, key: str, value: str) -> str:
    """Merge key=value into the secret as a new version; returns the version id."""
    if not value:
        raise HarnessError(f"no value for {key} on standard input; nothing changed.")
    document = json.loads(secretsmanager.get_secret_value(SecretId=secret_id)["SecretString"])
    if key not in document:
        raise HarnessError(f"{key} is not a key of {secret_id}; its keys are: {', '.join(sorted(document))}.")
    document[key] = value
    response = secretsmanager.put_secret_value(SecretId=secret_id, SecretString=json.dumps(document))
    return str(response["VersionId"])
