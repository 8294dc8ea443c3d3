import json

import pytest

from harness.app_secrets import set_key
from harness.errors import HarnessError


def test_a_key_is_merged_as_a_new_version_and_the_others_survive(emulator):
    manager = emulator.client("secretsmanager")
    arn = manager.create_secret(
        Name="prod/mealprep/app-secrets",
        SecretString=json.dumps(
            {"jwtSecret": "j" * 64, "bedrockApiKey": "PLACEHOLDER", "emailApiKey": "PLACEHOLDER"}
        ),
    )["ARN"]
    set_key(manager, arn, "bedrockApiKey", "real-bedrock-key")
    document = json.loads(manager.get_secret_value(SecretId=arn)["SecretString"])
    assert document == {
        "jwtSecret": "j" * 64,
        "bedrockApiKey": "real-bedrock-key",
        "emailApiKey": "PLACEHOLDER",
    }
    with pytest.raises(
        HarnessError,
        match=r"bedrockKey is not a key of .*; its keys are: bedrockApiKey, emailApiKey, jwtSecret",
    ):
        set_key(manager, arn, "bedrockKey", "x")
    with pytest.raises(HarnessError, match="no value for emailApiKey"):
        set_key(manager, arn, "emailApiKey", "")
