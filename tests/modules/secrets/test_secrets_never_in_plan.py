import json
import re

from harness.plantest.config import module_resources


def test_no_secret_value_in_the_plan(planned):
    for name, raw in planned.raw.items():
        text = json.dumps(raw)
        # The key may be named (descriptions, key lists) but never carry a value.
        assert not re.search(r'jwtSecret\\*"\s*:', text), name
        version = planned.plans[name].values()["aws_secretsmanager_secret_version.initial"]
        assert version.get("secret_string") in (None, "")
        assert version.get("secret_string_wo") is None
        assert version["secret_string_wo_version"] == 1


def test_secret_is_named_per_environment_and_encrypted(planned):
    for env, window in (("dev", 7), ("prod", 30)):
        secret = planned.plans[env].values()["aws_secretsmanager_secret.app"]
        assert secret["name"] == f"{env}/mealprep/app-secrets"
        assert secret["recovery_window_in_days"] == window
    resources = module_resources(planned.raw["dev"], "s_dev")
    assert (
        "module.key.key_arn"
        in resources["aws_secretsmanager_secret.app"]["expressions"]["kms_key_id"]["references"]
    )


def test_the_jwt_secret_comes_from_the_ephemeral_generator(planned):
    resources = module_resources(planned.raw["dev"], "s_dev")
    refs = resources["aws_secretsmanager_secret_version.initial"]["expressions"]["secret_string_wo"][
        "references"
    ]
    assert "ephemeral.aws_secretsmanager_random_password.jwt.random_password" in refs
