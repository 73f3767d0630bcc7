"""AWS failures as ``WrapperError``s: what went wrong and what to do, one wording for every command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from wrapper.errors import WrapperError

CREDENTIALS_HINT = "configure them: `aws configure`, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
_GENERIC_HINT = "check your AWS credentials, region and permissions"
_THROTTLED = {"Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown"}
_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "403"}
_BAD_CREDENTIALS = {
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
}


def is_service_error(exc: BaseException) -> bool:
    """Did AWS answer with an error (as opposed to never being reached)?"""
    from botocore.exceptions import ClientError

    return isinstance(exc, ClientError)


def error_code(exc: BaseException) -> str | None:
    """The service's error code (``ResourceNotFoundException``...), or None if ``exc`` is not a service error."""
    if not is_service_error(exc):
        return None
    return str(exc.response.get("Error", {}).get("Code", ""))  # type: ignore[attr-defined]


def translate(exc: BaseException, action: str) -> WrapperError | None:
    """The ``WrapperError`` for an AWS failure while doing ``action``; None if ``exc`` did not come from botocore."""
    from botocore import exceptions as bce

    if isinstance(exc, (bce.NoCredentialsError, bce.PartialCredentialsError)):
        return WrapperError("no AWS credentials found", CREDENTIALS_HINT)
    if isinstance(exc, bce.ProfileNotFound):
        profile = exc.kwargs.get("profile", "")
        return WrapperError(
            f"the AWS profile {profile!r} named by AWS_PROFILE is not configured on this machine",
            f"create it with `aws configure --profile {profile}`, pick one listed by `aws configure list-profiles`, or unset AWS_PROFILE",
        )
    if isinstance(exc, bce.NoRegionError):
        return WrapperError("no AWS region", "set service.region in wrapper.toml or AWS_REGION")
    if isinstance(exc, (bce.EndpointConnectionError, bce.ConnectTimeoutError, bce.ReadTimeoutError, bce.ConnectionClosedError)):
        return WrapperError(f"cannot reach AWS to {action}: {exc}", "check the network connection (and proxy settings), then retry")
    code = error_code(exc)
    if code is None:
        if isinstance(exc, bce.BotoCoreError):
            return WrapperError(f"could not {action}: {exc}", _GENERIC_HINT)
        return None
    message = str(exc.response.get("Error", {}).get("Message") or code)  # type: ignore[attr-defined]
    if code in _BAD_CREDENTIALS:
        return WrapperError(f"AWS refused the credentials to {action}: {message}", f"refresh them; {CREDENTIALS_HINT}")
    if code in _DENIED:
        return WrapperError(f"access denied to {action}: {message}", "use credentials whose IAM policy allows it (see `wrapper doctor`)")
    if code in _THROTTLED:
        return WrapperError(
            f"AWS throttled the requests to {action}: {message}", "wait a minute and retry; raise the service quota if it lasts"
        )
    return WrapperError(f"could not {action}: {message}", _GENERIC_HINT)


@contextmanager
def aws_errors(action: str = "call AWS") -> Iterator[None]:
    """Turn every botocore failure inside the block into a ``WrapperError``; anything else passes through.

    Callers that expect a particular service error (a missing log group) catch it inside the
    block with ``error_code``; what reaches here is reported.
    """
    try:
        yield
    except WrapperError:
        raise
    except Exception as exc:
        translated = translate(exc, action)
        if translated is None:
            raise
        raise translated from None
