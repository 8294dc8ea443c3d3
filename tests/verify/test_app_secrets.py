import json

import pytest

from harness.app_secrets import read_value, set_key
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

    def versions() -> list[tuple[str, list[str]]]:
        """Ids and stages: the emulator moves an old version's dates when the current one is read."""
        listed = manager.list_secret_version_ids(SecretId=arn)["Versions"]
        return sorted((v["VersionId"], sorted(v["VersionStages"])) for v in listed)

    for stored in ("not json", '["a list"]', '"a string"'):
        manager.put_secret_value(SecretId=arn, SecretString=stored)
        before = versions()
        with pytest.raises(
            HarnessError, match=r"does not hold a JSON object, so bedrockApiKey cannot be merged"
        ):
            set_key(manager, arn, "bedrockApiKey", "k")
        assert versions() == before, "nothing was written"


@pytest.mark.parametrize(
    "key, raw, message",
    [
        ("bedrockApiKey", b"", "no value for bedrockApiKey on standard input (empty or only whitespace)"),
        (
            "bedrockApiKey",
            b"  \t \n",
            "no value for bedrockApiKey on standard input (empty or only whitespace)",
        ),
        ("jwtSecret", b"short-secret\n", "the value for jwtSecret has 12 characters; it needs at least 32"),
        ("emailApiKey", b"\xff\xfekey", "the value for emailApiKey on standard input is not UTF-8 text"),
    ],
)
def test_a_value_is_refused_before_anything_is_read_or_written(key, raw, message):
    with pytest.raises(HarnessError) as caught:
        read_value(key, raw)
    assert caught.value.message == f"{message}; nothing changed."


def test_a_value_keeps_everything_but_one_trailing_newline():
    assert read_value("bedrockApiKey", "kéy with spaces \n".encode()) == "kéy with spaces "
    assert read_value("jwtSecret", b"j" * 32) == "j" * 32
