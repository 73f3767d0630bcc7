"""`wrapper bootstrap` against moto's S3 (a double for AWS, which is out of reach here)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from tests.projects import scaffold
from wrapper.config import load_config
from wrapper.errors import WrapperError
from wrapper.terraform.bootstrap import bootstrap_state


@mock_aws
def test_bucket_is_created_locked_down_and_bootstrap_is_idempotent(tmp_path: Path) -> None:
    root = scaffold(tmp_path / "p", service="p")
    (root / "wrapper.toml").write_text((root / "wrapper.toml").read_text() + '\n[state]\nbucket = "p-tfstate-0001"\n')
    config = load_config(root, "dev", env={})
    first = bootstrap_state(config)
    assert first.created and first.region == "eu-west-2"
    s3 = boto3.client("s3", region_name="eu-west-2")
    assert s3.get_bucket_versioning(Bucket="p-tfstate-0001")["Status"] == "Enabled"
    rules = s3.get_bucket_encryption(Bucket="p-tfstate-0001")["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    block = s3.get_public_access_block(Bucket="p-tfstate-0001")["PublicAccessBlockConfiguration"]
    assert all(block.values())
    policy = json.loads(s3.get_bucket_policy(Bucket="p-tfstate-0001")["Policy"])
    assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    second = bootstrap_state(config)
    assert not second.created


def test_without_state_section_bootstrap_explains(project: Path) -> None:
    with pytest.raises(WrapperError) as err:
        bootstrap_state(load_config(project, "dev", env={}))
    assert "no [state] section" in err.value.message
