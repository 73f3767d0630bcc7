"""wrapper dev's embedded DynamoDB: the JSON API over in-memory tables, in the gateway's process.

Replaced moto's DynamoDB (measured in docs/benchmarks.md, "Embedded DynamoDB"): moto took
5 ms for a conditional UpdateItem and 11 ms for a 10-item Query in-process, which capped a
real-time room at a few players on two cores. Modules, from text to storage:

- ``tree`` the typed expression tree; ``parser`` and ``expressions`` build it from expression
  text, ``legacy`` from the legacy parameters, ``requests`` picks either for a request;
- ``evaluate`` (conditions, operands), ``updates`` (SET/REMOVE/ADD/DELETE), ``keys`` (a Query's
  key condition as bounds), ``values`` and ``numbers`` (attribute values, DynamoDB's Decimal rules);
- ``schema`` (table definitions), ``tables`` and ``store`` (items and indexes in key order);
- ``writes`` (single-item plans), ``batches`` (batches, transactions), ``reads`` (Query, Scan),
  ``admin`` (the control plane), ``engine`` (``EmbeddedDynamoDB``: dispatch, lock, errors).
"""

from wrapper.offline.dynamodb.engine import EmbeddedDynamoDB

__all__ = ["EmbeddedDynamoDB"]
