"""DynamoDB's documented rules, one row each: the request, the error DynamoDB answers, and the page that says so.

Every refused request must leave the tables exactly as they were (checked on a dump of every
table before and after), and no request may end in anything but DynamoDB's own error.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pytest

from tests.offline.dynamodb.refusals import Refused
from tests.offline.dynamodb.schemas import index, table
from wrapper.offline.dynamodb import EmbeddedDynamoDB

DOCS = "https://docs.aws.amazon.com/amazondynamodb/latest"
LIMITS = f"{DOCS}/developerguide/ServiceQuotas.html"
NUMBERS = f"{DOCS}/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number"
KEYS = f"{DOCS}/developerguide/Query.KeyConditionExpressions.html"
UPDATES = f"{DOCS}/developerguide/Expressions.UpdateExpressions.html"
OPERATORS = f"{DOCS}/developerguide/Expressions.OperatorsAndFunctions.html"
RESERVED = f"{DOCS}/developerguide/ReservedWords.html"
TRANSACT = f"{DOCS}/APIReference/API_TransactWriteItems.html"
BATCH = f"{DOCS}/APIReference/API_BatchWriteItem.html"
LEGACY = f"{DOCS}/developerguide/LegacyConditionalParameters.html"
PAGES = f"{DOCS}/developerguide/Query.Pagination.html"
PROJECTION = f"{DOCS}/APIReference/API_Projection.html"

TABLE = "rules"
SCHEMA = table(TABLE, ("p", "S"), ("s", "N"), indexed={"g": "S"}, GlobalSecondaryIndexes=[index("by-g", "g")])
KEY = {"p": {"S": "a"}, "s": {"N": "1"}}
ITEM = {**KEY, "a": {"S": "text"}, "m": {"M": {"x": {"N": "1"}}}, "l": {"L": [{"N": "1"}]}}


@dataclass(frozen=True)
class Rule(Refused):
    code: str
    message: str
    doc: str


def put(item: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"TableName": TABLE, "Item": item, **extra}


def update(expression: str, values: dict[str, Any] | None = None, key: dict[str, Any] = KEY, **extra: Any) -> dict[str, Any]:
    body = {"TableName": TABLE, "Key": key, "UpdateExpression": expression, **extra}
    if values:
        body["ExpressionAttributeValues"] = values
    return body


def query(condition: str, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"TableName": TABLE, "KeyConditionExpression": condition, "ExpressionAttributeValues": values, **extra}


def transact(*actions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"TransactItems": list(actions), **extra}


P = {":p": {"S": "a"}}
V = "ValidationException"
RULES = [
    Rule("39 significant digits", "PutItem", put({**KEY, "n": {"N": "1.23456789012345678901234567890123456789"}}), V, "38 significant digits", NUMBERS),
    Rule("magnitude over 9.99e125", "PutItem", put({**KEY, "n": {"N": "1e126"}}), V, "Number overflow", NUMBERS),
    Rule("magnitude under 1e-130", "PutItem", put({**KEY, "n": {"N": "1e-131"}}), V, "Number underflow", NUMBERS),
    Rule("zero written with exponent 126", "PutItem", put({**KEY, "n": {"N": "0e126"}}), V, "Number overflow", NUMBERS),
    Rule("zero written with exponent -131", "UpdateItem", update("SET n = :v", {":v": {"N": "0e-131"}}), V, "Number underflow", NUMBERS),
    Rule("huge exponent in an update", "UpdateItem", update("SET n = :v", {":v": {"N": "1e1000000000"}}), V, "Number overflow", NUMBERS),
    Rule("not a number", "PutItem", put({**KEY, "n": {"N": "twelve"}}), V, "cannot be converted to a numeric value", NUMBERS),
    Rule("sum past the range", "UpdateItem", update("SET big = :v + :v", {":v": {"N": "9e125"}}), V, "Number overflow", NUMBERS),
    Rule("difference needing 39 digits", "UpdateItem", update("SET big = :big - :one", {":big": {"N": "1e50"}, ":one": {"N": "1"}}), V, "Number overflow", NUMBERS),
    Rule("ReturnValues ALL_NEW on PutItem", "PutItem", put(KEY, ReturnValues="ALL_NEW"), V, "ReturnValues can only be ALL_OLD or NONE", f"{DOCS}/APIReference/API_PutItem.html"),
    Rule("ReturnValues not in the enum", "UpdateItem", update("SET n = :v", {":v": {"N": "1"}}, ReturnValues="EVERYTHING"), V, "enum value set", f"{DOCS}/APIReference/API_UpdateItem.html"),
    Rule("partition key over 2048 bytes", "PutItem", put({"p": {"S": "é" * 1025}, "s": {"N": "1"}}), V, "Size of hashkey has exceeded the maximum size limit of2048 bytes", LIMITS),
    Rule("GSI key over 2048 bytes", "PutItem", put({"p": {"S": "a"}, "s": {"N": "1"}, "g": {"S": "x" * 2049}}), V, "Size of hashkey", LIMITS),
    Rule("item over 400 KB", "PutItem", put({**KEY, "blob": {"S": "x" * (400 * 1024)}}), V, "Item size has exceeded the maximum allowed size", LIMITS),
    Rule("empty string as a GSI key", "PutItem", put({**KEY, "g": {"S": ""}}), V, "IndexName: by-g, IndexKey: g", f"{DOCS}/developerguide/HowItWorks.NamingRulesDataTypes.html"),
    Rule("wrong type for a GSI key", "PutItem", put({**KEY, "g": {"N": "1"}}), V, "Type mismatch for Index Key g", f"{DOCS}/developerguide/GSI.html"),
    Rule("NULL false", "PutItem", put({**KEY, "n": {"NULL": False}}), V, "Null attribute value types must have the value of true", f"{DOCS}/APIReference/API_AttributeValue.html"),
    Rule("maps nested 33 deep", "PutItem", put({**KEY, "deep": functools.reduce(lambda inner, _: {"M": {"x": inner}}, range(33), {"S": "bottom"})}), V, "Nesting Levels have exceeded supported limits", LIMITS),
    Rule("an attribute name of 65,536 bytes", "PutItem", put({**KEY, "é" * 32_768: {"N": "1"}}), V, "Attribute name is too large, must be less than 65536 bytes", LIMITS),
    Rule("a map key of 65,536 bytes", "PutItem", put({**KEY, "m": {"M": {"k" * 65_536: {"N": "1"}}}}), V, "Attribute name is too large", LIMITS),
    Rule("a projected name of 65,536 bytes", "GetItem", {"TableName": TABLE, "Key": KEY, "ProjectionExpression": "#n", "ExpressionAttributeNames": {"#n": "n" * 65_536}}, V, "Attribute name is too large", LIMITS),
    Rule("AttributesToGet naming 65,536 bytes", "GetItem", {"TableName": TABLE, "Key": KEY, "AttributesToGet": ["n" * 65_536]}, V, "Attribute name is too large", LIMITS),
    Rule("AttributeUpdates naming 65,536 bytes", "UpdateItem", {"TableName": TABLE, "Key": KEY, "AttributeUpdates": {"n" * 65_536: {"Action": "PUT", "Value": {"N": "1"}}}}, V, "Attribute name is too large", LIMITS),
    Rule("an empty attribute name", "PutItem", put({**KEY, "": {"N": "1"}}), V, "Empty attribute name", LIMITS),
    Rule("an empty name behind a placeholder", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "#n = :v", "ExpressionAttributeNames": {"#n": ""}, "ExpressionAttributeValues": {":v": {"N": "1"}}}, V, "Empty attribute name", LIMITS),
    Rule("AttributesToGet naming nothing", "GetItem", {"TableName": TABLE, "Key": KEY, "AttributesToGet": [""]}, V, "Empty attribute name", LIMITS),
    Rule("AttributeUpdates naming nothing", "UpdateItem", {"TableName": TABLE, "Key": KEY, "AttributeUpdates": {"": {"Action": "PUT", "Value": {"N": "1"}}}}, V, "Empty attribute name", LIMITS),
    Rule("empty set", "PutItem", put({**KEY, "n": {"SS": []}}), V, "may not be empty", f"{DOCS}/APIReference/API_AttributeValue.html"),
    Rule("duplicates in a set", "PutItem", put({**KEY, "n": {"NS": ["1", "1.0"]}}), V, "Input collection contains duplicates", f"{DOCS}/APIReference/API_AttributeValue.html"),
    Rule("empty key string", "PutItem", put({"p": {"S": ""}, "s": {"N": "1"}}), V, "cannot contain an empty string value", f"{DOCS}/APIReference/API_PutItem.html"),
    Rule("SET a.b where a is a string", "UpdateItem", update("SET a.b = :v", {":v": {"S": "x"}}), V, "document path provided in the update expression is invalid", UPDATES),
    Rule("SET inside a missing map", "UpdateItem", update("SET nothing.b = :v", {":v": {"S": "x"}}), V, "document path provided in the update expression is invalid", UPDATES),
    Rule("updating a key attribute", "UpdateItem", update("SET s = :v", {":v": {"N": "2"}}), V, "This attribute is part of the key", UPDATES),
    Rule("overlapping update paths", "UpdateItem", update("SET m.x = :v REMOVE m", {":v": {"N": "2"}}), V, "Two document paths overlap", UPDATES),
    Rule("reserved word unaliased", "UpdateItem", update("SET name = :v", {":v": {"S": "x"}}), V, "reserved keyword: name", RESERVED),
    Rule("reserved word inside a path", "UpdateItem", update("SET m.size = :v", {":v": {"S": "x"}}), V, "reserved keyword: size", RESERVED),
    Rule("redundant parentheses", "UpdateItem", update("SET n = :v", {":v": {"S": "x"}}, ConditionExpression="((a = :v))"), V, "redundant parentheses", OPERATORS),
    Rule("IN with 101 operands", "Scan", {"TableName": TABLE, "FilterExpression": "a IN (" + ", ".join(f":v{i}" for i in range(101)) + ")", "ExpressionAttributeValues": {f":v{i}": {"N": str(i)} for i in range(101)}}, V, "IN", OPERATORS),
    Rule("unused value placeholder", "UpdateItem", update("SET n = :v", {":v": {"S": "x"}, ":w": {"S": "y"}}), V, "unused in expressions: keys: {:w}", f"{DOCS}/developerguide/Expressions.ExpressionAttributeValues.html"),
    Rule("list_append nested in list_append", "UpdateItem", update("SET l = list_append(list_append(l, :l), :l)", {":l": {"L": []}}), V, "function: list_append", UPDATES),
    Rule("contains with one path twice", "Scan", {"TableName": TABLE, "FilterExpression": "contains(a, a)"}, V, "The first operand must be distinct from the remaining operands", OPERATORS),
    Rule("a comparison of a path with itself", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "a <> a"}, V, "operator: <>, first operand: [a]", OPERATORS),
    Rule("list_append on a number", "UpdateItem", update("SET l = list_append(:n, l)", {":n": {"N": "1"}}), V, "list_append", UPDATES),
    Rule("key condition with OR", "Query", query("p = :p OR s = :s", {**P, ":s": {"N": "1"}}), V, "Invalid operator used in KeyConditionExpression: OR", KEYS),
    Rule("key condition with <>", "Query", query("p = :p AND s <> :s", {**P, ":s": {"N": "1"}}), V, "Unsupported operator on KeyConditionExpression: operator: <>", KEYS),
    Rule("key condition on a non-key", "Query", query("p = :p AND a = :s", {**P, ":s": {"N": "1"}}), V, "Query condition missed key schema element: s", KEYS),
    Rule("key condition on a non-key of a hash-only index", "Query", query("g = :g AND a = :a", {":g": {"S": "x"}, ":a": {"S": "text"}}, IndexName="by-g"), V, "Query key condition not supported", KEYS),
    Rule("start key past the sort key's range", "Query", query("p = :p AND s > :s", {**P, ":s": {"N": "5"}}, ExclusiveStartKey=KEY), V, "The provided starting key is outside query boundaries based on provided conditions", PAGES),
    Rule("start key in another partition of an index", "Query", {"TableName": TABLE, "IndexName": "by-g", "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"S": "x"}}, "ExclusiveStartKey": {**KEY, "g": {"S": "y"}}}, V, "outside query boundaries", PAGES),
    Rule("key condition without the partition key", "Query", query("s = :s", {":s": {"N": "1"}}), V, "Query condition missed key schema element: p", KEYS),
    Rule("partition key with >", "Query", query("p > :p", P), V, "Query key condition not supported", KEYS),
    Rule("key value of the wrong type", "Query", query("p = :p", {":p": {"N": "1"}}), V, "Condition parameter type does not match schema type", KEYS),
    Rule("two conditions on the sort key", "Query", query("p = :p AND s > :s AND s < :s", {**P, ":s": {"N": "1"}}), V, "Conditions can be of length 1 or 2 only", KEYS),
    Rule("begins_with on a number sort key", "Query", query("p = :p AND begins_with(s, :s)", {**P, ":s": {"N": "1"}}), V, "begins_with", KEYS),
    Rule("filter on a key attribute in Query", "Query", query("p = :p", {**P, ":s": {"N": "1"}}, FilterExpression="s > :s"), V, "Filter Expression can only contain non-primary key attributes: Primary key attribute: s", f"{DOCS}/developerguide/Query.FilterExpression.html"),
    Rule("Segment without TotalSegments", "Scan", {"TableName": TABLE, "Segment": 0}, V, "TotalSegments parameter is required", f"{DOCS}/developerguide/Scan.html#Scan.ParallelScan"),
    Rule("Segment past TotalSegments", "Scan", {"TableName": TABLE, "Segment": 2, "TotalSegments": 2}, V, "must be less than parameter TotalSegments", f"{DOCS}/developerguide/Scan.html#Scan.ParallelScan"),
    Rule("overlapping projection paths", "GetItem", {"TableName": TABLE, "Key": KEY, "ProjectionExpression": "m, m.x"}, V, "Two document paths overlap", f"{DOCS}/developerguide/Expressions.ProjectionExpressions.html"),
    Rule("a projection path 33 levels deep", "GetItem", {"TableName": TABLE, "Key": KEY, "ProjectionExpression": "m" + ".x" * 32}, V, "The document path has too many nesting levels; nesting levels: 33", LIMITS),
    Rule("a condition path 33 levels deep", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "attribute_exists(l" + "[0]" * 32 + ")"}, V, "too many nesting levels", LIMITS),
    Rule("a list index past 2^31 - 1", "GetItem", {"TableName": TABLE, "Key": KEY, "ProjectionExpression": "l[2147483648]"}, V, "List index is not within the allowable range; index: [2147483648]", f"{DOCS}/developerguide/Expressions.Attributes.html#Expressions.Attributes.NestedElements.DocumentPathExamples"),
    Rule("invalid table name", "DescribeTable", {"TableName": "no spaces allowed"}, V, "regular expression pattern", f"{DOCS}/APIReference/API_DescribeTable.html"),
    Rule("missing table", "GetItem", {"TableName": "missing", "Key": KEY}, "ResourceNotFoundException", "Requested resource not found", f"{DOCS}/APIReference/API_GetItem.html"),
    Rule("101 transaction actions", "TransactWriteItems", transact(*[{"Put": put({"p": {"S": str(i)}, "s": {"N": "1"}})} for i in range(101)]), V, "less than or equal to 100", TRANSACT),
    Rule("one item twice in a transaction", "TransactWriteItems", transact({"Put": put(KEY)}, {"Delete": {"TableName": TABLE, "Key": KEY}}), V, "multiple operations on one item", TRANSACT),
    Rule("bad key inside a transaction", "TransactWriteItems", transact({"Put": put({"p": {"S": "b"}, "s": {"N": "1"}})}, {"Delete": {"TableName": TABLE, "Key": {"p": {"N": "1"}, "s": {"N": "1"}}}}), "TransactionCanceledException", "[None, ValidationError]", TRANSACT),
    Rule("a failed condition in a transaction", "TransactWriteItems", transact({"Put": put({"p": {"S": "b"}, "s": {"N": "1"}})}, {"ConditionCheck": {"TableName": TABLE, "Key": KEY, "ConditionExpression": "attribute_not_exists(p)"}}), "TransactionCanceledException", "[None, ConditionalCheckFailed]", TRANSACT),
    Rule("26 batch writes", "BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"p": {"S": str(i)}, "s": {"N": "1"}}}} for i in range(26)]}}, V, "less than or equal to 25", BATCH),
    Rule("one key twice in a batch write", "BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": {**KEY, "n": {"N": "2"}}}}, {"DeleteRequest": {"Key": KEY}}]}}, V, "Provided list of item keys contains duplicates", BATCH),
    Rule("one bad GSI key in a batch", "BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"p": {"S": "new"}, "s": {"N": "1"}}}}, {"PutRequest": {"Item": {"p": {"S": "new"}, "s": {"N": "2"}, "g": {"S": ""}}}}]}}, V, "IndexKey: g", BATCH),
    Rule("one key twice in a batch get", "BatchGetItem", {"RequestItems": {TABLE: {"Keys": [KEY, KEY]}}}, V, "Provided list of item keys contains duplicates", f"{DOCS}/APIReference/API_BatchGetItem.html"),
    Rule("legacy and expression mixed", "UpdateItem", update("SET n = :v", {":v": {"N": "1"}}, Expected={"a": {"Exists": True, "Value": {"S": "text"}}}), V, "Can not use both expression and non-expression parameters", LEGACY),
    Rule("Expected Exists false with a Value", "PutItem", put(KEY, Expected={"a": {"Exists": False, "Value": {"S": "x"}}}), V, "Value cannot be used when Exists is false", LEGACY),
    Rule("KeyConditions with NE", "Query", {"TableName": TABLE, "KeyConditions": {"p": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "a"}]}}}, V, "not an indexable operation", LEGACY),
    # A constant of a type the operator cannot take is an error before any item is read; from the item, it is a false condition
    Rule("< against a list constant", "UpdateItem", update("SET n = :v", {":v": {"N": "1"}, ":l": {"L": []}}, ConditionExpression="a < :l"), V, "operator or function: <, operand type: LIST", OPERATORS),
    Rule("begins_with a number constant, on an empty result", "Query", query("p = :p", {**P, ":n": {"N": "3"}}, FilterExpression="a2 = :n OR begins_with(a, :n)"), V, "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: begins_with", OPERATORS),
    Rule("BETWEEN constants out of order", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "a BETWEEN :hi AND :lo", "ExpressionAttributeValues": {":hi": {"N": "2"}, ":lo": {"N": "1"}}}, V, "upper bound to be greater than or equal to lower bound", OPERATORS),
    Rule("BETWEEN constants of two types", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "a BETWEEN :n AND :s", "ExpressionAttributeValues": {":n": {"N": "2"}, ":s": {"S": "dog"}}}, V, "Invalid ConditionExpression", OPERATORS),
    Rule("an empty ConditionExpression", "UpdateItem", update("SET n = :v", {":v": {"N": "1"}}, ConditionExpression=""), V, "Invalid ConditionExpression: The expression can not be empty;", f"{DOCS}/developerguide/Expressions.ConditionExpressions.html"),
    Rule("legacy BEGINS_WITH a number", "PutItem", put(KEY, Expected={"a": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"N": "3"}]}}), V, "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type", LEGACY),
    Rule("legacy IN of two types", "PutItem", put(KEY, Expected={"a": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "3"}, {"S": "dog"}]}}), V, "AttributeValues inside AttributeValueList must be of same type", LEGACY),
    Rule("legacy BETWEEN out of order", "Scan", {"TableName": TABLE, "ScanFilter": {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "z"}, {"S": "a"}]}}}, V, "lower bound is greater than the upper bound", LEGACY),
    Rule("ConditionalOperator without Expected", "UpdateItem", {"TableName": TABLE, "Key": KEY, "AttributeUpdates": {"n": {"Action": "PUT", "Value": {"N": "1"}}}, "ConditionalOperator": "OR"}, V, "ConditionalOperator cannot be used without Expected", LEGACY),
    Rule("ConditionalOperator with an empty Expected", "UpdateItem", {"TableName": TABLE, "Key": KEY, "AttributeUpdates": {"n": {"Action": "PUT", "Value": {"N": "1"}}}, "Expected": {}, "ConditionalOperator": "OR"}, V, "ConditionalOperator cannot be used without Expected", LEGACY),
    Rule("an expression over 4 KB", "UpdateItem", update("SET n = :v", {":v": {"N": "1"}}, ConditionExpression="a = :v" + " " * 4096), V, "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4102", LIMITS),
    Rule("more than 300 operators", "UpdateItem", update("SET n = :v", {":v": {"N": "1"}}, ConditionExpression=" OR ".join(["a < :v"] * 151)), V, "Invalid ConditionExpression", LIMITS),
    Rule("4096 parentheses", "UpdateItem", update("SET n = :v", {":v": {"N": "1"}}, ConditionExpression="(" * 4096), V, "Invalid ConditionExpression", LIMITS),
    Rule("a ComparisonOperator in lower case", "Query", {"TableName": TABLE, "KeyConditions": {"p": {"ComparisonOperator": "eq", "AttributeValueList": [{"S": "a"}]}}}, V, "Value 'eq' at 'comparisonOperator'", LEGACY),
    Rule("an empty AttributesToGet", "GetItem", {"TableName": TABLE, "Key": KEY, "AttributesToGet": []}, V, "Member must have length greater than or equal to 1", f"{DOCS}/APIReference/API_GetItem.html"),
    Rule("a start key outside the segment", "Scan", {"TableName": TABLE, "Segment": 0, "TotalSegments": 1000000, "ExclusiveStartKey": {"p": {"S": "zzz"}, "s": {"N": "1"}}}, V, "ExclusiveStartKey", f"{DOCS}/developerguide/Scan.html#Scan.ParallelScan"),
    Rule("a name starting with an underscore", "UpdateItem", update("SET a = _f(b)"), V, 'Invalid UpdateExpression: Syntax error; token: "_"', UPDATES),
    Rule("a number with spaces", "PutItem", put({**KEY, "n": {"N": " 1"}}), V, "cannot be converted to a numeric value", NUMBERS),
    Rule("a number sent as a JSON number", "PutItem", put({**KEY, "n": {"N": 1}}), "SerializationException", "NUMBER_VALUE cannot be converted to String", NUMBERS),
    Rule("TTL disabled by another name", "UpdateTimeToLive", {"TableName": TABLE, "TimeToLiveSpecification": {"Enabled": False, "AttributeName": "other"}}, V, "TimeToLive is active on a different AttributeName: current AttributeName is exp", f"{DOCS}/APIReference/API_UpdateTimeToLive.html"),
    Rule("TTL attribute name of 256 characters", "UpdateTimeToLive", {"TableName": TABLE, "TimeToLiveSpecification": {"Enabled": False, "AttributeName": "x" * 256}}, V, "length less than or equal to 255", f"{DOCS}/APIReference/API_TimeToLiveSpecification.html"),
    Rule("attribute_exists of a value", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "attribute_exists(:v)", "ExpressionAttributeValues": {":v": {"N": "1"}}}, V, "Operator or function requires a document path; operator or function: attribute_exists", OPERATORS),
    Rule("attribute_type naming its type by a path", "Query", query("p = :p", P, FilterExpression="attribute_type(a, m)"), V, "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: attribute_type", OPERATORS),
    Rule("attribute_type of no such type, before any read", "Query", query("p = :p", {":p": {"S": "nobody"}, ":t": {"S": "DOG"}}, FilterExpression="attribute_type(a, :t)"), V, "Invalid attribute type name found", OPERATORS),
    Rule("size with two operands", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "size(a, a) > :v", "ExpressionAttributeValues": {":v": {"N": "1"}}}, V, "operator or function: size, number of operands: 2", OPERATORS),
    Rule("projection paths that conflict", "GetItem", {"TableName": TABLE, "Key": KEY, "ProjectionExpression": "m.b, m[1]"}, V, "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, b], path two: [m, [1]]", f"{DOCS}/developerguide/Expressions.ProjectionExpressions.html"),
    Rule("update paths that conflict", "UpdateItem", update("SET m.b.c = :v, m.b[2] = :v", {":v": {"N": "1"}}), V, "Two document paths conflict with each other", UPDATES),
    Rule("REMOVE inside a missing map", "UpdateItem", update("REMOVE nothing.b"), V, "document path provided in the update expression is invalid", UPDATES),
    Rule("size of a number given in the request", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "size(:n) > :n", "ExpressionAttributeValues": {":n": {"N": "1"}}}, V, "operator or function: size, operand type: NUMBER", OPERATORS),
    Rule("size of size(), a number", "DeleteItem", {"TableName": TABLE, "Key": KEY, "ConditionExpression": "size(size(a)) > :n", "ExpressionAttributeValues": {":n": {"N": "1"}}}, V, "operator or function: size, operand type: NUMBER", OPERATORS),
    Rule("a ConditionCheck without a condition", "TransactWriteItems", transact({"ConditionCheck": {"TableName": TABLE, "Key": KEY}}), V, "ConditionExpression", TRANSACT),
    Rule("an unused name in a transaction", "TransactWriteItems", transact({"Put": put(KEY, ConditionExpression="attribute_exists(p)", ExpressionAttributeNames={"#xyz": "x"})}), V, "unused in expressions: keys: {#xyz}", TRANSACT),
    Rule("a bad ReturnValuesOnConditionCheckFailure in a transaction", "TransactWriteItems", transact({"Put": put(KEY, ConditionExpression="attribute_exists(p)", ReturnValuesOnConditionCheckFailure="dog")}), V, "returnValuesOnConditionCheckFailure", TRANSACT),
    Rule("a ClientRequestToken of 37 characters", "TransactWriteItems", transact({"Put": put(KEY)}, ClientRequestToken="x" * 37), V, "at 'clientRequestToken'", TRANSACT),
    Rule("a transaction over 4 MB", "TransactWriteItems", transact(*[{"Put": put({"p": {"S": str(i)}, "s": {"N": "1"}, "x": {"S": "x" * 100_000}})} for i in range(50)]), V, "size cannot exceed 4 MB", TRANSACT),
    Rule("a name that is no string", "GetItem", {"TableName": TABLE, "Key": KEY, "ProjectionExpression": "#x", "ExpressionAttributeNames": {"#x": 7}}, "SerializationException", "must be strings", f"{DOCS}/APIReference/API_GetItem.html"),
    Rule("legacy ADD of another set type", "UpdateItem", {"TableName": TABLE, "Key": KEY, "AttributeUpdates": {"a": {"Action": "ADD", "Value": {"SS": ["x"]}}}}, V, "Type mismatch for attribute to update", LEGACY),
    Rule("legacy ADD of a list to a string", "UpdateItem", {"TableName": TABLE, "Key": KEY, "AttributeUpdates": {"a": {"Action": "ADD", "Value": {"L": [{"S": "x"}]}}}}, V, "Type mismatch for attribute to update", LEGACY),
    Rule("ADD of another type", "UpdateItem", update("ADD a :s", {":s": {"SS": ["x"]}}), V, "An operand in the update expression has an incorrect data type", UPDATES),
    Rule("NonKeyAttributes holding a number", "CreateTable", {**SCHEMA, "TableName": "other", "GlobalSecondaryIndexes": [index("by-g", "g", projection="INCLUDE") | {"Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", 123]}}]}, "SerializationException", "NonKeyAttributes", PROJECTION),
    Rule("a projected name of 256 characters", "CreateTable", {**SCHEMA, "TableName": "other", "GlobalSecondaryIndexes": [index("by-g", "g", projection="INCLUDE") | {"Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["n" * 256]}}]}, V, "at 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy constraint", PROJECTION),
    Rule("TTL enabled twice", "UpdateTimeToLive", {"TableName": TABLE, "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "exp"}}, V, "TimeToLive is already enabled", f"{DOCS}/APIReference/API_UpdateTimeToLive.html"),
]  # fmt: skip


@pytest.fixture
def engine() -> EmbeddedDynamoDB:
    engine = EmbeddedDynamoDB("eu-west-2")
    assert engine.handle("CreateTable", SCHEMA)[0] == 200
    assert engine.handle("PutItem", put(ITEM))[0] == 200
    ttl = {"TableName": TABLE, "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "exp"}}
    assert engine.handle("UpdateTimeToLive", ttl)[0] == 200
    return engine


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_refused_as_dynamodb_refuses_it_with_nothing_written(engine: EmbeddedDynamoDB, rule: Rule) -> None:
    before = engine.dump()
    status, body = engine.handle(rule.operation, rule.body)
    assert status == 400, (rule.doc, body)
    assert body["__type"].endswith("#" + rule.code), (rule.doc, body)
    assert rule.message in body["message"], (rule.doc, body["message"])
    assert engine.dump() == before


def _create(**changes: Any) -> tuple[int, dict[str, Any]]:
    return EmbeddedDynamoDB("eu-west-2").handle("CreateTable", {**SCHEMA, **changes})


GSI = {"IndexName": "idx", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
CREATE = f"{DOCS}/APIReference/API_CreateTable.html"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"GlobalSecondaryIndexes": [GSI, GSI]}, "Duplicate index name: idx"),
        ({"GlobalSecondaryIndexes": [{**GSI, "Projection": {"ProjectionType": "ALL", "NonKeyAttributes": ["a"]}}]}, "NonKeyAttributes is specified"),
        ({"GlobalSecondaryIndexes": [{**GSI, "Projection": {"ProjectionType": "EVERYTHING"}}]}, "Unknown ProjectionType"),
        ({"GlobalSecondaryIndexes": [{**GSI, "Projection": {"ProjectionType": "INCLUDE"}}]}, "NonKeyAttributes must not be empty"),
        ({"AttributeDefinitions": [*SCHEMA["AttributeDefinitions"], {"AttributeName": "unused", "AttributeType": "S"}]}, "Some AttributeDefinitions are not used"),  # type: ignore[list-item]
        ({"KeySchema": [{"AttributeName": "s", "KeyType": "RANGE"}, {"AttributeName": "p", "KeyType": "HASH"}]}, "not a HASH key type"),
        ({"BillingMode": "PROVISIONED"}, "ReadCapacityUnits and WriteCapacityUnits must both be specified"),
        ({"BillingMode": "PROVISIONED", "ProvisionedThroughput": {"WriteCapacityUnits": 1}}, "Value null at 'provisionedThroughput.readCapacityUnits'"),
        ({"AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "BOOL"}]}, "Value 'BOOL' at 'attributeDefinitions.1.member.attributeType'"),
        ({"AttributeDefinitions": None}, "Value null at 'attributeDefinitions'"),
        ({"ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}, "can be specified when BillingMode is PAY_PER_REQUEST"),
        ({"LocalSecondaryIndexes": [{**GSI, "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "s", "KeyType": "RANGE"}]}]}, "same leading hash key"),
        ({"TableName": "ab"}, "length greater than or equal to 3"),
        ({"KeySchema": [{"AttributeName": "p" * 256, "KeyType": "HASH"}]}, "at 'keySchema.1.member.attributeName' failed to satisfy constraint: Member must have length less than or equal to 255"),
        # the length is named before the definitions' disagreement with the keys
        ({"AttributeDefinitions": [{"AttributeName": "q" * 256, "AttributeType": "S"}]}, "at 'attributeDefinitions.1.member.attributeName' failed to satisfy constraint: Member must have length less than or equal to 255"),
    ],
)  # fmt: skip
def test_table_definitions_are_checked_as_createtable_checks_them(changes: dict[str, Any], message: str) -> None:
    """CreateTable's rules: ``CREATE`` and the developer guide's index pages."""
    status, body = _create(**changes)
    assert (status, body["__type"].rsplit("#", 1)[-1]) == (400, "ValidationException"), body
    assert message in body["message"]


def test_updatetable_names_a_definition_too_long_before_a_missing_one(engine: EmbeddedDynamoDB) -> None:
    """API_AttributeDefinition.html: 1 to 255 characters, checked before the new index's keys are matched to the definitions."""
    create = {"Create": {**GSI, "KeySchema": [{"AttributeName": "short", "KeyType": "HASH"}]}}
    body = {"TableName": TABLE, "AttributeDefinitions": [{"AttributeName": "d" * 256, "AttributeType": "S"}], "GlobalSecondaryIndexUpdates": [create]}
    status, answer = engine.handle("UpdateTable", body)
    assert status == 400 and "at 'attributeDefinitions.1.member.attributeName'" in answer["message"] and "255" in answer["message"]


