"""The page's only door to AWS: the clients it uses and what their errors mean to a user.

Kept to one small module so the project's single AWS edge can absorb it in one move.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from wrapper.errors import WrapperError


def clients(region: str) -> tuple[Any, Any]:
    """S3 in the stage's region and CloudFront (a global service), sharing one session."""
    import boto3  # lazily: importing boto3 costs a third of a second other commands should not pay
    from botocore.config import Config

    session = boto3.Session(region_name=region)
    config = Config(retries={"mode": "standard", "max_attempts": 5}, max_pool_connections=32)
    return session.client("s3", config=config), session.client("cloudfront", config=config)


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
