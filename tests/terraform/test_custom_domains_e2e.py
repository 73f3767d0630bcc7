"""Custom domains applied end to end: wrapper requests the ACM certificates and validates them by DNS.

Through the test provider (hashicorp/aws's real schema) and moto, whose ACM here issues a
certificate only once its validation CNAME is in a Route 53 zone (tests/support/tfprovider/moto_acm.py),
as ACM does once the record resolves; CloudFront refuses a certificate outside us-east-1 or one
that does not cover the alias (tests/support/tfprovider/resources/cloudfront.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.projects import append_config, edit_config, without_page
from tests.terraform.test_deploy_e2e import client, ok, ok_json
from tests.terraform.test_deploy_page_e2e import page_project  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow


def zone(name: str) -> str:
    return str(client("route53").create_hosted_zone(Name=name, CallerReference=name)["HostedZone"]["Id"].split("/")[-1])


def records(zone_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    found = client("route53").list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    return {(r["Name"].rstrip("."), r["Type"]): r for r in found}


def certificates(region: str) -> list[dict[str, Any]]:
    acm = client("acm", region)
    return [acm.describe_certificate(CertificateArn=c["CertificateArn"])["Certificate"] for c in acm.list_certificates()["CertificateSummaryList"]]


@pytest.fixture
def api_project(cli, project: Path, aws_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    without_page(project)
    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))
    return project


def test_the_api_domain_gets_a_regional_certificate_validated_in_dns_zone(cli, api_project: Path) -> None:
    """Issue #13.7/#14: no certificate_arn to bring; ACM in the stage's region, validated in dns.zone, then the alias."""
    zone_id = zone("demo.example.com")
    edit_config(api_project, "[websocket]\n", '[websocket]\ndomain_name = "play.demo.example.com"\n')
    append_config(api_project, '\n[dns]\nzone = "demo.example.com"\n')

    outputs = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=api_project))["outputs"]
    assert outputs["websocket_url"] == "wss://play.demo.example.com"
    assert outputs["api_dns_records"] == [], "the zone holds every record; nothing to create by hand"
    [certificate] = certificates("eu-west-2")
    assert certificate["DomainName"] == "play.demo.example.com" and certificate["Status"] == "ISSUED"
    assert certificates("us-east-1") == [], "API Gateway's regional domain takes a certificate from its own region"
    domain = client("apigatewayv2").get_domain_name(DomainName="play.demo.example.com")
    assert domain["DomainNameConfigurations"][0]["CertificateArn"] == certificate["CertificateArn"]
    in_zone = records(zone_id)
    validation = certificate["DomainValidationOptions"][0]["ResourceRecord"]
    assert (validation["Name"].rstrip("."), "CNAME") in in_zone
    assert in_zone[("play.demo.example.com", "A")]["AliasTarget"]["DNSName"].rstrip(".") == outputs["domain_name_target"]["domain_name"]

    assert ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=api_project))["changed"] is False
    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=api_project))
    assert client("apigatewayv2").get_domain_names()["Items"] == [] and certificates("eu-west-2") == []


def test_without_a_zone_deploy_shows_the_records_and_waits_until_they_exist(cli, api_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's DNS is elsewhere (here: a zone wrapper is not told about); deploy lists the records and waits."""
    from wrapper.ui import page_view

    elsewhere = zone("example.org")
    told: list[list[dict[str, str]]] = []

    def user_creates_the_records(shown: list[dict[str, str]]) -> None:
        told.append(shown)
        changes = [
            {"Action": "UPSERT", "ResourceRecordSet": {"Name": r["name"], "Type": r["type"], "TTL": 300, "ResourceRecords": [{"Value": r["value"]}]}}
            for r in shown
        ]
        client("route53").change_resource_record_sets(HostedZoneId=elsewhere, ChangeBatch={"Changes": changes})

    monkeypatch.setattr(page_view, "waiting_for_dns", user_creates_the_records)
    edit_config(api_project, "[websocket]\n", '[websocket]\ndomain_name = "play.example.org"\n')
    outputs = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=api_project))["outputs"]

    [certificate] = certificates("eu-west-2")
    validation = certificate["DomainValidationOptions"][0]["ResourceRecord"]
    assert told == [[{"name": validation["Name"], "type": "CNAME", "value": validation["Value"]}]], "told once, what ACM waits for"
    assert certificate["Status"] == "ISSUED"
    wanted = outputs["api_dns_records"]
    assert {"name": "play.example.org", "type": "CNAME", "value": outputs["domain_name_target"]["domain_name"]} in wanted
    assert any(r["name"] == validation["Name"] for r in wanted)
    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=api_project))


def test_the_page_on_a_custom_domain_applies_with_a_us_east_1_certificate(cli, page_project: Path) -> None:  # noqa: F811
    zone_id = zone("example.com")
    append_config(page_project, '\n[dns]\nzone = "example.com"\n')
    edit_config(page_project, "[frontend]\n", '[frontend]\ndomain_name = "play.example.com"\n')

    outputs = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=page_project))["outputs"]
    assert outputs["page_url"] == "https://play.example.com/"
    [certificate] = certificates("us-east-1")
    assert certificate["DomainName"] == "play.example.com" and certificate["Status"] == "ISSUED"
    config = client("cloudfront").get_distribution(Id=outputs["page_distribution_id"])["Distribution"]["DistributionConfig"]
    assert config["Aliases"]["Items"] == ["play.example.com"]
    assert config["ViewerCertificate"]["ACMCertificateArn"] == certificate["CertificateArn"]
    in_zone = records(zone_id)
    assert {("play.example.com", "A"), ("play.example.com", "AAAA")} <= set(in_zone)
    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=page_project))
    assert certificates("us-east-1") == []
