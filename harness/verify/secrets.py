import json

from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, Status, compare


def app_secret(ctx: Context) -> list[Check]:
    arn = ctx.outputs.app_secret_arn
    client = ctx.client("secretsmanager")
    try:
        value = client.get_secret_value(SecretId=arn)["SecretString"]
    except client.exceptions.ResourceNotFoundException:
        return [
            Check(
                "secrets.app-secret.exists",
                arn,
                "the app secret exists",
                "not found",
                Status.FAIL,
                "the tasks cannot start without it; restore it or re-apply the env",
            )
        ]
    except client.exceptions.InvalidRequestException as error:  # scheduled for deletion
        return [
            Check(
                "secrets.app-secret.exists", arn, "the app secret exists", "deleted", Status.FAIL, str(error)
            )
        ]
    checks = [Check("secrets.app-secret.exists", arn, "the app secret exists", "exists", Status.PASS)]
    try:
        document = json.loads(value)
    except ValueError:
        return [*checks, Check("secrets.app-secret.keys", arn, "a JSON object", "not JSON", Status.FAIL)]
    keys = compare("secrets.app-secret.keys", arn, sorted(ctx.expected.secret_keys), sorted(document))
    checks.append(keys)
    jwt = document.get("jwtSecret") or ""
    checks.append(
        Check(
            "secrets.app-secret.jwt-generated",
            arn,
            "a generated secret of 32+ characters",
            f"{len(jwt)} characters",
            Status.PASS if len(jwt) >= 32 else Status.FAIL,
        )
    )
    for key, placeholder in sorted(ctx.expected.secret_placeholders.items()):
        if document.get(key) == placeholder:
            checks.append(
                Check(
                    f"secrets.app-secret.{key}",
                    arn,
                    "set by an operator",
                    "still the placeholder",
                    Status.WARN,
                    f"set it with `mealprep-infra secrets set {ctx.env} {key}`",
                )
            )
        else:
            checks.append(Check(f"secrets.app-secret.{key}", arn, "set by an operator", "set", Status.PASS))
    return checks


CHECKS: list[CheckFunction] = [app_secret]
