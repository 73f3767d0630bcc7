"""boto3 clients for a stage, with the one credentials error every command gives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import boto3
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ReadTimeoutError,
)

from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError

T = TypeVar("T")
CREDENTIALS_HINT = "configure them: `aws configure`, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
NETWORK_HINT = "check the network connection (and proxy or VPN settings), then retry"
_NETWORK = (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)


def client(config: ProjectConfig, service: str) -> Any:
    return boto3.client(service, region_name=config.region)  # type: ignore[call-overload]


@contextmanager
def aws_errors() -> Iterator[None]:
    try:
        yield
    except (NoCredentialsError, PartialCredentialsError):
        raise WrapperError("no AWS credentials found", CREDENTIALS_HINT) from None
    except NoRegionError:
        raise WrapperError("no AWS region", "set service.region in wrapper.toml or AWS_REGION") from None
    except _NETWORK as exc:
        raise WrapperError(f"cannot reach AWS ({exc})", NETWORK_HINT) from None


def call(fn: Callable[[], T]) -> T:
    with aws_errors():
        return fn()


def network_error(exc: BaseException) -> WrapperError | None:
    """The "cannot reach AWS" error for a network failure from any boto3 call; None for anything else."""
    try:
        with aws_errors():
            raise exc
    except WrapperError as translated:
        return translated if isinstance(exc, _NETWORK) else None
    except BaseException:  # noqa: BLE001 - not a network failure: the caller keeps its own handling
        return None


def caller_identity(config: ProjectConfig, sts: Any | None = None) -> dict[str, str]:
    """Who AWS says we are: the credentials check `doctor` runs and deploy/plan/destroy run before Terraform.

    Raises ``WrapperError`` with a next step when there are no credentials, AWS rejects them,
    or AWS cannot be reached.
    """
    with aws_errors():
        try:
            who: dict[str, str] = (sts or client(config, "sts")).get_caller_identity()
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            raise WrapperError(f"AWS rejected the credentials ({code}): {exc}", CREDENTIALS_HINT) from None
    return who


def check_credentials(config: ProjectConfig) -> None:
    """Stop before Terraform starts when the credentials cannot work (Terraform would fail later, less clearly)."""
    try:
        caller_identity(config)
    except BotoCoreError as exc:  # anything else botocore raises while finding or using credentials
        raise WrapperError(f"AWS credentials cannot be used: {exc}", CREDENTIALS_HINT) from None
