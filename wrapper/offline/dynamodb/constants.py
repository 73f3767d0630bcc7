"""What DynamoDB checks of a condition's constants before it reads any item.

A value given in the request (an ``ExpressionAttributeValues`` entry) of a type an operator or function
cannot take is a ValidationException, not a false condition: ``<``, ``<=``, ``>``, ``>=`` and ``BETWEEN``
order numbers, strings and binaries only, ``begins_with`` takes a string or binary, and the bounds of a
``BETWEEN`` of two constants must be of one type and in order. The same wrong type read from an item only
makes the condition false. (Expressions.OperatorsAndFunctions.html; Alternator's
test_condition_expression.py and test_filter_expression.py, which pass against DynamoDB, check each case.)
A comparison or a two-operand function whose operands are one path (``a = a``, ``contains(a, a)``) is
refused the same way, before any type.
"""

from __future__ import annotations

from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb import values as v
from wrapper.offline.dynamodb.errors import validation

_ORDERED = {"<", "<=", ">", ">="}
_SCALAR = ("N", "S", "B")
_PREFIXES = ("S", "B")
_HAS_SIZE = ("S", "B", "SS", "NS", "BS", "L", "M")


def check(tree: t.Condition, kind: str) -> None:
    _distinct(tree, kind)
    match tree:
        case t.And(left, right) | t.Or(left, right):
            check(left, kind)
            check(right, kind)
        case t.Not(inner):
            check(inner, kind)
        case t.Compare(op, left, right):
            if op in _ORDERED:
                _typed(left, op, _SCALAR, kind)
                _typed(right, op, _SCALAR, kind)
            _sized(left, kind)
            _sized(right, kind)
        case t.Between(subject, low, high):
            for part in (subject, low, high):
                _typed(part, "BETWEEN", _SCALAR, kind)
            if isinstance(low, t.Literal) and isinstance(high, t.Literal):
                _bounds(low.value, high.value, kind)
        case t.Function("begins_with", subject, argument) if argument is not None:
            _typed(subject, "begins_with", _PREFIXES, kind)
            _typed(argument, "begins_with", _PREFIXES, kind)
        case t.Function("attribute_type", _, argument) if argument is not None:
            if not isinstance(argument, t.Literal):
                raise validation(f"Invalid {kind}: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: PATH")
            _type_name(argument.value, kind)


def _distinct(tree: t.Condition, kind: str) -> None:
    match tree:
        case t.Compare(operator, t.PathRef(first), t.PathRef(second)) | t.Function(operator, t.PathRef(first), t.PathRef(second)):
            if first == second:
                raise validation(
                    f"Invalid {kind}: The first operand must be distinct from the remaining operands for this operator or function; "
                    f"operator: {operator}, first operand: {t.show(first)}"
                )


def _type_name(value: t.Value, kind: str) -> None:
    if v.kind(value) != "S" or value["S"] not in v.TYPE_CODES:
        raise validation(
            f"Invalid {kind}: Invalid attribute type name found; type: {v.shown(value)}, valid types: {{{','.join(v.TYPE_CODES)}}}"
        )


def _sized(operand: t.Operand, kind: str) -> None:
    """size() of a value given in the request must be of a type that has a size; size() itself gives a number."""
    if isinstance(operand, t.Size):
        _typed(operand.subject, "size", _HAS_SIZE, kind)
        if isinstance(operand.subject, t.Size):
            _sized(operand.subject, kind)
            raise validation(f"Invalid {kind}: Incorrect operand type for operator or function; operator or function: size, operand type: {v.type_name('N')}")


def _typed(operand: t.Operand, operator: str, allowed: tuple[str, ...], kind: str) -> None:
    if isinstance(operand, t.Literal) and v.kind(operand.value) not in allowed:
        raise validation(
            f"Invalid {kind}: Incorrect operand type for operator or function; operator or function: {operator}, "
            f"operand type: {v.type_name(v.kind(operand.value))}"
        )


def _bounds(low: t.Value, high: t.Value, kind: str) -> None:
    shown = f"lower bound operand: AttributeValue: {v.shown(low)}, upper bound operand: AttributeValue: {v.shown(high)}"
    if v.kind(low) != v.kind(high):
        # The rule is DynamoDB's (a ValidationException); these words are ours, its own are not on record.
        raise validation(f"Invalid {kind}: The BETWEEN operator requires both bounds of one type; {shown}")
    bounds = v.ordered(low, high)
    if bounds is not None and bounds[0] > bounds[1]:
        raise validation(f"Invalid {kind}: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; {shown}")
