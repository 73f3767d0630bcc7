"""Create the remote-state bucket: versioned, encrypted, private, TLS only. Idempotent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from wrapper.aws import aws_errors, error_code
from wrapper.aws import client as aws_client
from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError


@dataclass(frozen=True)
class BootstrapResult:
    bucket: str
    region: str
    created: bool

    def to_dict(self) -> dict[str, Any]:
        return {"bucket": self.bucket, "region": self.region, "created": self.created}


def tls_only_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


def bootstrap_state(config: ProjectConfig, client: Any | None = None) -> BootstrapResult:
    if config.state is None:
        raise WrapperError(
            "wrapper.toml has no [state] section, so state is local and needs no bucket",
            'add [state] with bucket = "..." to keep state in S3',
        )
    bucket, region = config.state.bucket, config.state.region
    s3 = client or aws_client("s3", region)
    created = False
    with aws_errors(f"set up the state bucket {bucket}"):
        try:
            s3.head_bucket(Bucket=bucket)
        except Exception as exc:
            code = error_code(exc)
            if code is None:
                raise
            if code in {"403", "AccessDenied"}:
                raise WrapperError(
                    f"bucket {bucket!r} exists but belongs to someone else or is not readable", "pick another state.bucket name"
                ) from None
            kwargs: dict[str, Any] = {"Bucket": bucket}
            if region != "us-east-1":
                kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
            s3.create_bucket(**kwargs)
            created = True
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_encryption(
            Bucket=bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]
            },
        )
        s3.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        s3.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket))
    return BootstrapResult(bucket, region, created)
