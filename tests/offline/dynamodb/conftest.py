"""Two DynamoDB clients for the same scenario: wrapper's embedded engine and moto's, as the reference.

moto stands in for DynamoDB itself, which cannot be reached from here; where moto is known
to differ from DynamoDB's documented behaviour, the test says so and checks ours only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from wrapper.offline.dynamodb import EmbeddedDynamoDB
from wrapper.offline.dynamodb.client import engine_client


@pytest.fixture
def ours() -> Any:
    return engine_client(EmbeddedDynamoDB("eu-west-2"))


@pytest.fixture
def clients(ours: Any) -> Iterator[tuple[Any, Any]]:
    with mock_aws():
        yield ours, boto3.client("dynamodb", region_name="eu-west-2", aws_access_key_id="x", aws_secret_access_key="x")