def test_exact_38_digit_numbers_keep_sort_keys_apart(engine: EmbeddedDynamoDB) -> None:
    """NUMBERS: 38 digits of precision; Python's default context kept 28, merging these keys."""
    low, high = "1234567890123456789012345678901234567.1", "1234567890123456789012345678901234567.2"
    for s in (low, high):
        assert engine.handle("PutItem", put({"p": {"S": "n"}, "s": {"N": s}}))[0] == 200
    found = engine.handle("Query", query("p = :p", {":p": {"S": "n"}}))[1]
    assert [i["s"]["N"] for i in found["Items"]] == [low, high]
    total = engine.handle(
        "UpdateItem", update("ADD t :a", {":a": {"N": "0.00000000000000000000000000000000000001"}}, ReturnValues="UPDATED_NEW")
    )
    assert total[1]["Attributes"]["t"] == {"N": "0.00000000000000000000000000000000000001"}


def test_reversed_key_conditions_are_the_same_condition(engine: EmbeddedDynamoDB) -> None:
    """KEYS: the operands of a comparison may come in either order."""
    found = engine.handle("Query", query(":p = p AND :s >= s", {**P, ":s": {"N": "1"}}))
    assert found == (200, {"Count": 1, "ScannedCount": 1, "Items": [ITEM]})


