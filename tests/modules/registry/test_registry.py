import json


def test_tags_are_immutable_every_push_is_scanned_and_images_use_the_modules_key(planned):
    values = planned.plans["with-push-roles"].values()
    repository = values["aws_ecr_repository.this"]
    assert repository["image_tag_mutability"] == "IMMUTABLE"
    assert repository["image_scanning_configuration"] == [{"scan_on_push": True}]
    assert repository["encryption_configuration"][0]["encryption_type"] == "KMS"
    assert repository["force_delete"] is False


def test_untagged_images_expire_in_days_and_release_images_are_capped(planned):
    policy = json.loads(planned.plans["with-push-roles"].values()["aws_ecr_lifecycle_policy.this"]["policy"])
    untagged, releases = policy["rules"]
    assert untagged["selection"] == {
        "tagStatus": "untagged",
        "countType": "sinceImagePushed",
        "countUnit": "days",
        "countNumber": 3,
    }
    assert releases["selection"]["countType"] == "imageCountMoreThan"
    assert releases["selection"]["countNumber"] == 30
    assert all(rule["action"] == {"type": "expire"} for rule in policy["rules"])


def test_only_the_named_ci_roles_may_push_and_nothing_else_is_granted(planned):
    policy = json.loads(
        planned.plans["with-push-roles"].values()["aws_ecr_repository_policy.this[0]"]["policy"]
    )
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {"AWS": "arn:aws:iam::123456789012:role/mealprep-github-deploy-prod"}
    assert "ecr:PutImage" in statement["Action"] and "ecr:DeleteRepository" not in statement["Action"]
    assert "ecr:SetRepositoryPolicy" not in statement["Action"]
    assert "aws_ecr_repository_policy" not in planned.plans["minimal"].counts()
