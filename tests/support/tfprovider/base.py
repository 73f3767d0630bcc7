"""What a resource or data source type implements, and the AWS context it works in.

One module per AWS service under ``resources/`` holds its types; each class names its
``type_name`` and is listed in ``resources.TYPES``. The generic plan (see ``plugin.py``) already
does what Terraform expects of every type: computed attributes unknown on create, prior values
kept on update, ``tags_all`` and ``region`` filled, replacement when a ``force_new`` attribute
changes. A type only talks to AWS (moto) and adds what AWS computes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, TypeVar

import boto3
from botocore.exceptions import ClientError

State = dict[str, Any]


class ProviderError(Exception):
    """An error diagnostic, worded like the real provider's ("creating X (name): ...")."""

    def __init__(self, summary: str, detail: str = "") -> None:
        super().__init__(summary)
        self.summary = summary
        self.detail = detail


def api_error(action: str, exc: ClientError) -> ProviderError:
    """A boto3 error in the real provider's (aws-sdk-go-v2's) words."""
    error = exc.response.get("Error", {})
    operation = exc.operation_name
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
    return ProviderError(
        f"{action}: operation error {operation}: https response error StatusCode: {status}, "
        f"api error {error.get('Code', 'Unknown')}: {error.get('Message', '')}"
    )


@contextmanager
def reported(action: str) -> Iterator[None]:
    """Inside it, a boto3 error leaves as the real provider's diagnostic for ``action``."""
    try:
        yield
    except ClientError as exc:
        raise api_error(action, exc) from exc


T = TypeVar("T")
NOT_FOUND = "ResourceNotFoundException"  # most services' word for a resource that is gone


@contextmanager
def missing_is_fine(*missing: str) -> Iterator[None]:
    """Inside it, AWS saying (one of the ``missing`` error codes) the resource is gone is no error:
    a delete of what was deleted outside Terraform succeeds, as with the real provider."""
    try:
        yield
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in missing:
            raise


def unless_missing(fetch: Callable[[], T], *missing: str) -> T | None:
    """What a read's call answers, or None where AWS says (one of the ``missing`` error codes) the
    resource is gone: deleted outside Terraform, which then plans to create it again."""
    with missing_is_fine(*missing):
        return fetch()
    return None


def kept_if_found(state: State, fetch: Callable[[], object], *missing: str) -> State | None:
    """A read that only checks the resource still exists: ``state`` as it is, or None when gone."""
    return state if unless_missing(fetch, *missing) is not None else None


def given(state: State, names: Mapping[str, str]) -> dict[str, Any]:
    """An API call's arguments for the attributes ``state`` sets (neither null nor empty), by
    ``names`` (attribute -> the API's parameter), as the provider leaves unset ones out."""
    return {name: state[key] for key, name in names.items() if state.get(key)}


def tag_list(state: State, key: str = "Key", value: str = "Value") -> list[dict[str, str]]:
    """``tags_all`` as the services that take tags as a list of pairs want them."""
    return [{key: k, value: v} for k, v in (state.get("tags_all") or {}).items()]


def tags_given(state: State) -> dict[str, Any]:
    """The ``Tags`` argument when ``tags_all`` has any (the provider sends none otherwise)."""
    return {"Tags": tag_list(state)} if state.get("tags_all") else {}


@dataclass
class AwsContext:
    """The configured provider: region, default tags, account, and clients bound to the endpoint."""

    region: str
    default_tags: dict[str, str] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    clients: dict[tuple[str, str, str | None], Any] = field(default_factory=dict)

    def client(self, service: str, region: str | None = None) -> Any:
        # AWS_ENDPOINT_URL is honoured by boto3 as by the real provider's AWS SDK: tests point it at moto.
        # One client per service and region, as the provider keeps one per service: making one costs
        # tens of milliseconds, and a plan reads every resource. (boto3 clients are thread-safe.)
        key = (service, region or self.region, os.environ.get("AWS_ENDPOINT_URL"))
        if key not in self.clients:
            self.clients[key] = boto3.client(service, region_name=key[1], endpoint_url=key[2])
        return self.clients[key]

    @cached_property
    def account_id(self) -> str:
        return str(self.client("sts").get_caller_identity()["Account"])

    partition = "aws"
    dns_suffix = "amazonaws.com"

    def arn(self, service: str, resource: str, *, region: str | None = None, account: bool = True) -> str:
        return f"arn:{self.partition}:{service}:{'' if region is None else region}:{self.account_id if account else ''}:{resource}"

    def warn(self, summary: str, detail: str = "") -> None:
        self.warnings.append((summary, detail))


class ResourceType:
    """CRUD of one resource type against AWS. ``state`` dicts follow the served schema."""

    type_name: ClassVar[str]
    force_new: ClassVar[frozenset[str]] = frozenset()  # attributes whose change replaces the resource
    # attributes AWS recomputes when the resource is updated (unknown in an update plan)
    recomputed_on_update: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, ctx: AwsContext) -> None:
        self.ctx = ctx

    def region(self, state: State) -> str:
        return str(state.get("region") or self.ctx.region)

    def client(self, service: str, state: State) -> Any:
        return self.ctx.client(service, self.region(state))

    def validate(self, config: State) -> None:
        """Raise ProviderError for a configuration AWS would refuse (values may be unknown here)."""

    def plan(self, prior: State | None, planned: State) -> None:
        """Adjust ``planned`` in place (defaults the provider sets, values known before apply)."""

    def create(self, planned: State) -> State:
        raise NotImplementedError

    def read(self, state: State) -> State | None:
        """The resource as AWS has it now; None when it is gone (Terraform then plans to create it)."""
        return state

    def update(self, prior: State, planned: State) -> State:
        return planned

    def delete(self, state: State) -> None:
        raise NotImplementedError


class DataSourceType:
    type_name: ClassVar[str]

    def __init__(self, ctx: AwsContext) -> None:
        self.ctx = ctx

    def read(self, config: State) -> State:
        raise NotImplementedError
