"""DynamoDB's expressions, text to typed tree: conditions, key conditions, updates and projections.

Each function checks what DynamoDB checks about the whole expression (emptiness, paths that
overlap) on top of the grammar in ``parser.py``.
"""

from __future__ import annotations

from wrapper.offline.dynamodb import constants
from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.parser import COMPARATORS, Parser, Placeholders

__all__ = ["Placeholders", "parse_condition", "parse_projection", "parse_update"]

MAX_EXPRESSION_BYTES = 4096
MAX_OPERATORS = 300
_WORD_OPERATORS = {"AND", "OR", "NOT", "BETWEEN", "IN"}


def parse_condition(text: str, placeholders: Placeholders, kind: str = "ConditionExpression") -> t.Condition:
    parser = _parser(text, placeholders, kind)
    try:
        tree = parser.condition()
    except RecursionError:
        raise _too_deep(kind) from None
    parser.done()
    _check_operators(parser, kind)
    constants.check(tree, kind)
    return tree


def parse_update(text: str, placeholders: Placeholders) -> t.Update:
    parser = _parser(text, placeholders, "UpdateExpression")
    try:
        update = parser.update()
    except RecursionError:
        raise _too_deep("UpdateExpression") from None
    _check_operators(parser, "UpdateExpression")
    check_disjoint([action.path for action in update.actions()], "UpdateExpression")
    return update


def parse_projection(text: str, placeholders: Placeholders) -> list[t.Path]:
    parser = _parser(text, placeholders, "ProjectionExpression")
    paths = [parser.path()]
    while parser.is_op(","):
        parser.take()
        paths.append(parser.path())
    parser.done()
    check_disjoint(paths, "ProjectionExpression")
    return paths


def _parser(text: str, placeholders: Placeholders, kind: str) -> Parser:
    """The expression's parser, once it is known to be neither empty nor past DynamoDB's 4 KB
    (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters;
    the words as Alternator's test_limits.py quotes DynamoDB)."""
    if not text.strip():
        raise validation(f"Invalid {kind}: The expression can not be empty;")
    size = len(text.encode("utf-8"))
    if size > MAX_EXPRESSION_BYTES:
        raise validation(f"Invalid {kind}: Expression size has exceeded the maximum allowed size; expression size: {size}")
    return Parser(text, placeholders, kind)


def _check_operators(parser: Parser, kind: str) -> None:
    """At most 300 operators and functions in one expression (ServiceQuotas.html#limits-expression-parameters);
    DynamoDB's words for this one are not on record."""
    count = 0
    for index, (kind_of, text) in enumerate(parser.tokens):
        following = parser.tokens[index + 1] if index + 1 < len(parser.tokens) else None
        if kind_of == "op":
            count += text in COMPARATORS or text in ("+", "-")
        elif kind_of == "word":
            count += text.upper() in _WORD_OPERATORS or following == ("op", "(")
    if count > MAX_OPERATORS:
        raise validation(f"Invalid {kind}: The expression has too many operators or functions; count: {count}, maximum allowed: {MAX_OPERATORS}")


def _too_deep(kind: str) -> Exception:
    # Nesting deeper than the parser's stack (thousands of parentheses inside 4 KB); our words.
    return validation(f"Invalid {kind}: The expression is nested too deeply")


def check_disjoint(paths: list[t.Path], kind: str) -> None:
    """DynamoDB refuses two paths where one is the other or lies inside it (they overlap), and two that part where
    one names a map key and the other a list index (they conflict: no item can hold both; its words as
    Alternator's test_projection_expression.py quotes them)."""
    seen: list[t.Path] = []
    for path in paths:
        for other in seen:
            if path[: len(other)] == other or other[: len(path)] == path:
                clash = "overlap"
            else:
                part = next(i for i, (a, b) in enumerate(zip(path, other, strict=False)) if a != b)
                if isinstance(path[part], int) == isinstance(other[part], int):
                    continue
                clash = "conflict"
            raise validation(
                f"Invalid {kind}: Two document paths {clash} with each other; must remove or rewrite one of these paths; "
                f"path one: {t.show(other)}, path two: {t.show(path)}"
            )
        seen.append(path)
