"""Deploys proven end to end: real Terraform applies the rendered stack through the test provider.

AWS itself and the hashicorp/aws binary cannot run here; tests/support/tfprovider stands in for
the provider (its real 6.66 schema, so Terraform validates, plans and diffs as it would) and
moto for AWS (AWS's own rules: names, ARNs, conflicts, deletion protection), with the rules moto
lacks enforced by the provider. Everything of wrapper's is the real code path.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import boto3
import pytest

from tests.projects import append_config, without_page
from wrapper.terraform.account import ROLE_NAME

pytestmark = pytest.mark.slow

ENGINES = [
    "embedded",
    pytest.param(
        "terraform",
        marks=pytest.mark.skipif(shutil.which("terraform") is None, reason="no terraform binary on PATH on this machine"),
    ),
]


@pytest.fixture
def aws(aws_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    return aws_endpoint


def client(service: str, region: str = "eu-west-2"):  # type: ignore[no-untyped-def]
    return boto3.client(service, region_name=region)


def table_names(region: str = "eu-west-2") -> list[str]:
    return sorted(client("dynamodb", region).list_tables()["TableNames"])


def function_names(region: str = "eu-west-2") -> list[str]:
    return sorted(f["FunctionName"] for f in client("lambda", region).list_functions()["Functions"])


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return str(result.output)


def ok_json(result):  # type: ignore[no-untyped-def]
    ok(result)
    return json.loads(result.stdout)


@pytest.fixture
def project(project: Path) -> Path:
    return without_page(project)


@pytest.fixture
def logged(cli, project: Path, aws: str) -> Path:  # type: ignore[no-untyped-def]
    """A project whose account/region has API Gateway's CloudWatch role, as `bootstrap --logging-role` sets it."""
    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))
    return project


@pytest.mark.parametrize("engine", ENGINES)
def test_init_deploy_outputs_redeploy_function_destroy(cli, tmp_path: Path, aws: str, engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WRAPPER_TERRAFORM", engine)
    ok(cli(["init", "world", "--region", "eu-west-2", "--stage", "dev", "--stage", "prod"], cwd=tmp_path))
    project = without_page(tmp_path / "world")
    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))

    first = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=project))
    assert first["changed"] is True
    assert table_names() == ["world-dev-connections", "world-dev-players"]
    assert "world-dev-play" in function_names()
    lock = (project / ".terraform.lock.hcl").read_text()
    assert 'provider "registry.terraform.io/hashicorp/aws"' in lock and 'version     = "6.66.0"' in lock, "the lock file is kept in the project"

    outputs = ok_json(cli(["outputs", "--stage", "dev", "--json"], cwd=project))
    api_id = outputs["api_id"]
    assert outputs["websocket_url"] == f"wss://{api_id}.execute-api.eu-west-2.amazonaws.com/dev"
    assert outputs["management_endpoint"] == f"https://{api_id}.execute-api.eu-west-2.amazonaws.com/dev"
    assert outputs["secret_arn"].startswith("arn:aws:secretsmanager:eu-west-2:123456789012:secret:world-dev-secret-")
    text = ok(cli(["outputs", "--stage", "dev"], cwd=project))
    assert outputs["secret_arn"] in text, "ARNs print whole and copyable (no rich markup, no ellipsis)"
    assert outputs["websocket_url"] in text

    again = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=project))
    assert again["changed"] is False, "a second deploy of the same code plans no changes"

    environment = client("lambda").get_function_configuration(FunctionName="world-dev-play")["Environment"]["Variables"]
    assert environment["AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI"] == outputs["management_endpoint"]

    handler = project / "functions" / "play.py"
    handler.write_text(handler.read_text() + "\n# tuned\n")
    before = client("lambda").get_function(FunctionName="world-dev-play")["Configuration"]["CodeSha256"]
    fast = ok_json(cli(["deploy", "--stage", "dev", "--function", "play", "--json"], cwd=project))
    after = client("lambda").get_function(FunctionName="world-dev-play")["Configuration"]["CodeSha256"]
    assert fast["status"] == "updated" and after != before

    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=project))
    assert table_names() == [] and function_names() == []


def test_first_deploy_without_the_logging_role_stops_before_terraform(cli, project: Path, aws: str) -> None:
    """Issue #13 item 1: AWS refuses a stage with access logs when the account has no CloudWatch role."""
    refused = cli(["deploy", "--stage", "dev", "--yes"], cwd=project)
    assert refused.exit_code == 1
    assert "CloudWatch Logs role" in refused.output and "bootstrap --logging-role" in refused.output
    assert table_names() == [], "nothing half-deployed"

    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))
    arn = client("apigateway").get_account()["cloudwatchRoleArn"]
    assert arn.endswith(f":role/{ROLE_NAME}")
    ok(cli(["deploy", "--stage", "dev", "--yes"], cwd=project))
    assert table_names() == ["demo-dev-connections", "demo-dev-players"]


