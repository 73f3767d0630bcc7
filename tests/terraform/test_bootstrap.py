"""`wrapper bootstrap` against moto's S3, IAM and STS (doubles for AWS, which is out of reach here).

moto checks the calls' shapes and IAM's policy grammar; it does not evaluate trust policies,
so what a token may do is checked on the policy documents themselves (tests/ci/).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from tests.conftest import scaffold
from wrapper.ci.trust import GITHUB, RepoTrust
from wrapper.config import load_config
from wrapper.errors import WrapperError
from wrapper.terraform.bootstrap import AwsClients, RoleRequest, bootstrap

BUCKET = "p-tfstate-0001"
ACCOUNT = "123456789012"


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = scaffold(tmp_path / "p", service="p")
    (root / "wrapper.toml").write_text((root / "wrapper.toml").read_text() + f'\n[state]\nbucket = "{BUCKET}"\n')
    return root


def _buckets() -> list[str]:
    return [b["Name"] for b in boto3.client("s3", region_name="eu-west-2").list_buckets()["Buckets"]]


def _roles() -> list[str]:
    return [r["RoleName"] for r in boto3.client("iam").list_roles()["Roles"]]


def _providers() -> list[str]:
    return [p["Arn"] for p in boto3.client("iam").list_open_id_connect_providers()["OpenIDConnectProviderList"]]


def _other_account_s3() -> Any:
    creds = boto3.client("sts", region_name="eu-west-2").assume_role(
        RoleArn="arn:aws:iam::111111111111:role/someone-else", RoleSessionName="other-account"
    )["Credentials"]
    session = boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name="eu-west-2",
    )
    return session.client("s3")


def test_bucket_is_created_locked_down_and_bootstrap_is_idempotent(aws: None, root: Path) -> None:
    config = load_config(root, "dev", env={})
    first = bootstrap(config)
    assert first.created and first.region == "eu-west-2" and first.account == ACCOUNT
    s3 = boto3.client("s3", region_name="eu-west-2")
    assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"
    rules = s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    block = s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert all(block.values())
    policy = json.loads(s3.get_bucket_policy(Bucket=BUCKET)["Policy"])
    assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert policy["Statement"][0]["Effect"] == "Deny"
    second = bootstrap(config)
    assert not second.created and _buckets() == [BUCKET]


def test_deploy_role_is_made_once_and_trusts_one_repository(aws: None, root: Path, cli) -> None:
    result = cli(["bootstrap", "--github-repo", "acme/p", "--json"], cwd=root)
    assert result.exit_code == 0, result.output
    made = json.loads(result.output)
    assert made["role_arn"] == f"arn:aws:iam::{ACCOUNT}:role/wrapper-deploy-p" and made["role_created"]
    assert made["oidc_provider_created"] and _providers() == [f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"]
    iam = boto3.client("iam")
    role = iam.get_role(RoleName="wrapper-deploy-p")["Role"]
    statement = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Condition"]["StringLike"]["token.actions.githubusercontent.com:sub"] == [
        "repo:acme/p:environment:preview",
        "repo:acme/p:environment:production",
    ]
    provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=made["oidc_provider_arn"])
    assert provider["ClientIDList"] == ["sts.amazonaws.com"]
    permissions = iam.get_role_policy(RoleName="wrapper-deploy-p", PolicyName="wrapper-deploy")["PolicyDocument"]
    assert any(BUCKET in r for s in permissions["Statement"] for r in s["Resource"])

    again = cli(["bootstrap", "--github-repo", "acme/p", "--branch", "main"], cwd=root)
    assert again.exit_code == 0, again.output
    assert "already existed" in again.output and "AWS_ROLE_ARN" in again.output and made["role_arn"] in again.output
    assert len(_providers()) == 1 and _roles() == ["wrapper-deploy-p"]
    subjects = iam.get_role(RoleName="wrapper-deploy-p")["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]
    assert "repo:acme/p:ref:refs/heads/main" in subjects["StringLike"]["token.actions.githubusercontent.com:sub"]


def test_a_second_service_reuses_the_accounts_identity_provider(aws: None, root: Path, tmp_path: Path) -> None:
    bootstrap(load_config(root, "dev", env={}), RoleRequest(RepoTrust(GITHUB, "acme/p", ("production",))))
    other = scaffold(tmp_path / "q", service="q")
    (other / "wrapper.toml").write_text((other / "wrapper.toml").read_text() + '\n[state]\nbucket = "q-tfstate-0002"\n')
    second = bootstrap(load_config(other, "dev", env={}), RoleRequest(RepoTrust(GITHUB, "acme/q", ("production",))))
    assert not second.provider_created and second.role_created
    assert len(_providers()) == 1 and sorted(_roles()) == ["wrapper-deploy-p", "wrapper-deploy-q"]


@pytest.mark.parametrize("repo", ["acme", "acme/p/extra", "https://github.com/acme/p", "acme/", "-acme/p", "acme/p q"])
def test_a_repository_that_is_not_owner_name_is_refused_before_anything_exists(aws: None, root: Path, cli, repo: str) -> None:
    result = cli(["bootstrap", "--github-repo", repo], cwd=root)
    assert result.exit_code == 2, result.output
    assert "is not OWNER/NAME" in result.output
    assert _buckets() == [] and _roles() == [] and _providers() == []


def test_a_bucket_of_another_account_is_refused_and_nothing_is_created(aws: None, root: Path, cli) -> None:
    _other_account_s3().create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    result = cli(["bootstrap", "--github-repo", "acme/p"], cwd=root)
    assert result.exit_code == 1
    assert "belongs to another AWS account" in result.output and "pick another state.bucket" in result.output
    assert _roles() == [] and _providers() == []


def test_a_bucket_in_another_region_is_refused(aws: None, root: Path, cli) -> None:
    boto3.client("s3", region_name="eu-west-1").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    result = cli(["bootstrap"], cwd=root)
    assert result.exit_code == 2
    assert "is in eu-west-1, but wrapper.toml expects eu-west-2" in result.output and 'state.region = "eu-west-1"' in result.output


def test_a_role_of_the_same_name_not_made_by_wrapper_is_left_alone(aws: None, root: Path, cli) -> None:
    boto3.client("iam").create_role(
        RoleName="wrapper-deploy-p", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []})
    )
    result = cli(["bootstrap", "--github-repo", "acme/p"], cwd=root)
    assert result.exit_code == 1 and "was not made by `wrapper bootstrap`" in result.output
    assert _buckets() == [] and _providers() == []
    assert boto3.client("iam").list_role_policies(RoleName="wrapper-deploy-p")["PolicyNames"] == []


def test_a_failure_part_way_removes_what_this_run_created(aws: None, root: Path) -> None:
    clients = AwsClients(*(boto3.client(n, region_name="eu-west-2") for n in ("s3", "iam", "sts")))

    def refuse(**_: Any) -> None:
        # Stands in for a real refusal (an SCP, a missing iam:PutRolePolicy): AWS answers AccessDenied.
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "not allowed"}}, "PutRolePolicy")

    clients.iam.meta.events.register("before-call.iam.PutRolePolicy", refuse)
    with pytest.raises(WrapperError) as err:
        bootstrap(load_config(root, "dev", env={}), RoleRequest(RepoTrust(GITHUB, "acme/p", ("production",))), clients)
    assert "AccessDenied" in err.value.message and "removed again" in (err.value.hint or "")
    assert _buckets() == [] and _roles() == [] and _providers() == []


def test_options_for_a_role_need_a_repository(aws: None, root: Path, cli) -> None:
    result = cli(["bootstrap", "--branch", "main"], cwd=root)
    assert result.exit_code == 2 and "need --github-repo or --gitlab-project" in result.output
    assert _buckets() == []


def test_without_state_section_bootstrap_explains(project: Path) -> None:
    with pytest.raises(WrapperError) as err:
        bootstrap(load_config(project, "dev", env={}))
    assert "no [state] section" in err.value.message


def test_without_state_section_the_cli_exits_2_as_for_any_config_error(project: Path, cli) -> None:
    result = cli(["bootstrap"], cwd=project)
    assert result.exit_code == 2 and "no [state] section" in result.output and "hint:" in result.output


def test_a_gitlab_project_gets_gitlabs_provider_and_subjects(aws: None, root: Path, cli) -> None:
    result = cli(["bootstrap", "--gitlab-project", "acme/games/p", "--branch", "main"], cwd=root)
    assert result.exit_code == 0, result.output
    assert "CI/CD variable AWS_ROLE_ARN" in result.output
    assert _providers() == [f"arn:aws:iam::{ACCOUNT}:oidc-provider/gitlab.com"]
    trust = boto3.client("iam").get_role(RoleName="wrapper-deploy-p")["Role"]["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Condition"]["StringLike"] == {"gitlab.com:sub": ["project_path:acme/games/p:ref_type:branch:ref:main"]}
    assert trust["Condition"]["StringEquals"] == {"gitlab.com:aud": "sts.amazonaws.com"}
