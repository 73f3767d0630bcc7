"""The clients the page uses, made by the AWS edge, and what the page's own failures mean."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from wrapper.aws import aws_errors as edge_errors
from wrapper.aws import client, error_code
from wrapper.errors import WrapperError

GLOBAL_REGION = "us-east-1"  # CloudFront's certificates and Route 53 live there


def s3_client(region: str) -> Any:
    return client("s3", region)


def cloudfront_client(region: str) -> Any:
    """CloudFront is global; made only when something must be invalidated (its model takes time to load)."""
    return client("cloudfront", region)


def acm_client(region: str = GLOBAL_REGION) -> Any:
    return client("acm", region)


def route53_client() -> Any:
    return client("route53", GLOBAL_REGION)


@contextmanager
def aws_errors(doing: str) -> Iterator[None]:
    """The edge's wording, plus what a missing bucket or distribution means for the page."""
    with edge_errors(doing):
        try:
            yield
        except Exception as exc:
            if error_code(exc) in {"NoSuchBucket", "NoSuchDistribution"}:
                raise WrapperError(
                    f"{doing} failed: {exc}",
                    "the stage's page is not deployed (or was destroyed): run `wrapper deploy` without --page-only",
                ) from None
            raise