def test_protected_stage_is_destroyed_whole_with_force(cli, logged: Path) -> None:
    """Issue #13 item 2: deletion protection is turned off by an apply first, so nothing is left half-way."""
    ok(cli(["deploy", "--stage", "prod", "--yes"], cwd=logged))
    described = client("dynamodb").describe_table(TableName="demo-prod-players")["Table"]
    assert described["DeletionProtectionEnabled"] is True

    refused = cli(["destroy", "--stage", "prod", "--yes"], cwd=logged)
    assert refused.exit_code == 2 and "--force" in refused.output
    assert "demo-prod-players" in table_names()

    output = ok(cli(["destroy", "--stage", "prod", "--yes", "--force"], cwd=logged))
    assert table_names() == [] and function_names() == []
    assert "restore-secret" in output, "a protected stage's secret keeps its recovery window; destroy says how to restore it"
    secret = client("secretsmanager").describe_secret(SecretId="demo-prod-secret")
    assert "DeletedDate" in secret


def test_unprotected_stage_deploys_again_right_after_destroy(cli, logged: Path) -> None:
    """Issue #13 item 3: a dev stage's secret is deleted at once, so its name is free again."""
    ok(cli(["deploy", "--stage", "dev", "--yes"], cwd=logged))
    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=logged))
    ok(cli(["deploy", "--stage", "dev", "--yes"], cwd=logged))
    assert client("secretsmanager").describe_secret(SecretId="demo-dev-secret").get("DeletedDate") is None


def test_preview_stage_from_a_declared_one(cli, logged: Path) -> None:
    ok(cli(["deploy", "--stage", "pr-7", "--from", "dev", "--yes"], cwd=logged))
    assert table_names() == ["demo-pr-7-connections", "demo-pr-7-players"]
    outputs = ok_json(cli(["outputs", "--stage", "pr-7", "--from", "dev", "--json"], cwd=logged))
    assert outputs["websocket_url"].endswith("/pr-7")
    ok(cli(["destroy", "--stage", "pr-7", "--from", "dev", "--yes"], cwd=logged))
    assert table_names() == []


def test_remote_state_in_s3_with_a_stage_in_another_region(cli, project: Path, aws: str) -> None:
    """S3 backend with its lock file (moto S3); issue #13 item 5: the backend's region is the bucket's, always."""
    toml = project / "wrapper.toml"
    text = toml.read_text().replace("[stages.dev]", '[stages.dev]\n\n[stages.dev.service]\nregion = "eu-west-1"')
    toml.write_text(text + '\n[state]\nbucket = "demo-terraform-state"\n')  # region: the file's service region
    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))
    assert client("s3").get_bucket_location(Bucket="demo-terraform-state")["LocationConstraint"] == "eu-west-2"
    # bootstrap's bucket policy denies requests without TLS (aws:SecureTransport) and moto enforces it;
    # moto is served over plain HTTP here, where AWS would be HTTPS, so the policy goes for this test.
    client("s3").delete_bucket_policy(Bucket="demo-terraform-state")

    ok(cli(["deploy", "--stage", "dev", "--yes"], cwd=project))
    assert table_names("eu-west-1") == ["demo-dev-connections", "demo-dev-players"]
    assert table_names("eu-west-2") == []
    keys = [o["Key"] for o in client("s3").list_objects_v2(Bucket="demo-terraform-state").get("Contents", [])]
    assert keys == ["wrapper/demo/dev.tfstate"], "state in the bucket, the lock file released"
    state = json.loads(client("s3").get_object(Bucket="demo-terraform-state", Key=keys[0])["Body"].read())
    assert any(r["type"] == "aws_dynamodb_table" for r in state["resources"])

    again = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=project))
    assert again["changed"] is False
    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=project))
    assert table_names("eu-west-1") == []


