from harness.plantest.config import module_resources, references


def test_daily_rule_at_the_seed_window_with_retention_per_environment(planned):
    for scenario, days in (("dev", 7), ("prod", 30)):
        rules = {r["rule_name"]: r for r in planned.plans[scenario].values()["aws_backup_plan.this"]["rule"]}
        assert rules["daily"]["schedule"] == "cron(0 3 * * ? *)"
        assert rules["daily"]["lifecycle"][0]["delete_after"] == days
    prod = {r["rule_name"]: r for r in planned.plans["prod"].values()["aws_backup_plan.this"]["rule"]}
    assert set(prod) == {"daily", "weekly", "monthly"}
    assert prod["monthly"]["lifecycle"][0]["cold_storage_after"] == 90


def test_copy_to_the_dr_vault_in_prod_only(planned):
    dev_rules = planned.plans["dev"].values()["aws_backup_plan.this"]["rule"]
    assert all(rule["copy_action"] == [] for rule in dev_rules)
    assert "aws_backup_vault.dr[0]" not in planned.plans["dev"].values()
    prod_rules = planned.plans["prod"].values()["aws_backup_plan.this"]["rule"]
    assert all(len(rule["copy_action"]) == 1 for rule in prod_rules)
    assert all(rule["copy_action"][0]["lifecycle"][0]["delete_after"] == 30 for rule in prod_rules)
    resources = module_resources(planned.raw["prod"], "s_prod")
    assert resources["aws_backup_vault.dr"]["provider_config_key"] == "aws.dr"
    assert planned.plans["prod"].values()["aws_backup_vault.dr[0]"]["name"] == "mealprep-prod-backup-dr"


def test_selection_and_service_role(planned):
    values = planned.plans["prod"].values()
    assert values["aws_backup_selection.resources[0]"]["resources"] == [
        "arn:aws:rds:us-west-2:123456789012:cluster:mealprep-prod-cluster",
        "arn:aws:s3:::mealprep-prod-storage-123456789012",
    ]
    attached = sorted(
        v["policy_arn"].rsplit("/", 1)[1]
        for a, v in values.items()
        if a.startswith("aws_iam_role_policy_attachment.")
    )
    assert attached == [
        "AWSBackupServiceRolePolicyForBackup",
        "AWSBackupServiceRolePolicyForRestores",
        "AWSBackupServiceRolePolicyForS3Backup",
        "AWSBackupServiceRolePolicyForS3Restore",
    ]
    resources = module_resources(planned.raw["dev"], "s_dev")
    assert "module.key.key_arn" in references(resources["aws_backup_vault.this"], "kms_key_arn")
