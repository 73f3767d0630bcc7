"""The page's Terraform planned by real Terraform against the test provider (hashicorp/aws's real
schema, moto behind it), with and without a custom domain; test_deploy_page_e2e applies it."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from tests.conftest import scaffold
from tests.page.conftest import configure
from wrapper.config import load_config
from wrapper.terraform import stage as pipeline
from wrapper.terraform.account import ensure_logging_role

pytestmark = pytest.mark.slow

PAGE = {
    "module.page[0].aws_s3_bucket.page",
    "module.page[0].aws_s3_bucket_public_access_block.page",
    "module.page[0].aws_s3_bucket_ownership_controls.page",
    "module.page[0].aws_s3_bucket_server_side_encryption_configuration.page",
    "module.page[0].aws_s3_bucket_policy.page",
    "module.page[0].aws_cloudfront_origin_access_control.page",
    "module.page[0].aws_cloudfront_response_headers_policy.page",
    "module.page[0].aws_cloudfront_distribution.page",
}
DOMAIN = {
    "module.page_certificate[0].aws_acm_certificate.this",
    "module.page_certificate[0].aws_acm_certificate_validation.this",
    'module.page_certificate[0].aws_route53_record.validation["play.example.com"]',
    'aws_route53_record.page["A"]',
    'aws_route53_record.page["AAAA"]',
}


@pytest.mark.parametrize("domain", [False, True], ids=["cloudfront-domain", "custom-domain"])
def test_the_page_plans_against_the_aws_schema(aws_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: bool) -> None:
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    ensure_logging_role("eu-west-2")
    root = scaffold(tmp_path / "world", service="world")
    if domain:
        boto3.client("route53", region_name="us-east-1").create_hosted_zone(Name="example.com", CallerReference="page")
        configure(root, '[frontend]\ndomain_name = "play.example.com"\n\n[dns]\nzone = "example.com"')
    _, summary = pipeline.plan(load_config(root, "dev", env={}))
    added = {address for address, action in summary.resources if action == "add"}
    assert added >= PAGE
    assert added >= DOMAIN if domain else not DOMAIN & added
