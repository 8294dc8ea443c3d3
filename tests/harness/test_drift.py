import re
from pathlib import Path

from harness.drift import KEY_POLICY_OWNER, OWNED_ELSEWHERE, DriftReport, classify
from harness.emulator_drift import Drift
from harness.verify.model import Check, Status

MODULES = Path(__file__).resolve().parents[2] / "modules"


def _drifted(address: str, kind: str, before: dict, after: dict | None, actions=("update",)) -> dict:
    return {
        "address": address,
        "type": kind,
        "change": {"actions": list(actions), "before": before, "after": after},
    }


def _config(address: str, *attributes: str) -> dict:
    return {"address": address, "expressions": {a: {} for a in attributes}}


def test_a_change_made_outside_terraform_is_drift_named_by_resource_and_attribute():
    raw = {
        "resource_drift": [
            _drifted(
                "module.database.aws_cloudwatch_log_group.postgresql",
                "aws_cloudwatch_log_group",
                {"name": "/aws/rds/x", "retention_in_days": 7},
                {"name": "/aws/rds/x", "retention_in_days": 1},
            ),
            _drifted(
                "module.service.aws_ecs_service.api",
                "aws_ecs_service",
                {"task_definition": "api:1", "desired_count": 2},
                {"task_definition": "api:2", "desired_count": 4},
            ),
            _drifted("module.audit.aws_sns_topic.alerts", "aws_sns_topic", {"name": "a"}, None, ("delete",)),
            _drifted(
                "module.edge.aws_cloudfront_distribution.this",
                "aws_cloudfront_distribution",
                {"origin": [{"origin_access_control_id": "E1"}]},
                {"origin": [{"origin_access_control_id": ""}]},
            ),
            # Computed, not configured: moved by the rule resources, which report their own drift.
            _drifted(
                "module.service.aws_security_group.tasks",
                "aws_security_group",
                {"ingress": [], "name": "tasks"},
                {"ingress": [{"from_port": 443}], "name": "tasks"},
            ),
        ],
        "configuration": {
            "root_module": {
                "module_calls": {
                    "database": {
                        "module": {
                            "resources": [
                                _config("aws_cloudwatch_log_group.postgresql", "name", "retention_in_days")
                            ]
                        }
                    },
                    "service": {
                        "module": {
                            "resources": [
                                _config("aws_ecs_service.api", "task_definition", "desired_count"),
                                _config("aws_security_group.tasks", "name", "vpc_id"),
                            ]
                        }
                    },
                    "audit": {"module": {"resources": [_config("aws_sns_topic.alerts", "name")]}},
                    "edge": {
                        "module": {"resources": [_config("aws_cloudfront_distribution.this", "origin")]}
                    },
                }
            }
        },
    }
    changed, emulator, owned = classify(raw, on_emulator=True)
    assert [str(d) for d in changed] == [
        "module.database.aws_cloudwatch_log_group.postgresql: retention_in_days",
        "module.audit.aws_sns_topic.alerts: (the whole resource: deleted)",
    ]
    assert [(str(d), who) for d, who in owned] == [
        ("module.service.aws_ecs_service.api: desired_count", "application autoscaling sets it"),
        ("module.service.aws_ecs_service.api: task_definition", "deploy-app rolls the release"),
    ]
    assert [str(d) for d in emulator] == [
        "module.edge.aws_cloudfront_distribution.this: origin[0].origin_access_control_id"
    ]
    # Against AWS nothing is excused as the emulator's.
    changed_on_aws, emulator_on_aws, _ = classify(raw, on_emulator=False)
    assert emulator_on_aws == [] and len(changed_on_aws) == 3


def test_drift_is_clean_only_without_changes_and_failed_checks():
    passing = Check("kms.key.rotation", "every KMS key", "all 3", "all 3", Status.PASS)
    failing = Check("kms.key.rotation", "module.k (id)", "True", "False", Status.FAIL)
    assert not DriftReport("dev", "emulator", checks=[passing]).drifted
    assert DriftReport("dev", "emulator", checks=[passing, failing]).drifted
    report = DriftReport("prod", "aws", changed=[Drift("module.a.aws_s3_bucket.b", "tags.Owner")])
    assert report.drifted
    assert (
        report.summary() == "prod on aws has drifted: 1 attributes changed outside Terraform, 0 checks failed"
    )
    assert "| `module.a.aws_s3_bucket.b` | `tags.Owner` |" in report.markdown()


def test_what_drift_excuses_as_owned_elsewhere_is_exactly_what_the_modules_ignore():
    ignored = set()
    for path in MODULES.rglob("*.tf"):
        text = path.read_text()
        for block in re.finditer(r'resource "(\w+)" "\w+" \{(.*?)\n\}', text, re.S):
            for found in re.finditer(r"ignore_changes\s*=\s*\[([^\]]*)\]", block.group(2)):
                ignored |= {(block.group(1), a.strip()) for a in found.group(1).split(",") if a.strip()}
    declared = {(kind, pattern.split("(")[0]) for kind, pattern in OWNED_ELSEWHERE}
    assert declared == ignored


def _key_drift(address: str, key_id: str) -> dict:
    return _drifted(
        address,
        "aws_kms_key",
        {"key_id": key_id, "policy": "{default}"},
        {"key_id": key_id, "policy": "{full}"},
    )


def test_a_keys_policy_is_owned_by_its_policy_resource_only_where_one_applies_it():
    """modules/kms separate_policy: the key is created with AWS's default policy and an
    aws_kms_key_policy applies the full one, so every refresh sees the key's policy move. That
    is excused for that key alone; another key's policy changing is drift."""
    raw = {
        "resource_drift": [
            _key_drift("module.storage.module.key.aws_kms_key.this", "k-storage"),
            _key_drift("module.database.module.key.aws_kms_key.this", "k-database"),
        ],
        "prior_state": {
            "values": {
                "root_module": {
                    "child_modules": [
                        {
                            "resources": [
                                {
                                    "address": "module.storage.module.key.aws_kms_key_policy.this[0]",
                                    "mode": "managed",
                                    "type": "aws_kms_key_policy",
                                    "values": {"key_id": "k-storage", "policy": "{full}"},
                                },
                                *(
                                    {
                                        "address": f"module.{m}.module.key.aws_kms_key.this",
                                        "mode": "managed",
                                        "type": "aws_kms_key",
                                        "values": {"key_id": f"k-{m}"},
                                    }
                                    for m in ("storage", "database")
                                ),
                            ]
                        }
                    ]
                }
            }
        },
        "configuration": {
            "root_module": {
                "module_calls": {
                    m: {
                        "module": {
                            "module_calls": {
                                "key": {"module": {"resources": [_config("aws_kms_key.this", "policy")]}}
                            }
                        }
                    }
                    for m in ("storage", "database")
                }
            }
        },
    }
    changed, _, owned = classify(raw, on_emulator=False)
    assert [str(d) for d in changed] == ["module.database.module.key.aws_kms_key.this: policy"]
    assert [(str(d), who) for d, who in owned] == [
        ("module.storage.module.key.aws_kms_key.this: policy", KEY_POLICY_OWNER)
    ]
