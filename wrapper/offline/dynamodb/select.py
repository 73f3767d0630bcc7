"""Query's and Scan's ``Select``: what each value returns from a table or an index, and the combinations DynamoDB refuses.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Select
Without ``Select``: ``SPECIFIC_ATTRIBUTES`` with a projection, else ``ALL_PROJECTED_ATTRIBUTES`` on an
index and ``ALL_ATTRIBUTES`` on a table. ``ALL_ATTRIBUTES`` on a local secondary index that does not
project everything fetches each item from the table; a global secondary index cannot, so DynamoDB refuses it.
"""

from __future__ import annotations

from typing import Any

from wrapper.offline.dynamodb.errors import check_enum, validation
from wrapper.offline.dynamodb.tables import Index

CHOICES = ("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES")


def chosen(body: dict[str, Any], index: Index | None, operation: str) -> str:
    """The request's Select, defaulted as DynamoDB does; a ValidationException for a refused combination.

    Query words the combination rules inside "1 validation error detected: ", Scan does not (as DynamoDB
    answered moto's AWS-verified tests, tests/test_dynamodb/test_dynamodb_select.py).
    """
    envelope = "1 validation error detected: " if operation == "Query" else ""
    select = body.get("Select")
    projected_by = "ProjectionExpression" if body.get("ProjectionExpression") is not None else "AttributesToGet" if body.get("AttributesToGet") else None
    if select is None:
        if projected_by is not None:
            return "SPECIFIC_ATTRIBUTES"
        return "ALL_PROJECTED_ATTRIBUTES" if index is not None else "ALL_ATTRIBUTES"
    check_enum(select, "select", CHOICES)
    if projected_by is not None and select != "SPECIFIC_ATTRIBUTES":
        raise validation(f"{envelope}Cannot specify the {projected_by} when choosing to get {'only the Count' if select == 'COUNT' else select}")
    if select == "SPECIFIC_ATTRIBUTES" and projected_by is None:
        raise validation(f"{envelope}Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
    if select == "ALL_PROJECTED_ATTRIBUTES" and index is None:
        raise validation(f"{envelope}ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")  # "Querying" on Scan too
    if select == "ALL_ATTRIBUTES" and index is not None and not index.local and index.spec.projection_type != "ALL":
        raise validation(
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index "
            f"{index.name} because its projection type is not ALL"
        )
    return str(select)


def check_projected(index: Index | None, table_key: tuple[str, ...], names: set[str]) -> None:
    """A global secondary index answers only with what it projects, and naming anything else is refused
    (a local one fetches the rest from the table): "Global secondary index queries cannot fetch attributes
    from the parent table" (API_Query, ``Select``)."""
    if index is None or index.local or index.spec.projection_type == "ALL" or not names:
        return
    kept = set(table_key) | set(index.key.names)
    if index.spec.projection_type == "INCLUDE":
        kept |= set(index.spec.projection.get("NonKeyAttributes", []))
    missing = sorted(names - kept)
    if missing:
        raise validation(f"One or more parameter values were invalid: Global secondary index {index.name} does not project [{', '.join(missing)}]")


def fetches_from_table(select: str, index: Index | None) -> bool:
    """A local secondary index answers with the table's item when the request asks for attributes it may not
    project (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.Projections); a filter
    alone does not fetch: it sees what the index holds."""
    if index is None or not index.local or index.spec.projection_type == "ALL":
        return False
    return select in ("ALL_ATTRIBUTES", "SPECIFIC_ATTRIBUTES")
