"""Global secondary indexes with multi-attribute keys on the embedded DynamoDB.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.DesignPattern.MultiAttributeKeys.html
Since November 2025 a global index's KeySchema may list up to 4 partition (HASH) and then up to 4 sort
(RANGE) attributes. A Query gives equality on every partition attribute and tests the sort attributes
left to right: equality on a leading run, at most the last one tested with a range condition. Items
lacking any index key attribute are not in the index. Checked against our engine only: the reference
(moto) stands in for DynamoDB and its support of these keys is not what these tests are about.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

TABLE = "matches"
INDEX = "by-league-season"


def schema(*elements: tuple[str, str]) -> list[dict[str, str]]:
    return [{"AttributeName": name, "KeyType": kind} for name, kind in elements]


def create(ours: Any, index_key: list[dict[str, str]], types: dict[str, str]) -> Any:
    return ours.create_table(
        TableName=TABLE,
        KeySchema=schema(("id", "HASH")),
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}]
        + [{"AttributeName": name, "AttributeType": kind} for name, kind in types.items()],
        GlobalSecondaryIndexes=[{"IndexName": INDEX, "KeySchema": index_key, "Projection": {"ProjectionType": "ALL"}}],
        BillingMode="PAY_PER_REQUEST",
    )


LEAGUE_KEY = schema(("league", "HASH"), ("season", "HASH"), ("round", "RANGE"), ("home", "RANGE"))
LEAGUE_TYPES = {"league": "S", "season": "N", "round": "N", "home": "S"}
MATCHES = [
    ("m1", "alps", 2026, 1, "bern"),
    ("m2", "alps", 2026, 1, "aosta"),
    ("m3", "alps", 2026, 2, "chur"),
    ("m4", "alps", 2026, 3, "bern"),
    ("m5", "alps", 2025, 1, "bern"),  # another partition: same league, other season
    ("m6", "tatra", 2026, 1, "brno"),
]


@pytest.fixture
def league(ours: Any) -> Any:
    create(ours, LEAGUE_KEY, LEAGUE_TYPES)
    for ident, name, season, number, home in MATCHES:
        ours.put_item(
            TableName=TABLE,
            Item={"id": {"S": ident}, "league": {"S": name}, "season": {"N": str(season)}, "round": {"N": str(number)}, "home": {"S": home}},
        )
    return ours


def query(client: Any, condition: str, values: dict[str, Any], **extra: Any) -> list[str]:
    found = client.query(
        TableName=TABLE, IndexName=INDEX, KeyConditionExpression=condition, ExpressionAttributeValues=values, **extra
    )
    return [item["id"]["S"] for item in found["Items"]]


PARTITION = {":l": {"S": "alps"}, ":s": {"N": "2026"}}


@pytest.mark.parametrize(
    ("condition", "extra", "expected"),
    [
        ("league = :l AND season = :s", {}, ["m2", "m1", "m3", "m4"]),  # ordered by round, then home
        ("season = :s AND league = :l AND #r = :r", {":r": {"N": "1"}}, ["m2", "m1"]),
        ("league = :l AND season = :s AND #r = :r AND home = :h", {":r": {"N": "1"}, ":h": {"S": "bern"}}, ["m1"]),
        ("league = :l AND season = :s AND #r > :r", {":r": {"N": "1"}}, ["m3", "m4"]),
        ("league = :l AND season = :s AND #r <= :r", {":r": {"N": "2"}}, ["m2", "m1", "m3"]),
        ("league = :l AND season = :s AND #r BETWEEN :a AND :b", {":a": {"N": "2"}, ":b": {"N": "3"}}, ["m3", "m4"]),
        ("league = :l AND season = :s AND #r = :r AND home < :h", {":r": {"N": "1"}, ":h": {"S": "b"}}, ["m2"]),
        ("league = :l AND season = :s AND #r = :r AND home >= :h", {":r": {"N": "1"}, ":h": {"S": "b"}}, ["m1"]),
        ("league = :l AND season = :s AND #r = :r AND begins_with(home, :h)", {":r": {"N": "1"}, ":h": {"S": "b"}}, ["m1"]),
        # backwards, the read meets bern (not a match) before the run of matches
        ("league = :l AND season = :s AND #r = :r AND begins_with(home, :h)", {":r": {"N": "1"}, ":h": {"S": "a"}}, ["m2"]),
    ],
)
def test_a_query_gives_every_partition_attribute_and_a_left_to_right_run_of_sort_attributes(
    league: Any, condition: str, extra: dict[str, Any], expected: list[str]
) -> None:
    names = {"#r": "round"} if "#r" in condition else {}
    values = {**PARTITION, **extra}
    assert query(league, condition, values, **({"ExpressionAttributeNames": names} if names else {})) == expected
    backwards = query(league, condition, values, ScanIndexForward=False, **({"ExpressionAttributeNames": names} if names else {}))
    assert backwards == expected[::-1]


@pytest.mark.parametrize(
    ("condition", "extra", "message"),
    [
        ("league = :l", {}, "Query condition missed key schema element: season; every HASH key attribute must be tested with equality"),
        ("season = :s", {}, "Query condition missed key schema element: league; every HASH key attribute must be tested with equality"),
        ("league = :l AND season = :s AND home = :h", {":h": {"S": "bern"}}, "Query condition missed key schema element: round; RANGE key attributes are tested left to right"),
        ("league = :l AND season > :s", {}, "Query key condition not supported: every HASH key attribute must be tested with equality; season uses >"),
        ("league = :l AND season BETWEEN :s AND :s", {}, "every HASH key attribute must be tested with equality; season uses BETWEEN"),
        ("league = :l AND season = :s AND #r > :r AND home = :h", {":r": {"N": "1"}, ":h": {"S": "bern"}}, "RANGE key attributes before the last one tested (home) must use equality; round uses >"),
        ("league = :l AND season = :s AND #r > :r AND home > :h", {":r": {"N": "1"}, ":h": {"S": "bern"}}, "must use equality; round uses >"),
        ("league = :l AND season = :s AND #r = :h", {":h": {"S": "bern"}}, "Condition parameter type does not match schema type"),
    ],
)
def test_a_query_that_breaks_the_multi_attribute_rules_is_refused(league: Any, condition: str, extra: dict[str, Any], message: str) -> None:
    names = {"ExpressionAttributeNames": {"#r": "round"}} if "#r" in condition else {}
    with pytest.raises(ClientError) as caught:
        query(league, condition, {**PARTITION, **extra}, **names)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert message in caught.value.response["Error"]["Message"]


def test_items_missing_any_index_key_attribute_stay_out_of_the_index(league: Any) -> None:
    league.put_item(TableName=TABLE, Item={"id": {"S": "x1"}, "league": {"S": "alps"}, "season": {"N": "2026"}, "round": {"N": "9"}})
    league.put_item(TableName=TABLE, Item={"id": {"S": "x2"}, "league": {"S": "alps"}, "round": {"N": "9"}, "home": {"S": "a"}})
    assert query(league, "league = :l AND season = :s", PARTITION) == ["m2", "m1", "m3", "m4"]
    # an update that completes the key brings the item in; one that removes a key attribute takes it out
    league.update_item(TableName=TABLE, Key={"id": {"S": "x1"}}, UpdateExpression="SET home = :h", ExpressionAttributeValues={":h": {"S": "a"}})
    league.update_item(TableName=TABLE, Key={"id": {"S": "m3"}}, UpdateExpression="REMOVE home")
    assert query(league, "league = :l AND season = :s", PARTITION) == ["m2", "m1", "m4", "x1"]
    described = league.describe_table(TableName=TABLE)["Table"]["GlobalSecondaryIndexes"][0]
    assert described["KeySchema"] == LEAGUE_KEY
    assert described["ItemCount"] == 6


def test_pages_resume_after_a_key_holding_the_table_and_all_index_key_attributes(league: Any) -> None:
    seen: list[str] = []
    start: dict[str, Any] | None = None
    for _ in range(10):
        page = league.query(
            TableName=TABLE,
            IndexName=INDEX,
            KeyConditionExpression="league = :l AND season = :s",
            ExpressionAttributeValues=PARTITION,
            Limit=3,
            **({"ExclusiveStartKey": start} if start else {}),
        )
        seen += [item["id"]["S"] for item in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if start is None:
            break
        assert set(start) == {"id", "league", "season", "round", "home"}
    assert seen == ["m2", "m1", "m3", "m4"]


def test_equal_numbers_written_differently_meet_in_one_partition(league: Any) -> None:
    assert query(league, "league = :l AND season = :s", {":l": {"S": "alps"}, ":s": {"N": "2026.0"}}) == ["m2", "m1", "m3", "m4"]


TOO_MANY = [(f"h{i}", "HASH") for i in range(5)]


@pytest.mark.parametrize(
    ("elements", "message"),
    [
        ([("a", "HASH"), ("b", "RANGE"), ("c", "HASH")], "all HASH KeySchemaElements must precede the RANGE KeySchemaElements"),
        ([("a", "RANGE"), ("b", "HASH")], "The first KeySchemaElement is not a HASH key type"),
        (TOO_MANY, "at most 4 HASH and 4 RANGE"),
        ([("a", "HASH"), *[(f"r{i}", "RANGE") for i in range(5)]], "at most 4 HASH and 4 RANGE"),
        ([("a", "HASH"), ("a", "RANGE")], "two KeySchemaElements have the same name: a"),
        ([("a", "HASH"), ("a", "HASH")], "two KeySchemaElements have the same name: a"),
        ([(f"a{i}", "HASH") for i in range(4)] + [(f"r{i}", "RANGE") for i in range(5)], "Member must have length less than or equal to 8"),
    ],
)
def test_a_global_index_key_schema_is_checked(ours: Any, elements: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(ClientError) as caught:
        create(ours, schema(*elements), dict.fromkeys(dict(elements), "S"))
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert message in caught.value.response["Error"]["Message"]


def test_local_indexes_keep_one_partition_and_one_sort_attribute(ours: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ours.create_table(
            TableName=TABLE,
            KeySchema=schema(("id", "HASH"), ("at", "RANGE")),
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("id", "at", "b")],
            LocalSecondaryIndexes=[
                {"IndexName": "local", "KeySchema": schema(("id", "HASH"), ("at", "RANGE"), ("b", "RANGE")), "Projection": {"ProjectionType": "ALL"}}
            ],
            BillingMode="PAY_PER_REQUEST",
        )
    assert "Member must have length less than or equal to 2" in caught.value.response["Error"]["Message"]


def test_an_index_with_a_multi_attribute_key_can_be_added_to_a_table_with_items(ours: Any) -> None:
    ours.create_table(
        TableName=TABLE,
        KeySchema=schema(("id", "HASH")),
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for ident, name, season, number, home in MATCHES:
        ours.put_item(
            TableName=TABLE,
            Item={"id": {"S": ident}, "league": {"S": name}, "season": {"N": str(season)}, "round": {"N": str(number)}, "home": {"S": home}},
        )
    ours.update_table(
        TableName=TABLE,
        AttributeDefinitions=[{"AttributeName": name, "AttributeType": kind} for name, kind in LEAGUE_TYPES.items()],
        GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": INDEX, "KeySchema": LEAGUE_KEY, "Projection": {"ProjectionType": "KEYS_ONLY"}}}],
    )
    assert query(ours, "league = :l AND season = :s", PARTITION) == ["m2", "m1", "m3", "m4"]


def test_legacy_key_conditions_follow_the_same_rules(ours: Any) -> None:
    # one partition attribute, several sort attributes: KeyConditions is accepted (moto's AWS-verified tests)
    create(ours, schema(("league", "HASH"), ("round", "RANGE"), ("home", "RANGE")), {"league": "S", "round": "N", "home": "S"})
    for ident, name, _, number, home in MATCHES:
        ours.put_item(TableName=TABLE, Item={"id": {"S": ident}, "league": {"S": name}, "round": {"N": str(number)}, "home": {"S": home}})
    conditions = {
        "league": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "alps"}]},
        "round": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]},
        "home": {"ComparisonOperator": "GT", "AttributeValueList": [{"S": "b"}]},
    }
    found = ours.query(TableName=TABLE, IndexName=INDEX, KeyConditions=conditions)
    assert sorted(item["id"]["S"] for item in found["Items"]) == ["m1", "m5"]
    del conditions["round"]
    with pytest.raises(ClientError) as caught:
        ours.query(TableName=TABLE, IndexName=INDEX, KeyConditions=conditions)
    assert "Query condition missed key schema element: round" in caught.value.response["Error"]["Message"]


def test_a_scan_of_the_index_pages_through_every_indexed_item_once(league: Any) -> None:
    seen: list[str] = []
    start: dict[str, Any] | None = None
    for _ in range(10):
        page = league.scan(TableName=TABLE, IndexName=INDEX, Limit=2, **({"ExclusiveStartKey": start} if start else {}))
        seen += [item["id"]["S"] for item in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if start is None:
            break
    assert sorted(seen) == [m[0] for m in MATCHES]


def test_legacy_key_conditions_name_a_partition_of_several_attributes_too(league: Any) -> None:
    # DynamoDB takes them (Alternator's test_gsi_composite_keys.py says so of AWS, refusing them only in
    # Alternator itself), under the same rules as KeyConditionExpression
    conditions = {
        "league": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "alps"}]},
        "season": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "2026"}]},
        "round": {"ComparisonOperator": "LE", "AttributeValueList": [{"N": "2"}]},
    }
    found = league.query(TableName=TABLE, IndexName=INDEX, KeyConditions=conditions)
    assert [item["id"]["S"] for item in found["Items"]] == ["m2", "m1", "m3"]
    del conditions["season"]
    with pytest.raises(ClientError) as caught:
        league.query(TableName=TABLE, IndexName=INDEX, KeyConditions=conditions)
    assert "missed key schema element: season; every HASH key attribute" in caught.value.response["Error"]["Message"]


def test_an_exclusive_start_key_missing_an_index_key_attribute_is_refused(league: Any) -> None:
    start = {"id": {"S": "m1"}, "league": {"S": "alps"}, "season": {"N": "2026"}, "round": {"N": "1"}}
    with pytest.raises(ClientError) as caught:
        league.query(
            TableName=TABLE,
            IndexName=INDEX,
            KeyConditionExpression="league = :l AND season = :s",
            ExpressionAttributeValues=PARTITION,
            ExclusiveStartKey=start,
        )
    assert "The provided starting key is invalid" in caught.value.response["Error"]["Message"]


def test_the_largest_key_four_and_four_attributes_of_mixed_types(ours: Any) -> None:
    kinds = {"h1": "S", "h2": "N", "h3": "B", "h4": "S", "r1": "N", "r2": "B", "r3": "S", "r4": "N"}
    key = schema(*[(name, "HASH" if name[0] == "h" else "RANGE") for name in kinds])
    create(ours, key, kinds)
    partition = {"h1": {"S": "a"}, "h2": {"N": "1"}, "h3": {"B": b"\x00"}, "h4": {"S": "z"}}
    for ident, r1, r2 in [("i1", "10", b"\x02"), ("i2", "9", b"\x09"), ("i3", "10", b"\x01")]:
        item = {"id": {"S": ident}, **partition, "r1": {"N": r1}, "r2": {"B": r2}, "r3": {"S": "s"}, "r4": {"N": "0"}}
        ours.put_item(TableName=TABLE, Item=item)
    assert ours.describe_table(TableName=TABLE)["Table"]["GlobalSecondaryIndexes"][0]["KeySchema"] == key
    values = {f":{name}": value for name, value in partition.items()}
    condition = "h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND h4 = :h4"
    assert query(ours, condition, values) == ["i2", "i3", "i1"]  # numbers by value (9 < 10), then bytes
    assert query(ours, condition + " AND r1 = :r AND r2 > :b", {**values, ":r": {"N": "10"}, ":b": {"B": b"\x01"}}) == ["i1"]
