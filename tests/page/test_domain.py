"""A custom domain for the page: the zone must belong to the deploying account, and without a zone
the records ACM waits for are shown while Terraform waits (moto's ACM and Route53 stand in for AWS)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.page.conftest import Cloud
from tests.page.test_stack import with_domain
from wrapper.config import load_config
from wrapper.errors import WrapperError
from wrapper.page.domain import check_zone, watch

NO_ZONE = '\n[frontend]\ndomain_name = "play.example.com"\n'


def test_a_zone_this_account_does_not_hold_stops_before_anything_changes(cloud: Cloud, tmp_path: Path) -> None:
    config = load_config(with_domain(tmp_path), "dev", env={})
    with pytest.raises(WrapperError) as err:
        check_zone(config)
    assert "not a public hosted zone in the AWS account" in err.value.message
    boto3.client("route53").create_hosted_zone(Name="example.com", CallerReference="z")
    check_zone(config)  # now it is there


def test_without_a_zone_the_records_acm_waits_for_are_shown_when_the_certificate_exists(cloud: Cloud, tmp_path: Path) -> None:
    config = load_config(with_domain(tmp_path, NO_ZONE), "dev", env={})
    arn = boto3.client("acm", region_name="us-east-1").request_certificate(DomainName="play.example.com", ValidationMethod="DNS")[
        "CertificateArn"
    ]
    seen: list[dict[str, Any]] = []
    told: list[list[dict[str, str]]] = []
    sink = watch(config, seen.append, told.append)
    sink({"type": "apply_progress", "hook": {"resource": {"addr": "module.page[0].aws_s3_bucket.page", "resource_type": "aws_s3_bucket"}}})
    assert told == []
    sink(
        {
            "type": "apply_complete",
            "hook": {
                "resource": {"addr": "module.page_certificate[0].aws_acm_certificate.this", "resource_type": "aws_acm_certificate"},
                "id_value": arn,
            },
        }
    )
    assert len(seen) == 2, "every event still reaches the progress view"
    assert len(told) == 1 and told[0][0]["type"] == "CNAME" and told[0][0]["name"].endswith("play.example.com.")


def test_with_a_zone_nothing_is_watched(tmp_path: Path) -> None:
    config = load_config(with_domain(tmp_path), "dev", env={})
    sink = print
    assert watch(config, sink, print) is sink
