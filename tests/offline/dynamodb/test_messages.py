"""DynamoDB's exact error texts, where AWS's wording is known, one row each with where it was seen.

AWS does not document its messages; each row cites a public record of what DynamoDB itself answered:
an issue quoting the error a user got from AWS, or another implementation's test that asserts the
text and says it was captured against DynamoDB. ``test_rules.py`` holds the rules themselves (the
error code and nothing written); this file holds their words, compared whole.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pytest

from tests.offline.dynamodb.refusals import Refused
from tests.offline.dynamodb.schemas import index
from tests.offline.dynamodb.test_rules import SCHEMA as RULES_SCHEMA
from wrapper.offline.dynamodb import EmbeddedDynamoDB

TABLE = "words"
# test_rules' table, with a global index that projects only keys (so ALL_ATTRIBUTES is refused on it).
SCHEMA = {
    **RULES_SCHEMA,
    "TableName": TABLE,
    "GlobalSecondaryIndexes": [index("by-g", "g", projection="KEYS_ONLY")],
}
KEY = {"p": {"S": "a"}, "s": {"N": "1"}}
GH = "https://github.com"
# moto's tests marked @pytest.mark.aws_verified: run against DynamoDB itself by moto's maintainers.
MOTO_AWS_VERIFIED = f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/exceptions/test_dynamodb_exceptions.py (aws_verified)"
MOTO_SELECT = f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/test_dynamodb_select.py (aws_verified)"
MOTO_CREATE = f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/exceptions/test_dynamodb_exceptions.py (test_create_table_with_*)"


@dataclass(frozen=True)
class Said(Refused):
    message: str
    source: str


NO_INDEX = {k: v for k, v in SCHEMA.items() if k != "GlobalSecondaryIndexes"} | {"TableName": "words2"}


def put(item: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"TableName": TABLE, "Item": item, **extra}


def update(expression: str, **extra: Any) -> dict[str, Any]:
    return {"TableName": TABLE, "Key": KEY, "UpdateExpression": expression, **extra}


def query(**extra: Any) -> dict[str, Any]:
    return {"TableName": TABLE, "KeyConditionExpression": "p = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}, **extra}


def on_index(**extra: Any) -> dict[str, Any]:
    return {
        "TableName": TABLE,
        "IndexName": "by-g",
        "KeyConditionExpression": "g = :g",
        "ExpressionAttributeValues": {":g": {"S": "x"}},
        **extra,
    }


def new_index(key: str, definitions: list[dict[str, str]]) -> dict[str, Any]:
    create = {"IndexName": "later", "KeySchema": [{"AttributeName": key, "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
    return {"TableName": TABLE, "AttributeDefinitions": definitions, "GlobalSecondaryIndexUpdates": [{"Create": create}]}


SAID = [
    # Keys and items
    Said("PutItem without the sort key", "PutItem", put({"p": {"S": "a"}}), "One or more parameter values were invalid: Missing the key s in the item", f"{GH}/aws/aws-sdk-js/issues/4057"),
    Said("PutItem with a key of the wrong type", "PutItem", put({"p": {"N": "1"}, "s": {"N": "1"}}), "One or more parameter values were invalid: Type mismatch for key p expected: S actual: N", f"{GH}/aws/aws-sdk-js/issues/2672"),
    Said("BatchWriteItem put with a key of the wrong type", "BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"p": {"N": "1"}, "s": {"N": "1"}}}}]}}, "The provided key element does not match the schema", f"{GH}/nubo-db/dynoxide/issues/97"),
    Said("GetItem with a key of the wrong type", "GetItem", {"TableName": TABLE, "Key": {"p": {"N": "1"}, "s": {"N": "1"}}}, "The provided key element does not match the schema", f"{GH}/ministackorg/ministack/issues/1432"),
    Said("Query with a key value of the wrong type", "Query", query(ExpressionAttributeValues={":p": {"N": "1"}}), "One or more parameter values were invalid: Condition parameter type does not match schema type", f"{GH}/ministackorg/ministack/issues/1432"),
    Said("an item nested past 32 levels", "PutItem", put({**KEY, "deep": functools.reduce(lambda inner, _: {"M": {"x": inner}}, range(33), {"S": "bottom"})}), "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit", f"{GH}/nubo-db/dynoxide/issues/110 (captured against eu-west-2)"),
    Said("an attribute name over 64 KB", "PutItem", put({**KEY, "n" * 65_536: {"N": "1"}}), "1 validation error detected: Attribute name is too large, must be less than 65536 bytes", f"{GH}/ExtendDB/extenddb/issues/365 (measured against the service)"),
    Said("a condition that fails", "PutItem", put(KEY, ConditionExpression="attribute_not_exists(p)"), "The conditional request failed", f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/test_dynamodb.py"),
    Said("ReturnValues PutItem cannot give", "PutItem", put(KEY, ReturnValues="UPDATED_OLD"), "ReturnValues can only be ALL_OLD or NONE", f"{GH}/architect/dynalite/blob/main/test/putItem.js (dynalite's tests were written against DynamoDB)"),
    Said("ReturnValues DeleteItem cannot give", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ReturnValues": "ALL_NEW"}, "ReturnValues can only be ALL_OLD or NONE", f"{GH}/ExtendDB/extenddb (validation parity tests, checked against us-east-1)"),
    Said("a sum that 38 digits cannot hold", "UpdateItem", update("SET b = :big + :one", ExpressionAttributeValues={":big": {"N": "1e50"}, ":one": {"N": "1"}}), "Number overflow. Attempting to store a number with magnitude larger than supported range", f"{GH}/scylladb/scylladb/blob/master/test/alternator/test_number.py (test_update_expression_plus_imprecise, quoting DynamoDB)"),
    # Syntax errors: the token, and the text from the token before it to the token after it
    Said("condition ends too early", "PutItem", put(KEY, ConditionExpression="foo"), 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "foo"', f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/exceptions/test_dynamodb_exceptions.py"),
    Said("a function left open", "PutItem", put(KEY, ConditionExpression="attribute_not_exists("), 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("', f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/test_dynamodb.py (the same <EOF> rule)"),
    Said("a hyphen in a name", "PutItem", put(KEY, ConditionExpression="a-b"), 'Invalid ConditionExpression: Syntax error; token: "-", near: "a-b"', f"{GH}/floci-io/floci/issues/1512"),
    Said("a trailing comma in SET", "UpdateItem", update("SET attr1 = :val1, attr2 = :val2,", ExpressionAttributeValues={":val1": {"N": "3"}, ":val2": {"N": "4"}}), 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","', f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/test_dynamodb.py"),
    Said("no clause keyword", "UpdateItem", update("INVALID SYNTAX HERE"), 'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"', f"{GH}/nubo-db/dynoxide/issues/12"),
    Said("a character no token starts with", "GetItem", {"TableName": TABLE, "Key": KEY, "ProjectionExpression": "!!"}, 'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"', f"{GH}/nubo-db/dynoxide/issues/16"),
    # Update expressions
    Said("updating a key attribute", "UpdateItem", update("SET s = :v", ExpressionAttributeValues={":v": {"N": "2"}}), "One or more parameter values were invalid: Cannot update attribute s. This attribute is part of the key", f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/exceptions/test_dynamodb_exceptions.py"),
    Said("overlapping paths, named part by part", "UpdateItem", update("SET m.x = :v REMOVE m", ExpressionAttributeValues={":v": {"N": "2"}}), "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, x], path two: [m]", MOTO_AWS_VERIFIED),
    Said("a clause used twice", "UpdateItem", update("ADD x :one SET a = :a ADD y :one", ExpressionAttributeValues={":one": {"N": "1"}, ":a": {"S": "x"}}), 'Invalid UpdateExpression: The "ADD" section can only be used once in an update expression;', MOTO_AWS_VERIFIED),
    Said("ExpressionAttributeNames without an expression", "GetItem", {"TableName": TABLE, "Key": KEY, "ExpressionAttributeNames": {}}, "ExpressionAttributeNames can only be specified when using expressions", MOTO_AWS_VERIFIED),
    Said("an undefined value placeholder", "UpdateItem", update("SET a = :v"), "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v", f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/exceptions/test_dynamodb_exceptions.py"),
    Said("a reserved word", "UpdateItem", update("SET name = :v", ExpressionAttributeValues={":v": {"S": "x"}}), "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name", f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/exceptions/test_dynamodb_exceptions.py"),
    Said("list_append inside list_append", "UpdateItem", update("SET a = list_append(list_append(:l, :l), :l)", ExpressionAttributeValues={":l": {"L": []}}), "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append", f"{GH}/scylladb/scylladb/blob/master/test/alternator/test_update_expression.py (test_update_expression_function_nesting, quoting DynamoDB)"),
    Said("one path on both sides of a comparison", "PutItem", put(KEY, ConditionExpression="m.x = m.x"), "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [m, x]", f"{GH}/architect/dynalite/blob/main/db/conditionParser.pegjs (checkDistinct; dynalite's tests were written against DynamoDB)"),
    Said("one path as both operands of contains", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "contains(a, a)"}, "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]", f"{GH}/architect/dynalite/blob/main/db/conditionParser.pegjs (checkDistinct)"),
    Said("a start key of another partition, every key attribute equal", "Query", {"TableName": TABLE, "KeyConditionExpression": "p = :p AND s = :s", "ExpressionAttributeValues": {":p": {"S": "a"}, ":s": {"N": "1"}}, "ExclusiveStartKey": {"p": {"S": "b"}, "s": {"N": "1"}}}, "The query can return at most one row and cannot be restarted", f"{GH}/scylladb/scylladb/blob/master/test/alternator/test_gsi.py (test_gsi_query_exclusivestartkey_wrong_partition, quoting DynamoDB)"),
    Said("a start key of another partition", "Query", {"TableName": TABLE, "KeyConditionExpression": "p = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}, "ExclusiveStartKey": {"p": {"S": "b"}, "s": {"N": "1"}}}, "The provided starting key is outside query boundaries based on provided conditions", f"{GH}/scylladb/scylladb/blob/master/test/alternator/test_gsi.py (test_gsi_query_exclusivestartkey_wrong_partition, quoting DynamoDB)"),
    # Select on Query and Scan
    Said("ALL_ATTRIBUTES on a GSI that does not project all", "Query", on_index(Select="ALL_ATTRIBUTES"), "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index by-g because its projection type is not ALL", f"{GH}/localstack/localstack/issues/805"),
    # Query wraps these in "1 validation error detected: ", Scan does not
    Said("COUNT with a projection (Query)", "Query", query(Select="COUNT", ProjectionExpression="a"), "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count", MOTO_SELECT),
    Said("COUNT with a projection (Scan)", "Scan", {"TableName": TABLE, "Select": "COUNT", "ProjectionExpression": "a"}, "Cannot specify the ProjectionExpression when choosing to get only the Count", MOTO_SELECT),
    Said("COUNT with AttributesToGet (Query)", "Query", {"TableName": TABLE, "IndexName": "by-g", "KeyConditions": {"g": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}}, "Select": "COUNT", "AttributesToGet": ["g"]}, "1 validation error detected: Cannot specify the AttributesToGet when choosing to get only the Count", MOTO_SELECT),
    Said("ALL_ATTRIBUTES with a projection (Query)", "Query", query(Select="ALL_ATTRIBUTES", ProjectionExpression="a"), "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES", MOTO_SELECT),
    Said("ALL_ATTRIBUTES with a projection (Scan)", "Scan", {"TableName": TABLE, "Select": "ALL_ATTRIBUTES", "ProjectionExpression": "a"}, "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES", MOTO_SELECT),
    Said("SPECIFIC_ATTRIBUTES without a projection (Query)", "Query", query(Select="SPECIFIC_ATTRIBUTES"), "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES", MOTO_SELECT),
    Said("SPECIFIC_ATTRIBUTES without a projection (Scan)", "Scan", {"TableName": TABLE, "Select": "SPECIFIC_ATTRIBUTES"}, "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES", MOTO_SELECT),
    Said("ALL_PROJECTED_ATTRIBUTES on the table (Query)", "Query", query(Select="ALL_PROJECTED_ATTRIBUTES"), "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName", MOTO_SELECT),
    Said("ALL_PROJECTED_ATTRIBUTES on the table (Scan)", "Scan", {"TableName": TABLE, "Select": "ALL_PROJECTED_ATTRIBUTES"}, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName", MOTO_SELECT),
    Said("both rules broken: the projection is named", "Scan", {"TableName": TABLE, "Select": "ALL_PROJECTED_ATTRIBUTES", "ProjectionExpression": "a"}, "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES", f"{GH}/nubo-db/dynoxide/pull/100"),
    Said("Select is case-sensitive", "Scan", {"TableName": TABLE, "Select": "count"}, "1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]", MOTO_SELECT),
    # Tables and indexes (moto's CreateTable tests; these run against moto only, but their words are AWS's, not moto's style)
    Said("an unused attribute definition, no index", "CreateTable", {**NO_INDEX, "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}, {"AttributeName": "s", "AttributeType": "N"}, {"AttributeName": "x", "AttributeType": "S"}]}, "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions", MOTO_CREATE),
    Said("an unused attribute definition beside an index", "CreateTable", {**SCHEMA, "TableName": "words2", "AttributeDefinitions": [*SCHEMA["AttributeDefinitions"], {"AttributeName": "x", "AttributeType": "S"}]}, "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [g, p, s, x], keys used: [g, p, s]", MOTO_CREATE),
    Said("a table key without a definition", "CreateTable", {**NO_INDEX, "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}]}, "Invalid KeySchema: Some index key attribute have no definition", MOTO_CREATE),
    Said("an index key without a definition", "CreateTable", {**SCHEMA, "TableName": "words2", "AttributeDefinitions": SCHEMA["AttributeDefinitions"][:2]}, "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [g], AttributeDefinitions: [p, s]", MOTO_CREATE),
    Said("UpdateTable: a new index on a key the request does not define", "UpdateTable", new_index("s", definitions=[{"AttributeName": "z", "AttributeType": "S"}]), "Invalid KeySchema: Some index key attribute have no definition", f"{GH}/alexdebrie/dynamodbguide.com/issues/16 (AWS's answer; the table's own definition of the key does not count: {GH}/nubo-db/dynoxide/issues/144)"),
    Said("UpdateTable: a new index giving a key attribute another type", "UpdateTable", new_index("g", definitions=[{"AttributeName": "g", "AttributeType": "N"}]), "One or more parameter values were invalid: Attributes cannot be redefined. Please check that your attribute has the same type as previously defined. Existing schema: Schema:[SchemaElement: key{g:S:HASH}] New schema: Schema:[SchemaElement: key{g:N:HASH}]", f"{GH}/scylladb/scylladb/blob/master/test/alternator/test_gsi_updatetable.py (test_gsi_key_type_conflict_on_update, quoting DynamoDB)"),
    Said("a missing index", "Query", {**on_index(), "IndexName": "nope"}, "The table does not have the specified index: nope", f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/exceptions/test_dynamodb_exceptions.py"),
    Said("a consistent read on a GSI", "Query", on_index(ConsistentRead=True), "Consistent reads are not supported on global secondary indexes", f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/exceptions/test_dynamodb_exceptions.py"),
    Said("a table that exists", "CreateTable", SCHEMA, f"Table already exists: {TABLE}", f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/test_dynamodb_table_without_range_key.py"),
    Said("more than 100 keys in a batch get", "BatchGetItem", {"RequestItems": {TABLE: {"Keys": [{"p": {"S": str(i)}, "s": {"N": "1"}} for i in range(101)]}}}, "Too many items requested for the BatchGetItem call", f"{GH}/getmoto/moto/blob/master/tests/test_dynamodb/test_dynamodb_batch_get_item.py"),
]  # fmt: skip


@pytest.fixture
def engine() -> EmbeddedDynamoDB:
    engine = EmbeddedDynamoDB("eu-west-2")
    assert engine.handle("CreateTable", SCHEMA)[0] == 200
    assert engine.handle("PutItem", put({**KEY, "a": {"S": "text"}}))[0] == 200
    return engine


@pytest.mark.parametrize("said", SAID, ids=[s.name for s in SAID])
def test_the_message_is_dynamodbs_word_for_word(engine: EmbeddedDynamoDB, said: Said) -> None:
    status, body = engine.handle(said.operation, said.body)
    assert status == 400, (said.source, body)
    assert body["message"] == said.message, said.source
