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
    return boto3.client(service, region_name=config.region)  # type: ignore[call-overload]


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
