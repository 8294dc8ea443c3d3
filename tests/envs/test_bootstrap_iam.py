"""What the CI identities that envs/bootstrap creates can really do, decided the way IAM does.

The root is applied to a private emulator with a GitHub repository set; the trust, identity,
boundary and bucket policies are read back as AWS stores them and evaluated with
harness.iam_policy (moto stores policies but enforces none). Each case is a request a CI job
could make: a pull request's plan, a dev deploy, a prod deploy, or a stack role created by
one of them.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.iam_policy import Request, decide
from harness.shadow import shadow
from harness.targets import Target
from harness.terraform import Terraform

ROOT = Path(__file__).resolve().parents[2] / "envs" / "bootstrap"
GITHUB = Path(__file__).resolve().parent / "fixtures" / "bootstrap-github.tfvars"
ACCOUNT = "123456789012"
REPO = "mealprep/mealprep-infra"
STATE = f"arn:aws:s3:::mealprep-tfstate-{ACCOUNT}"
ROLE = f"arn:aws:iam::{ACCOUNT}:role"
POLICY = f"arn:aws:iam::{ACCOUNT}:policy"


def _subject(context: str, ref: str, workflow: str) -> str:
    return f"repo:{REPO}:{context}:ref:{ref}:job_workflow_ref:{REPO}/.github/workflows/{workflow}@{ref}"


@pytest.fixture(scope="module")
def applied(emulator: Target, tmp_path_factory) -> Iterator[dict[str, Any]]:
    """The bootstrap root applied once; the policies of its roles and bucket, as stored."""
    scratch = tmp_path_factory.mktemp("bootstrap")
    # Local state in the scratch folder, never in the repository's bootstrap root.
    backend = f'terraform {{\n  backend "local" {{\n    path = "{scratch / "terraform.tfstate"}"\n  }}\n}}\n'
    folder = shadow(ROOT, {"zz_test_backend_override.tf": backend}, f"bootstrap-iam-{os.getpid()}")
    terraform = Terraform(folder, emulator, data_dir=scratch / "tfdata")
    try:
        terraform.init()
        terraform.plan(scratch / "tfplan", var_files=(GITHUB,))
        terraform.apply(scratch / "tfplan", stream=False)
        iam, s3 = emulator.client("iam"), emulator.client("s3")

        def role(name: str) -> dict[str, Any]:
            found = iam.get_role(RoleName=name)["Role"]
            inline = [
                iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"]
                for p in iam.list_role_policies(RoleName=name)["PolicyNames"]
            ]
            return {"trust": found["AssumeRolePolicyDocument"], "policies": inline}

        def boundary(env: str) -> Any:
            arn = f"{POLICY}/mealprep-boundary-{env}"
            version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
            return iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]

        yield {
            "terraform": terraform,
            "scratch": scratch,
            "plan": role("mealprep-github-plan"),
            "dev": role("mealprep-github-deploy-dev"),
            "prod": role("mealprep-github-deploy-prod"),
            "boundary": {env: boundary(env) for env in ("dev", "prod")},
            "bucket_policy": s3.get_bucket_policy(Bucket=STATE.split(":::")[1])["Policy"],
            "outputs": terraform.output(),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _as(applied: dict[str, Any], who: str, action: str, resource: str, **context: Any) -> str:
    principal = {"plan": f"{ROLE}/mealprep-github-plan"}.get(who, f"{ROLE}/mealprep-github-deploy-{who}")
    request = Request(
        action, resource, {"aws:PrincipalArn": principal, "aws:RequestedRegion": "us-west-2", **context}
    )
    bucket = [applied["bucket_policy"]] if resource.startswith(STATE) else []
    return decide(request, applied[who]["policies"], resource_policies=bucket)


def _may_assume(applied: dict[str, Any], who: str, sub: str) -> bool:
    context = {
        "token.actions.githubusercontent.com:sub": sub,
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "aws:FederatedProvider": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com",
    }
    request = Request("sts:AssumeRoleWithWebIdentity", f"{ROLE}/x", context)
    return decide(request, [applied[who]["trust"]]) == "allowed"


# ---------------------------------------------------------------- trust


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_a_deploy_role_trusts_only_its_environment_on_the_default_branch(applied, env):
    other = "prod" if env == "dev" else "dev"
    assert _may_assume(applied, env, _subject(f"environment:{env}", "refs/heads/main", "deploy.yml"))
    refused = {
        "another branch": _subject(f"environment:{env}", "refs/heads/attacker", "deploy.yml"),
        "another workflow": _subject(f"environment:{env}", "refs/heads/main", "evil.yml"),
        "another environment": _subject(f"environment:{other}", "refs/heads/main", "deploy.yml"),
        "a pull request": _subject("pull_request", "refs/pull/7/merge", "deploy.yml"),
        "the default subject": f"repo:{REPO}:environment:{env}",
        "another repository": _subject(f"environment:{env}", "refs/heads/main", "deploy.yml").replace(
            REPO, "evil/fork"
        ),
    }
    allowed = [why for why, sub in refused.items() if _may_assume(applied, env, sub)]
    assert allowed == [], f"deploy-{env} trusts {allowed}"


APP = "mealprep/mealprep-app"


def _app_subject(env: str, ref: str, workflow_ref: str) -> str:
    return f"repo:{APP}:environment:{env}:ref:{ref}:job_workflow_ref:{workflow_ref}"


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_the_app_repository_may_deliver_only_through_deliver_yml_on_both_default_branches(applied, env):
    ours = f"{REPO}/.github/workflows"
    assert _may_assume(applied, env, _subject(f"environment:{env}", "refs/heads/main", "deliver.yml"))
    assert _may_assume(
        applied, env, _app_subject(env, "refs/heads/main", f"{ours}/deliver.yml@refs/heads/main")
    )
    refused = {
        "its own workflow": _app_subject(
            env, "refs/heads/main", f"{APP}/.github/workflows/release.yml@refs/heads/main"
        ),
        "our deploy.yml": _app_subject(env, "refs/heads/main", f"{ours}/deploy.yml@refs/heads/main"),
        "a branch of the app": _app_subject(env, "refs/heads/feature", f"{ours}/deliver.yml@refs/heads/main"),
        "deliver.yml at another ref": _app_subject(
            env, "refs/heads/main", f"{ours}/deliver.yml@refs/heads/evil"
        ),
        "an unlisted repository": _app_subject(
            env, "refs/heads/main", f"{ours}/deliver.yml@refs/heads/main"
        ).replace(APP, "evil/app"),
    }
    assert [why for why, sub in refused.items() if _may_assume(applied, env, sub)] == []


def test_the_plan_role_trusts_pull_requests_and_the_nightly_drift_of_this_repository_only(applied):
    assert _may_assume(applied, "plan", _subject("pull_request", "refs/pull/7/merge", "pull-request.yml"))
    main = "refs/heads/main"
    assert _may_assume(applied, "plan", _subject(f"ref:{main}", main, "drift.yml"))
    assert not _may_assume(applied, "plan", _subject("pull_request", "refs/pull/7/merge", "deploy.yml"))
    assert not _may_assume(applied, "plan", _subject("environment:prod", "refs/heads/main", "deploy.yml"))
    assert not _may_assume(applied, "plan", "repo:evil/fork:pull_request:ref:refs/pull/7/merge")
    # drift.yml only on the default branch: a branch that edits it gets another subject.
    assert not _may_assume(applied, "plan", _subject("ref:refs/heads/evil", "refs/heads/evil", "drift.yml"))
    assert not _may_assume(applied, "plan", _subject(f"ref:{main}", main, "nightly.yml"))


def test_the_monthly_restore_drill_may_assume_the_prod_deploy_role_from_main_only(applied):
    main = "refs/heads/main"
    assert _may_assume(applied, "prod", _subject("environment:prod", main, "restore-drill.yml"))
    assert not _may_assume(
        applied, "prod", _subject("environment:prod", "refs/heads/evil", "restore-drill.yml")
    )


def test_the_repository_is_told_which_subject_to_issue(applied):
    assert applied["outputs"]["github_oidc_subject"] == {
        "use_default": False,
        "include_claim_keys": ["repo", "context", "ref", "job_workflow_ref"],
    }


# ---------------------------------------------------------------- no way up to administrator


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_a_deploy_role_cannot_touch_itself_the_ci_roles_or_the_boundaries(applied, env):
    targets = [
        f"{ROLE}/mealprep-github-deploy-{env}",
        f"{ROLE}/mealprep-github-plan",
        f"{ROLE}/mealprep-github-deploy-{'prod' if env == 'dev' else 'dev'}",
    ]
    for target in targets:
        for action in (
            "iam:PutRolePolicy",
            "iam:AttachRolePolicy",
            "iam:UpdateAssumeRolePolicy",
            "iam:DeleteRolePermissionsBoundary",
            "iam:PassRole",
        ):
            assert _as(applied, env, action, target) != "allowed", (action, target)
    for action in ("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"):
        assert _as(applied, env, action, f"{POLICY}/mealprep-boundary-{env}") != "allowed", action
    assert _as(applied, env, "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/backdoor") != "allowed"
    assert (
        _as(applied, env, "iam:CreateOpenIDConnectProvider", f"arn:aws:iam::{ACCOUNT}:oidc-provider/x")
        != "allowed"
    )


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_stack_roles_only_with_the_environments_boundary(applied, env):
    role = f"{ROLE}/mealprep-{env}-api-task"
    own = {"iam:PermissionsBoundary": f"{POLICY}/mealprep-boundary-{env}"}
    for action in ("iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"):
        assert _as(applied, env, action, role, **own) == "allowed", action
        assert _as(applied, env, action, role) != "allowed", f"{action} without a boundary"
        other = {"iam:PermissionsBoundary": f"{POLICY}/mealprep-boundary-{'prod' if env == 'dev' else 'dev'}"}
        assert _as(applied, env, action, role, **other) != "allowed", f"{action} with another env's boundary"
    admin = {**own, "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}
    assert _as(applied, env, "iam:AttachRolePolicy", role, **admin) != "allowed"
    backup = {
        **own,
        "iam:PolicyARN": "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    }
    assert _as(applied, env, "iam:AttachRolePolicy", f"{ROLE}/mealprep-{env}-backup", **backup) == "allowed"


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_pass_role_only_to_the_stacks_services(applied, env):
    role = f"{ROLE}/mealprep-{env}-api-task"
    assert (
        _as(applied, env, "iam:PassRole", role, **{"iam:PassedToService": "ecs-tasks.amazonaws.com"})
        == "allowed"
    )
    assert (
        _as(applied, env, "iam:PassRole", role, **{"iam:PassedToService": "ec2.amazonaws.com"}) != "allowed"
    )
    assert _as(applied, env, "iam:PassRole", role) != "allowed"


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_the_boundary_caps_every_stack_role(applied, env):
    boundary = applied["boundary"][env]
    # A role the deploy role wrote with an administrator's policy, under the boundary.
    admin = {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    other = "prod" if env == "dev" else "dev"

    def can(action: str, resource: str, **context: Any) -> bool:
        return decide(Request(action, resource, context), [admin], boundary=boundary) == "allowed"

    assert can("s3:PutObject", f"arn:aws:s3:::mealprep-{env}-storage-{ACCOUNT}/uploads/a.jpg")
    assert not can("iam:CreateRole", f"{ROLE}/anything")
    assert not can("iam:AttachRolePolicy", f"{ROLE}/mealprep-github-deploy-{env}")
    assert not can("sts:AssumeRole", f"{ROLE}/mealprep-github-deploy-{env}")
    assert not can("s3:GetObject", f"{STATE}/{env}/terraform.tfstate")
    assert not can("s3:GetObject", f"arn:aws:s3:::mealprep-{other}-storage-{ACCOUNT}/uploads/a.jpg")
    assert not can(
        "secretsmanager:GetSecretValue",
        f"arn:aws:secretsmanager:us-west-2:{ACCOUNT}:secret:{other}/mealprep/app-secrets-AbCdEf",
    )
    assert not can(
        "rds:DeleteDBCluster",
        f"arn:aws:rds:us-west-2:{ACCOUNT}:cluster:x",
        **{"aws:ResourceTag/Environment": other},
    )
    assert not can("organizations:LeaveOrganization", "*")


# ---------------------------------------------------------------- environments apart


def test_the_dev_role_cannot_change_prod(applied):
    prod = {
        "rds:DeleteDBCluster": f"arn:aws:rds:us-west-2:{ACCOUNT}:cluster:mealprep-prod-db",
        "s3:DeleteBucket": f"arn:aws:s3:::mealprep-prod-storage-{ACCOUNT}",
        "s3:PutObject": f"arn:aws:s3:::mealprep-prod-storage-{ACCOUNT}/frontend/index.html",
        "ecs:UpdateService": f"arn:aws:ecs:us-west-2:{ACCOUNT}:service/mealprep-prod-cluster/mealprep-prod-api",
        "secretsmanager:GetSecretValue": f"arn:aws:secretsmanager:us-west-2:{ACCOUNT}:secret:prod/mealprep/app-secrets-AbCdEf",
        "logs:DeleteLogGroup": f"arn:aws:logs:us-west-2:{ACCOUNT}:log-group:/ecs/mealprep-prod-api",
        "iam:PutRolePolicy": f"{ROLE}/mealprep-prod-api-task",
    }
    for action, resource in prod.items():
        assert _as(applied, "dev", action, resource) != "allowed", (action, resource)
    # Resources named by id: their Environment tag keeps dev out.
    tagged = {"aws:ResourceTag/Environment": "prod"}
    assert (
        _as(
            applied,
            "dev",
            "ec2:AuthorizeSecurityGroupIngress",
            f"arn:aws:ec2:us-west-2:{ACCOUNT}:security-group/sg-1",
            **tagged,
        )
        != "allowed"
    )
    assert (
        _as(applied, "dev", "kms:ScheduleKeyDeletion", f"arn:aws:kms:us-west-2:{ACCOUNT}:key/1234", **tagged)
        != "allowed"
    )
    assert (
        _as(
            applied,
            "dev",
            "ec2:RunInstances",
            f"arn:aws:ec2:us-west-2:{ACCOUNT}:instance/*",
            **{"aws:RequestTag/Environment": "prod"},
        )
        != "allowed"
    )
    # ...while its own environment is its to change.
    assert (
        _as(
            applied,
            "dev",
            "rds:DeleteDBCluster",
            f"arn:aws:rds:us-west-2:{ACCOUNT}:cluster:mealprep-dev-db",
            **{"aws:ResourceTag/Environment": "dev"},
        )
        == "allowed"
    )
    assert (
        _as(
            applied,
            "dev",
            "ec2:AuthorizeSecurityGroupIngress",
            f"arn:aws:ec2:us-west-2:{ACCOUNT}:security-group/sg-2",
            **{"aws:ResourceTag/Environment": "dev"},
        )
        == "allowed"
    )
    assert (
        _as(
            applied,
            "dev",
            "ec2:RunInstances",
            f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/*",
            **{"aws:RequestedRegion": "eu-west-1"},
        )
        != "allowed"
    )
    # The hosted zone is shared: dev may write its own records, never prod's names.
    zone = "arn:aws:route53:::hostedzone/Z0123456789"
    names = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
    assert (
        _as(applied, "dev", "route53:ChangeResourceRecordSets", zone, **{names: ["api.mealprep.com"]})
        != "allowed"
    )
    assert (
        _as(applied, "dev", "route53:ChangeResourceRecordSets", zone, **{names: ["_x.www.mealprep.com"]})
        != "allowed"
    )
    assert (
        _as(applied, "dev", "route53:ChangeResourceRecordSets", zone, **{names: ["dev.mealprep.dev"]})
        == "allowed"
    )
    assert _as(applied, "dev", "route53:DeleteHostedZone", zone) != "allowed"
    assert (
        _as(applied, "prod", "route53:ChangeResourceRecordSets", zone, **{names: ["api.mealprep.com"]})
        == "allowed"
    )
    assert (
        _as(applied, "dev", "budgets:ModifyBudget", f"arn:aws:budgets::{ACCOUNT}:budget/MealPrep-prod-Budget")
        != "allowed"
    )


# ---------------------------------------------------------------- state


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_a_deploy_role_reads_and_writes_its_own_state_only(applied, env):
    other = "prod" if env == "dev" else "dev"
    for action in ("s3:GetObject", "s3:PutObject", "s3:DeleteObject"):
        assert _as(applied, env, action, f"{STATE}/{env}/terraform.tfstate") == "allowed", action
        assert _as(applied, env, action, f"{STATE}/{other}/terraform.tfstate") != "allowed", action
    for action in (
        "s3:PutBucketPolicy",
        "s3:DeleteBucket",
        "s3:PutLifecycleConfiguration",
        "s3:PutBucketVersioning",
    ):
        assert _as(applied, env, action, STATE) != "allowed", action
    assert (
        _as(
            applied,
            env,
            "kms:ScheduleKeyDeletion",
            f"arn:aws:kms:us-west-2:{ACCOUNT}:key/state",
            **{"aws:ResourceTag/Environment": "shared"},
        )
        != "allowed"
    )
    assert (
        _as(
            applied,
            env,
            "kms:Decrypt",
            applied["outputs"]["github_variables"]["TF_STATE_KMS_KEY_ARN"],
            **{"aws:ResourceTag/Environment": "shared"},
        )
        == "allowed"
    )


def test_the_plan_role_reads_state_and_writes_lock_objects_only(applied):
    for env in ("dev", "prod"):
        assert _as(applied, "plan", "s3:GetObject", f"{STATE}/{env}/terraform.tfstate") == "allowed"
        assert _as(applied, "plan", "s3:GetObject", f"{STATE}/{env}/terraform.tfstate.tflock") == "allowed"
        assert _as(applied, "plan", "s3:PutObject", f"{STATE}/{env}/terraform.tfstate.tflock") == "allowed"
        assert _as(applied, "plan", "s3:DeleteObject", f"{STATE}/{env}/terraform.tfstate.tflock") == "allowed"
        for action in ("s3:PutObject", "s3:DeleteObject"):
            assert _as(applied, "plan", action, f"{STATE}/{env}/terraform.tfstate") != "allowed", action
    # ReadOnlyAccess would read every object; the plan role reads no data but the state.
    assert (
        _as(applied, "plan", "s3:GetObject", f"arn:aws:s3:::mealprep-prod-storage-{ACCOUNT}/uploads/a.jpg")
        == "explicit-deny"
    )


def test_the_bucket_policy_names_who_may_enter_and_keeps_each_role_to_its_prefix(applied):
    policy = [applied["bucket_policy"]]

    def bucket(principal: str, action: str, key: str) -> str:
        return decide(
            Request(action, f"{STATE}/{key}", {"aws:PrincipalArn": principal}), [], resource_policies=policy
        )

    assert bucket(f"{ROLE}/someone-else", "s3:GetObject", "prod/terraform.tfstate") == "explicit-deny"
    assert (
        bucket(f"{ROLE}/mealprep-github-deploy-dev", "s3:PutObject", "prod/terraform.tfstate")
        == "explicit-deny"
    )
    assert bucket(f"{ROLE}/mealprep-github-plan", "s3:PutObject", "prod/terraform.tfstate") == "explicit-deny"
    assert (
        bucket(f"{ROLE}/mealprep-github-plan", "s3:PutObject", "prod/terraform.tfstate.tflock")
        != "explicit-deny"
    )
    assert (
        bucket(f"{ROLE}/mealprep-github-deploy-dev", "s3:PutObject", "dev/terraform.tfstate")
        != "explicit-deny"
    )


def test_the_state_bucket_and_key_cannot_be_destroyed_by_terraform(applied):
    """A destroy plan of the applied root is refused: prevent_destroy guards bucket and key."""
    terraform = applied["terraform"]
    result = terraform.run(
        "plan",
        "-destroy",
        "-input=false",
        "-no-color",
        f"-var-file={GITHUB}",
        f"-out={applied['scratch'] / 'destroy.tfplan'}",
        check=False,
    )
    assert result.returncode != 0
    assert "Instance cannot be destroyed" in result.stderr
    assert "module.state.terraform_data.prevent_destroy" in result.stderr
