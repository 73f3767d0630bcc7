"""The page's stack applied end to end: `wrapper deploy` of a project with its page, through the test provider.

The AWS provider binary and AWS cannot run here: tests/support/tfprovider serves hashicorp/aws's
real schema with moto behind it (S3, CloudFront distributions and origin access controls) and
keeps CloudFront response headers policies itself, with AWS's rules (moto has none). The deploy
command, real Terraform, the upload and the destroy are the real code path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.page.test_files import TEMPLATE_MODULES
from tests.terraform.test_deploy_e2e import client, ok, ok_json

pytestmark = pytest.mark.slow


@pytest.fixture
def page_project(cli, project: Path, aws_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """The scaffolded project, page included, in an account with API Gateway's logging role."""
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    (project / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)  # as after `npm install`
    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))
    return project


def test_deploy_applies_the_page_stack_uploads_and_destroy_removes_it(cli, page_project: Path) -> None:
    report = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=page_project))
    outputs = report["outputs"]
    bucket, distribution_id = outputs["page_bucket"], outputs["page_distribution_id"]
    assert bucket.startswith("demo-dev-page-")
    distribution = client("cloudfront").get_distribution(Id=distribution_id)["Distribution"]
    assert outputs["page_url"] == f"https://{distribution['DomainName']}/"
    config = distribution["DistributionConfig"]
    assert config["HttpVersion"] == "http2and3" and config["DefaultRootObject"] == "index.html"
    origin = config["Origins"]["Items"][0]
    assert origin["DomainName"] == f"{bucket}.s3.eu-west-2.amazonaws.com"
    controls = client("cloudfront").list_origin_access_controls()["OriginAccessControlList"]["Items"]
    assert [(c["Name"], c["SigningBehavior"], c["OriginAccessControlOriginType"]) for c in controls] == [("demo-dev-page", "always", "s3")]
    assert config["DefaultCacheBehavior"]["ResponseHeadersPolicyId"], "the CSP/HSTS policy is attached"

    uploaded = set(report["page"]["uploaded"])
    assert {"index.html", "wrapper-config.json"} <= uploaded
    stored = {o["Key"] for o in client("s3").list_objects_v2(Bucket=bucket)["Contents"]}
    assert stored == uploaded
    page_config = json.loads(client("s3").get_object(Bucket=bucket, Key="wrapper-config.json")["Body"].read())
    assert page_config["websocketUrl"] == outputs["websocket_url"]

    shown = ok(cli(["outputs", "--stage", "dev"], cwd=page_project))
    rows = [line for line in shown.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(rows) if "page_url" in line or "websocket_url" in line)
    assert "page_url" in rows[first] and outputs["page_url"] in rows[first], "outputs lead with the page URL"

    again = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=page_project))
    assert again["changed"] is False and again["page"]["uploaded"] == []

    ok(cli(["destroy", "--stage", "dev", "--yes"], cwd=page_project))
    assert bucket not in [b["Name"] for b in client("s3").list_buckets()["Buckets"]], "the bucket is emptied, then deleted"
    assert client("cloudfront").list_distributions()["DistributionList"].get("Items", []) == []
    assert client("cloudfront").list_origin_access_controls()["OriginAccessControlList"].get("Items", []) == []
