"""What each DynamoDB call costs in request units, as `wrapper cost` meters it."""

from __future__ import annotations

from wrapper.offline.dynamodb.capacity import failed_write_units, request_units

SMALL = {"room": {"S": "lobby"}, "connectionId": {"S": "abc="}, "pose": {"S": "x" * 300}}
BIG = {**SMALL, "pose": {"S": "x" * 2500}}


def test_writes_are_billed_per_started_kilobyte() -> None:
    assert request_units("PutItem", {"Item": SMALL}, {}) == (0.0, 1.0)
    assert request_units("PutItem", {"Item": BIG}, {}) == (0.0, 3.0)


def test_reads_are_billed_per_started_4_kb_halved_when_eventually_consistent() -> None:
    assert request_units("GetItem", {}, {"Item": BIG}) == (0.5, 0.0)
    assert request_units("GetItem", {"ConsistentRead": True}, {"Item": BIG}) == (1.0, 0.0)
    assert request_units("Query", {}, {"Items": [BIG, BIG]}) == (1.0, 0.0)  # 5 KB: two 4 KB units, halved


def test_a_refused_conditional_write_is_billed_but_other_errors_are_not() -> None:
    failed = {"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "message": "The conditional request failed"}
    assert failed_write_units("UpdateItem", failed) == 1.0
    assert failed_write_units("PutItem", {**failed, "Item": BIG}) == 3.0  # by the size of the item it found
    assert failed_write_units("UpdateItem", {"__type": "com.amazonaws.dynamodb.v20120810#ValidationException"}) == 0.0
    assert failed_write_units("GetItem", failed) == 0.0


def test_metric_snapshots_subtract_into_what_happened_between() -> None:
    from wrapper.offline.metrics import difference

    earlier = {"messages_in": 5, "functions": {"play": {"invocations": 5, "duration_ms": 10.0}}, "dynamodb_requests": {"Query": 1}}
    later = {
        "messages_in": 12,
        "functions": {"play": {"invocations": 9, "duration_ms": 30.0}, "connect": {"invocations": 2}},
        "dynamodb_requests": {"Query": 1, "PutItem": 3},
    }
    assert difference(later, earlier) == {
        "messages_in": 7,
        "functions": {"play": {"invocations": 4, "duration_ms": 20.0}, "connect": {"invocations": 2}},
        "dynamodb_requests": {"Query": 0, "PutItem": 3},
    }
