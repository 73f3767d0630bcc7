"""wrapper dev's embedded DynamoDB: the JSON API over in-memory tables, in the gateway's process.

Replaced moto's DynamoDB (measured in docs/benchmarks.md, "Embedded DynamoDB"): moto took
5 ms for a conditional UpdateItem and 11 ms for a 10-item Query in-process, which capped a
real-time room at a few players on two cores. Modules: ``tree`` (typed expression nodes),
``parser`` and ``expressions`` (text to tree), ``numbers`` (DynamoDB's Decimal rules), ``updates``,
``values`` (attribute values, paths), ``evaluate`` (conditions, updates), ``tables``
(keys, indexes, storage), ``reads`` (Query, Scan), ``engine`` (the operations).
"""

from wrapper.offline.dynamodb.engine import EmbeddedDynamoDB

__all__ = ["EmbeddedDynamoDB"]
