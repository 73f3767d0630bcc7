"""DynamoDB's legacy parameters, translated onto the expression tree the expressions use.

Expected, KeyConditions, QueryFilter, ScanFilter (with ConditionalOperator), AttributeUpdates
and AttributesToGet are still accepted by DynamoDB and used by older code and libraries:
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
A request may not mix them with expressions.
"""

from __future__ import annotations

from typing import Any

from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.errors import check_enum, validation
from wrapper.offline.dynamodb.names import checked_name

LEGACY = ("AttributesToGet", "AttributeUpdates", "ConditionalOperator", "Expected", "KeyConditions", "QueryFilter", "ScanFilter")
EXPRESSIONS = (
    "ConditionExpression",
    "ExpressionAttributeNames",
    "ExpressionAttributeValues",
    "FilterExpression",
    "KeyConditionExpression",
    "ProjectionExpression",
    "UpdateExpression",
)
_INVALID = "One or more parameter values were invalid: "
# operator -> number of values it takes (None: one or more)
_ARITY: dict[str, int | None] = {
    "EQ": 1, "NE": 1, "LE": 1, "LT": 1, "GE": 1, "GT": 1, "NOT_NULL": 0, "NULL": 0,
    "CONTAINS": 1, "NOT_CONTAINS": 1, "BEGINS_WITH": 1, "IN": None, "BETWEEN": 2,
}  # fmt: skip
_OPERATORS = tuple(_ARITY)  # as DynamoDB's enum error lists them
_ORDERED = {"LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}


def check_not_mixed(body: dict[str, Any]) -> None:
    """Legacy and expression parameters may not meet in one request; KeyConditions is the exception, refused only
    beside KeyConditionExpression (DynamoDB answers a Query of KeyConditions with a FilterExpression or a
    ProjectionExpression: Alternator's test_query.py and test_projection_expression.py, which pass against it)."""
    old = [
        name for name in LEGACY if body.get(name) is not None and (name != "KeyConditions" or body.get("KeyConditionExpression") is not None)
    ]
    new = [name for name in EXPRESSIONS if body.get(name) is not None]
    if old and new:
        raise validation(
            "Can not use both expression and non-expression parameters in the same request: "
            f"Non-expression parameters: {{{', '.join(old)}}} Expression parameters: {{{', '.join(new)}}}"
        )
    operator = body.get("ConditionalOperator")
    if operator is not None:
        check_enum(operator, "conditionalOperator", ("OR", "AND"))


def _join(parts: list[t.Condition], operator: str | None) -> t.Condition | None:
    return t.conjunction(parts, "OR" if operator == "OR" else "AND")


def expected(spec: dict[str, Any], operator: str | None) -> t.Condition | None:
    parts: list[t.Condition] = []
    for name, rule in spec.items():
        path: t.Path = (name,)
        if "ComparisonOperator" in rule:
            if "Exists" in rule or "Value" in rule:
                raise validation(_INVALID + f"Value or Exists cannot be used with ComparisonOperator for Attribute: {name}")
            parts.append(_compare(path, rule["ComparisonOperator"], rule.get("AttributeValueList") or [], "Expected"))
            continue
        if "AttributeValueList" in rule:
            raise validation(_INVALID + f"AttributeValueList can only be used with a ComparisonOperator for Attribute: {name}")
        exists = rule.get("Exists", True)
        if exists and "Value" not in rule:
            raise validation(_INVALID + f"Value must be provided when Exists is true for Attribute: {name}")
        if not exists and "Value" in rule:
            raise validation(_INVALID + f"Value cannot be used when Exists is false for Attribute: {name}")
        if exists:
            parts.append(t.Compare("=", t.PathRef(path), t.Literal(v.checked(rule["Value"]))))
        else:
            parts.append(t.Function("attribute_not_exists", t.PathRef(path)))
    _check_operator(operator, len(parts), "Expected")
    return _join(parts, operator)


def conditions(spec: dict[str, Any], operator: str | None, kind: str) -> t.Condition | None:
    """KeyConditions, QueryFilter and ScanFilter: attribute -> {ComparisonOperator, AttributeValueList}."""
    parts = []
    for name, rule in spec.items():
        if not isinstance(rule, dict) or "ComparisonOperator" not in rule:
            raise validation(_INVALID + f"ComparisonOperator is required for {kind} attribute: {name}")
        op = rule["ComparisonOperator"]
        _check_enum(op)
        if kind == "KeyConditions" and op not in ("EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN"):
            raise validation("Attempted conditional constraint is not an indexable operation")
        parts.append(_compare((name,), op, rule.get("AttributeValueList") or [], kind))
    _check_operator(operator, len(parts), kind)
    return _join(parts, operator)


def _check_operator(operator: str | None, count: int, kind: str) -> None:
    if operator is not None and count == 0:
        raise validation(f"ConditionalOperator cannot be used without {kind}")


def _check_enum(op: Any) -> None:
    check_enum(op, "comparisonOperator", _OPERATORS)


def _compare(path: t.Path, op: str, raw: list[Any], kind: str) -> t.Condition:
    _check_enum(op)
    arity = _ARITY[op]
    if (arity is None and not raw) or (arity is not None and len(raw) != arity):
        raise validation(_INVALID + f"Invalid number of argument(s) for the {op} ComparisonOperator")
    values = [v.checked(x) for x in raw]
    allowed = ("S", "B") if op == "BEGINS_WITH" else None if op in ("EQ", "NE") else ("S", "N", "B")
    for value in values:
        if allowed is not None and v.kind(value) not in allowed:
            raise validation(_INVALID + f"ComparisonOperator {op} is not valid for {v.kind(value)} AttributeValue type")
    # dynalite's tests (written against DynamoDB) and DynamoDB Local word these two alike
    if len({v.kind(value) for value in values}) > 1:
        raise validation(_INVALID + "AttributeValues inside AttributeValueList must be of same type")
    if op == "BETWEEN" and (bounds := v.ordered(values[0], values[1])) is not None and bounds[0] > bounds[1]:
        raise validation("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")
    subject = t.PathRef(path)
    if op == "EQ":
        return t.Compare("=", subject, t.Literal(values[0]))
    if op == "NE":
        return t.Compare("<>", subject, t.Literal(values[0]))
    if op in _ORDERED:
        return t.Compare(_ORDERED[op], subject, t.Literal(values[0]))  # type: ignore[arg-type]
    if op == "NOT_NULL":
        return t.Function("attribute_exists", subject)
    if op == "NULL":
        return t.Function("attribute_not_exists", subject)
    if op == "CONTAINS":
        return t.Function("contains", subject, t.Literal(values[0]))
    if op == "NOT_CONTAINS":
        # DynamoDB: true only for an attribute that exists and does not contain the value.
        return t.And(t.Function("attribute_exists", subject), t.Not(t.Function("contains", subject, t.Literal(values[0]))))
    if op == "BEGINS_WITH":
        return t.Function("begins_with", subject, t.Literal(values[0]))
    if op == "IN":
        return t.In(subject, tuple(t.Literal(x) for x in values))
    return t.Between(subject, t.Literal(values[0]), t.Literal(values[1]))


def attribute_updates(spec: dict[str, Any]) -> t.Update:
    sets: list[t.SetAction] = []
    adds: list[t.AddAction] = []
    deletes: list[t.DeleteAction] = []
    for name, change in spec.items():
        path: t.Path = (checked_name(name),)
        action = change.get("Action", "PUT")
        value = v.checked(change["Value"]) if change.get("Value") is not None else None
        check_enum(action, f"attributeUpdates.{name}.member.action", ("ADD", "PUT", "DELETE"))
        if value is None and action != "DELETE":
            raise validation(_INVALID + "Only DELETE action is allowed when no attribute value is specified")
        if action == "PUT":
            assert value is not None
            sets.append(t.SetAction(path, t.Literal(value)))
        elif action == "DELETE":
            if value is not None and v.kind(value) not in ("SS", "NS", "BS"):
                raise validation(_INVALID + f"DELETE action with value is not supported for the type {v.kind(value)}")
            deletes.append(t.DeleteAction(path, value))
        else:
            assert value is not None
            if v.kind(value) in ("N", "SS", "NS", "BS", "L"):  # a list too: appended, undocumented but DynamoDB's
                adds.append(t.AddAction(path, value))
            else:
                raise validation(_INVALID + f"ADD action is not supported for the type {v.kind(value)}")
    return t.Update(set=tuple(sets), add=tuple(adds), delete=tuple(deletes))


def attributes_to_get(names: list[Any]) -> list[t.Path]:
    if not names:
        raise validation("1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1")
    if len(set(names)) != len(names):
        raise validation(_INVALID + f"Duplicate value in attribute name: {next(n for n in names if names.count(n) > 1)}")
    return [(checked_name(str(name)),) for name in names]
