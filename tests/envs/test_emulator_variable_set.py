"""The emulator's variable set (from harness/emulator_gaps.py) switches off only what the emulator cannot create."""

import re

from harness import emulator_gaps, functions
from harness.plan import Plan

from .conftest import ENVS, differences

# What each declared switch may remove or change, and nothing else.
SWITCHED_OFF = re.compile(
    r"module\.cache\..*"
    r"|module\.budget\..*"
    r"|module\.backup\.aws_backup_selection\.resources"
    r"|module\.backup\.aws_backup_vault_notifications\.this"
    r"|module\.edge\.aws_cloudfront_response_headers_policy\.security"
    r"|module\.edge\.aws_cloudfront_vpc_origin\.api"
    r"|module\.edge\.aws_cloudfront_function\.spa_routing"
    r"|module\.service\.aws_xray_sampling_rule\.(api|default)"
    r"|module\.monitoring\.aws_cloudwatch_metric_alarm\.this"  # the cache alarms
)
CHANGED_WIRING = {
    ("module.edge.aws_cloudfront_distribution.this", "default_cache_behavior"),
    ("module.edge.aws_cloudfront_distribution.this", "ordered_cache_behavior"),
    ("module.edge.aws_cloudfront_distribution.this", "origin"),  # the ALB as a plain origin
    ("module.edge.aws_cloudfront_distribution.this", "wait_for_deployment"),
    ("module.service.aws_vpc_security_group_egress_rule.tasks_extra", "*"),
}


def test_the_emulator_set_changes_only_the_documented_gaps(planner, envs, tmp_path):
    var_file = emulator_gaps.write_var_file(tmp_path)
    emulator = Plan.from_json(planner.plan_root(ENVS / "dev", (functions.var_file(), var_file)))
    found = differences(envs["dev"].plan.values(), emulator.values())
    unexplained = sorted(d for d in found if not SWITCHED_OFF.fullmatch(d[0]) and d not in CHANGED_WIRING)
    assert unexplained == []
    assert ("module.cache.aws_elasticache_replication_group.this", "*") in found
    assert emulator.outputs["expected"]["features"]["cache"] is False
    assert envs["dev"].plan.outputs["expected"]["features"]["cache"] is True


def test_every_declared_switch_is_a_feature_of_the_envs_and_every_feature_is_on_for_aws(envs):
    for env in ("dev", "prod"):
        features = envs[env].plan.outputs["expected"]["features"]
        assert set(emulator_gaps.variables()["features"]) <= set(features), env
        assert all(features.values()), f"{env} switches a feature off for AWS: {features}"
