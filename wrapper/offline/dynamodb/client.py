"""A boto3 DynamoDB client answered by an ``EmbeddedDynamoDB`` in this process: wrapper's own view of the tables.

``wrapper dev`` uses it to create, restore and save tables (unmetered: it is not the
handlers' traffic), tests use it to look inside. botocore still validates and
serialises each request and parses each answer; only the HTTP send is replaced.
"""

from __future__ import annotations

from typing import Any

from wrapper.aws import answered_client
from wrapper.offline.dynamodb.engine import EmbeddedDynamoDB


def engine_client(engine: EmbeddedDynamoDB) -> Any:
    return answered_client("dynamodb", engine.region, engine.handle)