def self_signed(domain: str) -> tuple[bytes, bytes]:
    """A certificate as a user would import into ACM (moto issues requested ones only after validation)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from wrapper.lan.certificates import builder, private_pem

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, domain)])
    cert = (
        builder(name, name, key.public_key(), datetime.datetime.now(datetime.UTC), datetime.timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM), private_pem(key)


def test_custom_domain_with_route53_alias_and_management_endpoint_on_execute_api(cli, logged: Path) -> None:
    """Issue #13 item 7: behind a custom domain the functions still post to the execute-api endpoint."""
    domain = "play.demo.example.com"
    cert, key = self_signed(domain)
    certificate_arn = client("acm").import_certificate(Certificate=cert, PrivateKey=key)["CertificateArn"]
    zone_id = client("route53").create_hosted_zone(Name="demo.example.com", CallerReference="e2e")["HostedZone"]["Id"].split("/")[-1]
    toml = logged / "wrapper.toml"
    toml.write_text(
        toml.read_text().replace(
            "[websocket]\n",
            f'[websocket]\ndomain_name = "{domain}"\ncertificate_arn = "{certificate_arn}"\nhosted_zone_id = "{zone_id}"\n',
        )
    )
    ok(cli(["deploy", "--stage", "dev", "--yes"], cwd=logged))
    outputs = ok_json(cli(["outputs", "--stage", "dev", "--json"], cwd=logged))
    assert outputs["websocket_url"] == f"wss://{domain}"
    target = outputs["domain_name_target"]
    assert target["domain_name"].endswith(".execute-api.eu-west-2.amazonaws.com") and target["hosted_zone_id"] == "ZJ5UAJN8Y3Z2Q"
    mappings = client("apigatewayv2").get_api_mappings(DomainName=domain)["Items"]
    assert [(m["ApiId"], m["Stage"], m.get("ApiMappingKey", "")) for m in mappings] == [(outputs["api_id"], "dev", "")]
    records = client("route53").list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    alias = next(r for r in records if r["Type"] == "A")
    assert alias["Name"].rstrip(".") == domain and alias["AliasTarget"]["DNSName"].rstrip(".") == target["domain_name"]
    environment = client("lambda").get_function_configuration(FunctionName="demo-dev-play")["Environment"]["Variables"]
    assert environment["AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI"] == f"https://{outputs['api_id']}.execute-api.eu-west-2.amazonaws.com/dev"
    assert ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=logged))["changed"] is False
    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=logged))
    assert client("apigatewayv2").get_domain_names()["Items"] == []


def test_http_routes_deploy_as_an_http_api(cli, logged: Path) -> None:
    """Issue #15: a function's HTTP routes become an HTTP API: payload 2.0 integration, routes, a $default stage
    with access logs and throttling, one Lambda permission per route scoped to that route; `wrapper outputs` shows the URL."""
    (logged / "functions" / "rooms.py").write_text("def handler(event, context):\n    return {'room': event['pathParameters']['id']}\n")
    append_config(
        logged,
        '\n[functions.rooms]\nhandler = "rooms.handler"\nhttp = ["GET /rooms/{id}", "ANY /admin/{path+}"]\ntables = []\nsecret = false\n'
        'connections = false\n\n[http]\ncors_origins = ["https://play.example.com"]\nthrottling_burst_limit = 20\n',
    )
    ok(cli(["deploy", "--stage", "dev", "--yes"], cwd=logged))
    outputs = ok_json(cli(["outputs", "--stage", "dev", "--json"], cwd=logged))
    api_id = outputs["http_api_id"]
    assert outputs["http_url"] == f"https://{api_id}.execute-api.eu-west-2.amazonaws.com"
    assert outputs["http_url"] in ok(cli(["outputs", "--stage", "dev"], cwd=logged))
    assert json.loads((logged / ".wrapper" / "dev" / "wrapper-config.json").read_text())["httpUrl"] == outputs["http_url"]

    v2 = client("apigatewayv2")
    api = v2.get_api(ApiId=api_id)
    assert (api["Name"], api["ProtocolType"]) == ("demo-dev-http", "HTTP")
    assert api["CorsConfiguration"]["AllowOrigins"] == ["https://play.example.com"]
    assert sorted(api["CorsConfiguration"]["AllowMethods"]) == ["*"]  # ANY takes every method
    routes = {r["RouteKey"]: r for r in v2.get_routes(ApiId=api_id)["Items"]}
    assert sorted(routes) == ["ANY /admin/{path+}", "GET /rooms/{id}"]
    (integration,) = v2.get_integrations(ApiId=api_id)["Items"]
    assert (integration["IntegrationType"], integration["PayloadFormatVersion"]) == ("AWS_PROXY", "2.0")
    assert "demo-dev-rooms" in integration["IntegrationUri"]
    assert all(r["Target"] == f"integrations/{integration['IntegrationId']}" for r in routes.values())
    stage = v2.get_stage(ApiId=api_id, StageName="$default")
    assert stage["AutoDeploy"] is True
    assert stage["DefaultRouteSettings"]["ThrottlingBurstLimit"] == 20
    assert stage["AccessLogSettings"]["DestinationArn"].endswith(":log-group:/aws/apigateway/demo-dev-http")

    policy = json.loads(client("lambda").get_policy(FunctionName="demo-dev-rooms")["Policy"])
    arns = sorted(s["Condition"]["ArnLike"]["AWS:SourceArn"] for s in policy["Statement"])
    prefix = f"arn:aws:execute-api:eu-west-2:123456789012:{api_id}/*"
    assert arns == [f"{prefix}/*/admin/{{path+}}", f"{prefix}/GET/rooms/{{id}}"], "each route may invoke its function, nothing else"

    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=logged))
    assert v2.get_apis()["Items"] == []
