"""The page's only door to AWS: the clients it uses and what their errors mean to a user.

Kept to one small module so the project's single AWS edge can absorb it in one move.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from wrapper.errors import WrapperError


def _session(region: str) -> Any:
    import boto3  # lazily: importing boto3 costs a third of a second other commands should not pay

    return boto3.Session(region_name=region)


def _config() -> Any:
    from botocore.config import Config

    return Config(retries={"mode": "standard", "max_attempts": 5}, max_pool_connections=32)


def s3_client(region: str) -> Any:
    return _session(region).client("s3", config=_config())


def cloudfront_client(region: str) -> Any:
    """CloudFront is global; made only when something must be invalidated (its model takes time to load)."""
    return _session(region).client("cloudfront", config=_config())


def acm_client() -> Any:
    """ACM in us-east-1, where CloudFront's certificates live."""
    import boto3

    return boto3.Session(region_name="us-east-1").client("acm")


def route53_client() -> Any:
    import boto3

    return boto3.Session(region_name="us-east-1").client("route53")


@contextmanager
def aws_errors(doing: str) -> Iterator[None]:
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, PartialCredentialsError

    try:
        yield
    except (NoCredentialsError, PartialCredentialsError):
        raise WrapperError(
            "no AWS credentials found", "configure them: `aws configure`, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        ) from None
    except ClientError as err:
        code = err.response.get("Error", {}).get("Code", "")
        hint = "check the credentials' permissions on the page's bucket and distribution"
        if code in {"NoSuchBucket", "NoSuchDistribution"}:
            hint = "the stage's page is not deployed (or was destroyed): run `wrapper deploy` without --page-only"
        raise WrapperError(f"{doing} failed: {err}", hint) from err
    except BotoCoreError as err:
        raise WrapperError(f"{doing} failed: {err}", "check the network and the AWS region") from err
