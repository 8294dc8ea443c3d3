from harness.plantest.secrets import secret_values


def test_a_planted_password_is_found_wherever_it_sits():
    raw = {
        "resource_changes": [
            {
                "address": "aws_rds_cluster.this",
                "change": {
                    "before": None,
                    "after": {"master_password": "hunter2", "master_username": "admin"},
                },
            }
        ],
        "configuration": {"root_module": {"resources": [{"expressions": {"auth_token": "s3cr3t-token"}}]}},
        "variables": {"db": {"value": {"password": "from-a-variable"}}},
    }
    assert [value for _, value in secret_values(raw)] == ["hunter2", "from-a-variable", "s3cr3t-token"]


def test_nulls_booleans_and_write_only_attributes_are_not_secrets():
    raw = {
        "resource_changes": [
            {
                "address": "x",
                "change": {
                    "after": {
                        "manage_master_user_password": True,
                        "master_password": None,
                        "secret_string_wo": None,
                        "secret_string_wo_version": 1,
                    }
                },
            }
        ]
    }
    assert secret_values(raw) == []
