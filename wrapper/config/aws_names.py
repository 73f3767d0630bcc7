"""AWS naming rules, checked before anything is rendered or deployed.

Each rule names the limit AWS enforces so a bad name fails here, in one line,
instead of minutes into an apply.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from wrapper.config.checks import Invalid

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$")
LAMBDA_NAME_MAX = 64  # also the IAM role name limit; roles share the function's name
DYNAMODB_NAME_MAX = 255
API_NAME_MAX = 128
REGION_PATTERN = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")
DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# S3's "safe characters" for object keys; anything else may need escaping somewhere downstream.
STATE_KEY_PATTERN = re.compile(r"^[A-Za-z0-9!_.*'()/-]*$")
S3_KEY_MAX = 1024
DYNAMODB_TABLE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")
ENV_NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
RESERVED_ENV = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)


def check_identifier(path: str, value: str, what: str) -> None:
    """Service and stage names end up in every resource name; keep them to what all services accept."""
    if not NAME_PATTERN.match(value) or "--" in value:
        raise Invalid(
            path,
            f"{path} = {value!r} is not a valid {what} name",
            "use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen",
        )


def check_region(path: str, value: str) -> None:
    if not REGION_PATTERN.match(value):
        raise Invalid(path, f"{path} = {value!r} is not an AWS region", "use a region code such as eu-west-2 or us-east-1")


def check_env_name(path: str, name: str) -> None:
    if not ENV_NAME_PATTERN.match(name):
        raise Invalid(
            path, f"environment variable name {name!r} in {path} is invalid", "use letters, digits and underscores, starting with a letter"
        )
    if name in RESERVED_ENV:
        raise Invalid(
            path, f"environment variable {name!r} in {path} is reserved by Lambda", "choose another name; Lambda sets this one itself"
        )


@dataclass(frozen=True)
class DerivedName:
    """A name wrapper will create in AWS, the setting it comes from and AWS's limit."""

    kind: str
    name: str
    limit: int
    path: str


def check_derived_lengths(names: list[DerivedName], service_path: str, stage: str) -> None:
    for derived in names:
        if len(derived.name) > derived.limit:
            over = len(derived.name) - derived.limit
            raise Invalid(
                derived.path,
                f"{derived.kind} name {derived.name!r} for stage {stage!r} is {len(derived.name)} characters; AWS allows {derived.limit}",
                f"shorten {service_path}, the stage name or {derived.path} by {over} character{'s' if over > 1 else ''}",
            )


def check_bucket_name(path: str, value: str) -> None:
    """S3's bucket naming rules (general purpose buckets)."""
    problem = None
    if not 3 <= len(value) <= 63:
        problem = "must be 3 to 63 characters long"
    elif not re.match(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$", value):
        problem = "may hold only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit"
    elif ".." in value or ".-" in value or "-." in value:
        problem = "may not have two adjacent periods or a period next to a hyphen"
    elif value.startswith(("xn--", "sthree-", "amzn-s3-demo-")) or value.endswith(("-s3alias", "--ol-s3", ".mrap", "--x-s3")):
        problem = "uses a prefix or suffix that S3 reserves"
    else:
        try:
            ipaddress.IPv4Address(value)
            problem = "may not be formatted as an IP address"
        except ValueError:
            pass
    if problem:
        raise Invalid(
            path,
            f"{path} = {value!r} is not a valid S3 bucket name: it {problem}",
            "pick a globally unique name such as <service>-tfstate-<account-id>",
        )


def check_domain(path: str, value: str) -> None:
    """A DNS name ACM can issue a certificate for: 2+ labels of letters, digits and inner hyphens, 253 at most."""
    labels = value.split(".")
    if len(value) > 253 or len(labels) < 2 or not all(DOMAIN_LABEL.match(label) for label in labels):
        raise Invalid(
            path,
            f"{path} = {value!r} is not a domain name",
            "write a full name such as play.example.com (lowercase letters, digits, hyphens; no scheme, no path)",
        )


def check_state_key_prefix(path: str, value: str) -> None:
    """The state key prefix: S3's safe key characters, no empty, '.' or '..' segments."""
    segments = value.strip("/").split("/")
    if not STATE_KEY_PATTERN.match(value) or (value.strip("/") and any(seg in {"", ".", ".."} for seg in segments)):
        raise Invalid(
            path,
            f"{path} = {value!r} is not a safe S3 key prefix",
            'use letters, digits and ! _ . * \' ( ) - separated by single \'/\', such as "wrapper" or "teams/xr"',
        )
    if len(value.encode()) > S3_KEY_MAX - 128:
        raise Invalid(path, f"{path} is {len(value.encode())} bytes; S3 keys are at most {S3_KEY_MAX}", "shorten the prefix")


def check_dynamodb_table_name(path: str, value: str) -> None:
    """DynamoDB's table naming rule: 3-255 of letters, digits, '_', '-' and '.'."""
    if not DYNAMODB_TABLE_PATTERN.match(value):
        raise Invalid(
            path,
            f"{path} = {value!r} is not a valid DynamoDB table name",
            "use 3 to 255 letters, digits, '_', '-' or '.'",
        )
