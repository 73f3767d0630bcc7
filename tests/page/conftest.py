"""The page's bucket and distribution in moto (AWS itself is out of reach here), and page folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.support.tfprovider.moto_iam import patch_managed_policies

REGION = "eu-west-2"


class Cloud:
    """A bucket made as the static_site module makes it (versioned) and a distribution in front."""

    def __init__(self) -> None:
        self.s3 = boto3.client("s3", region_name=REGION)
        self.cloudfront = boto3.client("cloudfront", region_name=REGION)
        self.bucket = "demo-dev-page-20261130"
        self.s3.create_bucket(Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        self.s3.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"})
        made = self.cloudfront.create_distribution(
            DistributionConfig={
                "CallerReference": "page",
                "Comment": "demo-dev-page",
                "Enabled": True,
                "DefaultRootObject": "index.html",
                "Origins": {
                    "Quantity": 1,
                    "Items": [
                        {
                            "Id": "page-bucket",
                            "DomainName": f"{self.bucket}.s3.{REGION}.amazonaws.com",
                            "S3OriginConfig": {"OriginAccessIdentity": ""},
                        }
                    ],
                },
                "DefaultCacheBehavior": {"TargetOriginId": "page-bucket", "ViewerProtocolPolicy": "redirect-to-https"},
            }
        )
        self.distribution_id = made["Distribution"]["Id"]

    def outputs(self) -> dict[str, Any]:
        return {
            "websocket_url": "wss://abc123.execute-api.eu-west-2.amazonaws.com/dev",
            "page_url": "https://d111111abcdef8.cloudfront.net/",
            "page_bucket": self.bucket,
            "page_distribution_id": self.distribution_id,
        }

    def objects(self) -> dict[str, dict[str, Any]]:
        listed = self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return {o["Key"]: self.s3.head_object(Bucket=self.bucket, Key=o["Key"]) for o in listed}

    def invalidations(self) -> list[list[str]]:
        found = self.cloudfront.list_invalidations(DistributionId=self.distribution_id)["InvalidationList"].get("Items", [])
        return [
            self.cloudfront.get_invalidation(DistributionId=self.distribution_id, Id=i["Id"])["Invalidation"]["InvalidationBatch"][
                "Paths"
            ].get("Items", [])
            for i in found
        ]


@pytest.fixture
def cloud(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cloud]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    patch_managed_policies(monkeypatch)  # AWS accounts have AWS's managed policies
    with mock_aws():
        yield Cloud()


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def configure(root: Path, extra: str) -> Path:
    """Add settings to wrapper.toml: lines under a [section] the file has go into it, other sections are appended."""
    text = (root / "wrapper.toml").read_text()
    for block in extra.strip().split("\n\n"):
        header, _, lines = block.strip().partition("\n")
        if header + "\n" in text:
            text = text.replace(header + "\n", f"{header}\n{lines}\n", 1)
        else:
            text += f"\n{header}\n{lines}\n"
    (root / "wrapper.toml").write_text(text)
    return root
