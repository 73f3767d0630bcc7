"""S3 bucket policies as AWS evaluates them for requests that arrive over TLS.

moto is served over plain HTTP here, where every client (boto3, Terraform's S3 backend, the
provider) would reach AWS over HTTPS; and moto 5 does not know IAM's ``Bool`` condition operator,
while a statement whose condition does not hold counts as a denial. So the TLS-only statement that
`wrapper bootstrap` and the page module write (Deny when ``aws:SecureTransport`` is ``false``)
would deny every upload in moto and none in AWS. This evaluates a bucket's policy for the checks
moto makes (an explicit Deny wins) with the request context of a TLS request, per
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html and
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
(``Bool``, ``StringEquals``, ``StringLike``, ``ArnEquals``, ``ArnLike``; a key missing from the
request context does not match, so a CloudFront-only Allow does not apply to other callers).
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable
from typing import Any

import pytest

# What AWS knows of a request from these tests' clients: TLS, no calling service.
REQUEST_CONTEXT = {"aws:securetransport": "true"}


def _listed(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


_OPERATORS: dict[str, Callable[[str, str], bool]] = {
    "Bool": lambda actual, expected: actual.lower() == expected.lower(),
    "StringEquals": lambda actual, expected: actual == expected,
    "StringLike": lambda actual, expected: fnmatch.fnmatchcase(actual, expected),
    "ArnEquals": lambda actual, expected: actual == expected,
    "ArnLike": lambda actual, expected: fnmatch.fnmatchcase(actual, expected),
}


def _conditions_hold(conditions: dict[str, dict[str, Any]]) -> bool:
    for operator, keys in conditions.items():
        compare = _OPERATORS.get(operator)
        for key, expected in keys.items():
            actual = REQUEST_CONTEXT.get(key.lower())
            if compare is None or actual is None or not any(compare(actual, e) for e in _listed(expected)):
                return False
    return True


def _matches(patterns: Any, value: str) -> bool:
    return any(fnmatch.fnmatchcase(value, p) for p in _listed(patterns))


def permission(policy: str, action: str, resource: str) -> Any:
    from moto.iam.access_control import PermissionResult

    statements = json.loads(policy)["Statement"]
    permitted = False
    for statement in statements if isinstance(statements, list) else [statements]:
        if not (_matches(statement.get("Action", []), action) and _matches(statement.get("Resource", []), resource)):
            continue
        if not _conditions_hold(statement.get("Condition") or {}):
            continue
        if statement["Effect"] == "Deny":
            return PermissionResult.DENIED
        permitted = True
    return PermissionResult.PERMITTED if permitted else PermissionResult.NEUTRAL


def patch_bucket_policies(patch: pytest.MonkeyPatch) -> None:
    from moto.iam.access_control import PermissionResult
    from moto.s3.models import FakeBucket

    def get_permission(bucket: Any, action: str, resource: str) -> Any:
        return PermissionResult.NEUTRAL if bucket.policy is None else permission(bucket.policy.decode(), action, resource)

    patch.setattr(FakeBucket, "get_permission", get_permission)