def test_remove_on_a_missing_item_writes_nothing(engine: EmbeddedDynamoDB) -> None:
    """UPDATES: UpdateItem creates an item only when it has something to set."""
    missing = {"p": {"S": "none"}, "s": {"N": "1"}}
    assert engine.handle("UpdateItem", update("REMOVE b", key=missing)) == (200, {})
    assert engine.handle("GetItem", {"TableName": TABLE, "Key": missing}) == (200, {})


def test_updated_values_are_the_updated_paths_only(engine: EmbeddedDynamoDB) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValues"""
    new = engine.handle("UpdateItem", update("SET m.y = :v", {":v": {"N": "2"}}, ReturnValues="UPDATED_NEW"))[1]
    assert new == {"Attributes": {"m": {"M": {"y": {"N": "2"}}}}}
    old = engine.handle("UpdateItem", update("SET m.x = :v", {":v": {"N": "5"}}, ReturnValues="UPDATED_OLD"))[1]
    assert old == {"Attributes": {"m": {"M": {"x": {"N": "1"}}}}}


def test_contains_matches_binary(engine: EmbeddedDynamoDB) -> None:
    """OPERATORS: contains(path, operand) for a binary attribute tests a byte subsequence."""
    assert engine.handle("PutItem", put({"p": {"S": "b"}, "s": {"N": "1"}, "bin": {"B": "AAECAw=="}}))[0] == 200
    scan = {"TableName": TABLE, "FilterExpression": "contains(bin, :b)", "ExpressionAttributeValues": {":b": {"B": "AQI="}}}
    assert engine.handle("Scan", scan)[1]["Count"] == 1


def test_cancellation_reasons_carry_the_item_asked_for(engine: EmbeddedDynamoDB) -> None:
    """TRANSACT: ReturnValuesOnConditionCheckFailure ALL_OLD puts the item in its reason."""
    check = {
        "TableName": TABLE,
        "Key": KEY,
        "ConditionExpression": "attribute_not_exists(p)",
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }
    status, body = engine.handle("TransactWriteItems", transact({"ConditionCheck": check}))
    assert status == 400 and body["CancellationReasons"] == [
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed", "Item": ITEM}
    ]


def test_a_replayed_client_request_token_applies_once(engine: EmbeddedDynamoDB) -> None:
    """TRANSACT: a ClientRequestToken makes TransactWriteItems idempotent for 10 minutes."""
    add = {"Update": update("ADD c :one", {":one": {"N": "1"}})}
    for _ in range(3):
        assert engine.handle("TransactWriteItems", transact(add, ClientRequestToken="t-1")) == (200, {})
    assert engine.handle("GetItem", {"TableName": TABLE, "Key": KEY})[1]["Item"]["c"] == {"N": "1"}
    other = {"Update": update("ADD c :two", {":two": {"N": "2"}})}
    status, body = engine.handle("TransactWriteItems", transact(other, ClientRequestToken="t-1"))
    assert (status, body["__type"].rsplit("#", 1)[-1]) == (400, "IdempotentParameterMismatchException")


def test_paging_resumes_after_a_deleted_start_key(engine: EmbeddedDynamoDB) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html: the next page starts after the key."""
    for s in range(2, 8):
        engine.handle("PutItem", put({"p": {"S": "a"}, "s": {"N": str(s)}}))
    seen: list[str] = []
    start: dict[str, Any] = {}
    for _ in range(20):
        page = engine.handle("Query", query("p = :p", P, Limit=2, **start))[1]
        seen += [i["s"]["N"] for i in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        engine.handle("DeleteItem", {"TableName": TABLE, "Key": page["LastEvaluatedKey"]})  # the client deletes what it read
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    assert seen == [str(s) for s in range(1, 8)]


def test_an_empty_string_is_no_local_index_key_either() -> None:
    """HowItWorks.NamingRulesDataTypes.html: an index key may not be an empty string, in a local index as in a global one."""
    engine = EmbeddedDynamoDB("eu-west-2")
    lsi = {"IndexName": "by-l", "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}
    definitions = [{"AttributeName": n, "AttributeType": "S" if n != "s" else "N"} for n in ("p", "s", "l")]
    table = {**SCHEMA, "TableName": "local", "AttributeDefinitions": definitions, "LocalSecondaryIndexes": [lsi]}
    del table["GlobalSecondaryIndexes"]
    assert engine.handle("CreateTable", table)[0] == 200
    status, body = engine.handle("PutItem", {"TableName": "local", "Item": {**KEY, "l": {"S": ""}}})
    assert status == 400 and "IndexName: by-l, IndexKey: l" in body["message"]
    assert engine.dump() == {"local": []}


def test_bounds_read_from_the_item_out_of_order_only_make_the_condition_false(engine: EmbeddedDynamoDB) -> None:
    """Only constants are checked before the read (Expressions.OperatorsAndFunctions.html): bounds from the item
    that are out of order make BETWEEN false, a failed condition rather than a ValidationException."""
    assert engine.handle("UpdateItem", update("SET hi = :two, lo = :one", {":two": {"N": "2"}, ":one": {"N": "1"}}))[0] == 200
    status, body = engine.handle("UpdateItem", update("SET n = :v", {":v": {"N": "1"}}, ConditionExpression="s BETWEEN hi AND lo"))
    assert (status, body["__type"].rsplit("#", 1)[1]) == (400, "ConditionalCheckFailedException")


def test_every_table_of_a_batch_write_needs_a_write(engine: EmbeddedDynamoDB) -> None:
    """API_BatchWriteItem.html: each table's list holds 1 to 25 requests; an empty one refuses the batch."""
    assert engine.handle("CreateTable", {**SCHEMA, "TableName": "other"})[0] == 200
    before = engine.dump()
    status, body = engine.handle("BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"p": {"S": "new"}, "s": {"N": "1"}}}}], "other": []}})
    assert status == 400 and "Member must have length greater than or equal to 1" in body["message"]
    assert engine.dump() == before


def test_functions_take_values_given_in_the_request_too(engine: EmbeddedDynamoDB) -> None:
    """Expressions.OperatorsAndFunctions.html: begins_with, contains, attribute_type and size take any operand,
    a value from ExpressionAttributeValues as well as a path (attribute_exists and attribute_not_exists take a path)."""
    values = {":whole": {"S": "textual"}, ":t": {"S": "S"}, ":four": {"N": "4"}}
    condition = "begins_with(:whole, a) AND attribute_type(:whole, :t) AND size(:whole) > :four AND contains(:whole, a)"
    status, _ = engine.handle("UpdateItem", update("SET n = :four", values, ConditionExpression=condition))
    assert status == 200
    assert engine.handle("GetItem", {"TableName": TABLE, "Key": KEY})[1]["Item"]["n"] == {"N": "4"}


def test_remove_inside_a_missing_item_is_no_error_and_list_appends_go_in_index_order(engine: EmbeddedDynamoDB) -> None:
    """Alternator's test_update_expression.py (run against DynamoDB): REMOVE of any path on an item that does not
    exist writes nothing and refuses nothing; SETs past a list's end append in index order, not expression order."""
    missing = {"p": {"S": "gone"}, "s": {"N": "9"}}
    assert engine.handle("UpdateItem", update("REMOVE nothing.b[3]", key=missing))[0] == 200
    assert "Item" not in engine.handle("GetItem", {"TableName": TABLE, "Key": missing})[1]
    values = {":a": {"S": "a"}, ":b": {"S": "b"}, ":c": {"S": "c"}}
    assert engine.handle("UpdateItem", update("SET l[84] = :a, l[17] = :b, l[50] = :c", values))[0] == 200
    assert engine.handle("GetItem", {"TableName": TABLE, "Key": KEY})[1]["Item"]["l"] == {"L": [{"N": "1"}, {"S": "b"}, {"S": "c"}, {"S": "a"}]}


def test_a_transaction_stops_at_its_first_invalid_action(engine: EmbeddedDynamoDB) -> None:
    """Alternator's test_transact.py (run against DynamoDB): the first action with an invalid item is the
    ValidationError reason; the actions after it are not looked at (None), even ones that would fail."""
    wrong_key = {"Put": put({"p": {"N": "7"}, "s": {"N": "1"}})}
    failing = {"Put": put(KEY, ConditionExpression="attribute_not_exists(p)")}
    status, body = engine.handle("TransactWriteItems", transact(wrong_key, {"Put": put({"p": {"N": "8"}, "s": {"N": "1"}})}, failing))
    assert status == 400 and body["__type"].endswith("#TransactionCanceledException")
    assert [r["Code"] for r in body["CancellationReasons"]] == ["ValidationError", "None", "None"]
    assert "Message" in body["CancellationReasons"][0] and "Message" not in body["CancellationReasons"][1]


def test_document_paths_up_to_the_limits_are_read(engine: EmbeddedDynamoDB) -> None:
    """ServiceQuotas.html: a document path may go 32 levels deep; a list index may reach 2^31 - 1, and one past a
    list's end projects nothing rather than refusing the request."""
    def project(expression: str) -> tuple[int, dict[str, Any]]:
        return engine.handle("GetItem", {"TableName": TABLE, "Key": KEY, "ProjectionExpression": expression})

    assert project("m" + ".x" * 31) == (200, {"Item": {}})
    assert project("l[2147483647]") == (200, {"Item": {}})
    assert project("l[0]") == (200, {"Item": {"l": {"L": [{"N": "1"}]}}})


def test_an_attribute_name_of_65535_bytes_is_stored(engine: EmbeddedDynamoDB) -> None:
    """ServiceQuotas.html: names up to 64 KB; 65,535 bytes is the longest DynamoDB takes, as a name or a map key."""
    longest = "é" * 32_767 + "n"
    item = {**KEY, longest: {"M": {longest: {"N": "1"}}}}
    assert engine.handle("PutItem", put(item))[0] == 200
    assert engine.handle("GetItem", {"TableName": TABLE, "Key": KEY, "AttributesToGet": [longest]})[1] == {"Item": {longest: item[longest]}}


def test_a_query_of_a_table_without_sort_key_cannot_restart() -> None:
    """PAGES: a page ends after its last key; in a table keyed by its partition alone that key is the partition's
    only item, so DynamoDB refuses an ExclusiveStartKey there rather than answer an empty page."""
    engine = EmbeddedDynamoDB("eu-west-2")
    assert engine.handle("CreateTable", table("single", ("p", "S")))[0] == 200
    body = {"TableName": "single", "KeyConditionExpression": "p = :p", "ExpressionAttributeValues": P, "ExclusiveStartKey": {"p": {"S": "a"}}}
    status, answer = engine.handle("Query", body)
    assert status == 400 and answer["message"] == "The provided exclusive start key is invalid: ExclusiveStartKey: {p=AttributeValue: {S:a}}"
    assert engine.handle("Scan", {"TableName": "single", "ExclusiveStartKey": {"p": {"S": "a"}}}) == (200, {"Count": 0, "ScannedCount": 0, "Items": []})


def test_zero_is_judged_by_the_exponent_it_is_written_with(engine: EmbeddedDynamoDB) -> None:
    """NUMBERS: magnitudes from 1e-130 to 9.99e125; DynamoDB applies the range to a zero's written exponent, so
    0.0e126 (0 times 10^125) is stored as 0 where 0e126 is refused (a row above)."""
    assert engine.handle("PutItem", put({**KEY, "n": {"N": "0.0e126"}, "z": {"N": "-0e-130"}}))[0] == 200
    item = engine.handle("GetItem", {"TableName": TABLE, "Key": KEY})[1]["Item"]
    assert (item["n"], item["z"]) == ({"N": "0"}, {"N": "0"})


def test_a_batch_get_names_one_number_two_ways_and_gets_it_once(engine: EmbeddedDynamoDB) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html: keys written alike are
    duplicates; DynamoDB takes 1 and 1.0 as two keys of one item and returns it once (a quirk BatchWriteItem lacks)."""
    alike = {"RequestItems": {TABLE: {"Keys": [KEY, {"p": {"S": "a"}, "s": {"N": "1.0"}}]}}}
    assert engine.handle("BatchGetItem", alike) == (200, {"Responses": {TABLE: [ITEM]}, "UnprocessedKeys": {}})
    twice = {"RequestItems": {TABLE: [{"DeleteRequest": {"Key": KEY}}, {"DeleteRequest": {"Key": {"p": {"S": "a"}, "s": {"N": "1.0"}}}}]}}
    assert "duplicates" in engine.handle("BatchWriteItem", twice)[1]["message"]


def test_functions_nest_where_dynamodb_lets_them(engine: EmbeddedDynamoDB) -> None:
    """UPDATES: if_not_exists may stand inside list_append and inside itself (only list_append in list_append is
    refused); two different paths may meet in contains()."""
    values = {":l": {"L": [{"N": "2"}]}, ":n": {"N": "5"}}
    body = update("SET l = list_append(if_not_exists(l, :l), :l), n = if_not_exists(x, if_not_exists(y, :n))", values)
    assert engine.handle("UpdateItem", {**body, "ConditionExpression": "contains(l, l[0])"})[0] == 200
    item = engine.handle("GetItem", {"TableName": TABLE, "Key": KEY})[1]["Item"]
    assert (item["l"], item["n"]) == ({"L": [{"N": "1"}, {"N": "2"}]}, {"N": "5"})
