"""Sessions and clients for a stage: region, endpoint override, retries, user agent."""

from __future__ import annotations

from typing import Any

RETRIES = {"mode": "standard", "max_attempts": 5}  # standard mode backs off on throttling with jitter

# wrapper dev's moto and in-process engine accept anything; fixed values keep a developer's real keys out of them.
OFFLINE_CREDENTIALS = {"aws_access_key_id": "offline", "aws_secret_access_key": "offline"}


def session(region: str | None = None) -> Any:
    """A boto3 session in ``region`` (None: boto3's own lookup: AWS_REGION, profile)."""
    import boto3

    return boto3.Session(region_name=region)


def client(
    service: str,
    region: str | None,
    *,
    endpoint_url: str | None = None,
    credentials: dict[str, str] | None = None,
    from_session: Any | None = None,
) -> Any:
    """A client with wrapper's retry policy and user agent.

    ``endpoint_url`` points it elsewhere than AWS (``wrapper dev``, tests); botocore's own
    ``AWS_ENDPOINT_URL_<SERVICE>`` variables still apply when it is None. ``credentials``
    replaces the credential chain (the offline stack). ``from_session`` shares one session's
    credential lookup between several clients.
    """
    owner = from_session if from_session is not None else session(region)
    return owner.client(service, region_name=region, endpoint_url=endpoint_url, config=_config(), **(credentials or {}))


def resource(service: str, region: str | None, *, endpoint_url: str | None = None, credentials: dict[str, str] | None = None) -> Any:
    """A boto3 resource (``dynamodb``'s ``Table``...) with the same settings as ``client``."""
    return session(region).resource(service, region_name=region, endpoint_url=endpoint_url, config=_config(), **(credentials or {}))


def _config() -> Any:
    from botocore.config import Config

    return Config(retries=RETRIES, user_agent_extra=f"wrapper/{_version()}")  # type: ignore[arg-type]


def _version() -> str:
    import wrapper

    return str(wrapper.__version__)
