"""[auth] deployed end to end: the user pool module applied by real Terraform through the test provider.

AWS and the hashicorp/aws binary cannot run here: tests/support/tfprovider serves the provider's
real schema with moto's cognito-idp behind it (and Cognito's rules moto lacks: deletion
protection, domain prefixes, callback URLs). wrapper's render, Terraform and the outputs are real.
"""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from tests.lambdas.test_profile import PROFILE
from tests.projects import SIGNIN_CONFIG, append_config, edit_config, without_page
from tests.terraform.test_deploy_e2e import ok, ok_json

pytestmark = pytest.mark.slow


@pytest.fixture
def accounts(cli, project: Path, aws_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    with (project / "requirements.txt").open("a") as requirements:
        requirements.write("PyJWT>=2.10\n")  # the crypto extra has no Lambda wheel on this offline machine
    append_config(without_page(project), SIGNIN_CONFIG)
    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))
    return project


def idp():  # type: ignore[no-untyped-def]
    return boto3.client("cognito-idp", region_name="eu-west-2")


def test_user_pool_app_client_domain_and_groups_reach_the_functions(cli, accounts: Path) -> None:  # type: ignore[no-untyped-def]
    ok(cli(["deploy", "--stage", "dev", "--yes"], cwd=accounts))
    outputs = ok_json(cli(["outputs", "--stage", "dev", "--json"], cwd=accounts))
    pool_id, client_id = outputs["user_pool_id"], outputs["user_pool_client_id"]
    pool = idp().describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Name"] == "demo-dev-users" and pool["DeletionProtection"] == "INACTIVE"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert pool["AliasAttributes"] == ["email", "preferred_username"]
    app = idp().describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert app["AllowedOAuthFlows"] == ["code"] and "ClientSecret" not in app
    assert sorted(app["AllowedOAuthScopes"]) == ["email", "openid", "profile"]
    assert app["CallbackURLs"] == ["http://localhost:8080/"]  # `wrapper dev`'s page; the hosted page's URL comes first when there is one
    assert idp().describe_user_pool_domain(Domain="demo-dev")["DomainDescription"]["UserPoolId"] == pool_id
    assert [g["GroupName"] for g in idp().list_groups(UserPoolId=pool_id)["Groups"]] == ["admins"]

    assert outputs["auth_issuer"] == f"https://cognito-idp.eu-west-2.amazonaws.com/{pool_id}"
    assert outputs["auth_hosted_ui"] == "https://demo-dev.auth.eu-west-2.amazoncognito.com"
    assert outputs["sign_in_url"].startswith(
        f"https://demo-dev.auth.eu-west-2.amazoncognito.com/login?client_id={client_id}&response_type=code"
    )
    env = boto3.client("lambda", region_name="eu-west-2").get_function_configuration(FunctionName="demo-dev-connect")["Environment"][
        "Variables"
    ]
    assert env["AUTH_ISSUER"] == outputs["auth_issuer"] and env["AUTH_CLIENT_ID"] == client_id
    assert env["AUTH_JWKS_URL"] == f"{outputs['auth_issuer']}/.well-known/jwks.json"

    again = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=accounts))
    assert again["changed"] is False, "a second deploy plans no changes to the pool or its client"
    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=accounts))
    assert idp().list_user_pools(MaxResults=10)["UserPools"] == []


def test_protected_stage_keeps_its_accounts_until_forced(cli, accounts: Path) -> None:  # type: ignore[no-untyped-def]
    refused = cli(["deploy", "--stage", "prod", "--yes"], cwd=accounts)
    assert refused.exit_code == 2 and "no page to return to after sign-in" in refused.output  # no localhost on prod, no page
    edit_config(accounts, "protected = true\n", 'protected = true\nauth.callback_urls = ["https://play.example.com/"]\n')
    ok(cli(["deploy", "--stage", "prod", "--yes"], cwd=accounts))
    pool_id = ok_json(cli(["outputs", "--stage", "prod", "--json"], cwd=accounts))["user_pool_id"]
    assert idp().describe_user_pool(UserPoolId=pool_id)["UserPool"]["DeletionProtection"] == "ACTIVE"
    app_id = ok_json(cli(["outputs", "--stage", "prod", "--json"], cwd=accounts))["user_pool_client_id"]
    app = idp().describe_user_pool_client(UserPoolId=pool_id, ClientId=app_id)["UserPoolClient"]
    assert app["CallbackURLs"] == ["https://play.example.com/"]  # no http://localhost on a protected stage
    ok(cli(["destroy", "--stage", "prod", "--yes", "--force"], cwd=accounts))
    assert idp().list_user_pools(MaxResults=10)["UserPools"] == []


def test_http_routes_get_the_jwt_authorizer_except_public_ones(cli, accounts: Path) -> None:  # type: ignore[no-untyped-def]
    append_config(accounts, PROFILE)
    edit_config(accounts, 'provider = "cognito"\n', 'provider = "cognito"\npublic_routes = ["GET /rooms"]\n')
    ok(cli(["deploy", "--stage", "dev", "--yes"], cwd=accounts))
    outputs = ok_json(cli(["outputs", "--stage", "dev", "--json"], cwd=accounts))
    apigw = boto3.client("apigatewayv2", region_name="eu-west-2")
    routes = {r["RouteKey"]: r for r in apigw.get_routes(ApiId=outputs["http_api_id"])["Items"]}
    assert {key: r["AuthorizationType"] for key, r in routes.items()} == {"GET /me": "JWT", "PUT /me": "JWT", "GET /rooms": "NONE"}
    assert routes["GET /me"]["AuthorizerId"] == routes["PUT /me"]["AuthorizerId"] and "AuthorizerId" not in routes["GET /rooms"]
    authorizer = apigw.get_authorizer(ApiId=outputs["http_api_id"], AuthorizerId=routes["GET /me"]["AuthorizerId"])
    assert (authorizer["AuthorizerType"], authorizer["IdentitySource"]) == ("JWT", ["$request.header.Authorization"])
    assert authorizer["JwtConfiguration"] == {"Issuer": outputs["auth_issuer"], "Audience": [outputs["user_pool_client_id"]]}
    again = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=accounts))
    assert again["changed"] is False
    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=accounts))
