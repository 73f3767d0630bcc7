"""boto3 clients for a stage, with the one credentials error every command gives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import boto3
from botocore.exceptions import NoCredentialsError, NoRegionError, PartialCredentialsError

from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError

T = TypeVar("T")


def client(config: ProjectConfig, service: str) -> Any:
    return regional_client(service, config.region)


def regional_client(service: str, region: str) -> Any:
    """A client in a region other than the stage's (the state bucket's, IAM's global one)."""
    return boto3.client(service, region_name=region)  # type: ignore[call-overload]


def account_id(sts: Any) -> str:
    with aws_errors():
        return str(sts.get_caller_identity()["Account"])


@contextmanager
def aws_errors() -> Iterator[None]:
    try:
        yield
    except (NoCredentialsError, PartialCredentialsError):
        raise WrapperError(
            "no AWS credentials found", "configure them: `aws configure`, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        ) from None
    except NoRegionError:
        raise WrapperError("no AWS region", "set service.region in wrapper.toml or AWS_REGION") from None


def call(fn: Callable[[], T]) -> T:
    with aws_errors():
        return fn()
