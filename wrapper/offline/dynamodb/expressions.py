"""DynamoDB's expressions, text to typed tree: conditions, key conditions, updates and projections.

Each function checks what DynamoDB checks about the whole expression (emptiness, paths that
overlap) on top of the grammar in ``parser.py``.
"""

from __future__ import annotations

from wrapper.offline.dynamodb import constants
from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.parser import Parser, Placeholders

__all__ = ["Placeholders", "parse_condition", "parse_projection", "parse_update"]


def parse_condition(text: str, placeholders: Placeholders, kind: str = "ConditionExpression") -> t.Condition:
    if not text.strip():
        raise validation(f"Invalid {kind}: The expression can not be empty;")
    parser = Parser(text, placeholders, kind)
    tree = parser.condition()
    parser.done()
    constants.check(tree, kind)
    return tree


def parse_update(text: str, placeholders: Placeholders) -> t.Update:
    if not text.strip():
        raise validation("Invalid UpdateExpression: The expression can not be empty;")
    update = Parser(text, placeholders, "UpdateExpression").update()
    check_disjoint([action.path for action in update.actions()], "UpdateExpression")
    return update


def parse_projection(text: str, placeholders: Placeholders) -> list[t.Path]:
    if not text.strip():
        raise validation("Invalid ProjectionExpression: The expression can not be empty;")
    parser = Parser(text, placeholders, "ProjectionExpression")
    paths = [parser.path()]
    while parser.is_op(","):
        parser.take()
        paths.append(parser.path())
    parser.done()
    check_disjoint(paths, "ProjectionExpression")
    return paths


def check_disjoint(paths: list[t.Path], kind: str) -> None:
    """DynamoDB refuses two paths where one is the other or lies inside it."""
    seen: list[t.Path] = []
    for path in paths:
        for other in seen:
            if path[: len(other)] == other or other[: len(path)] == path:
                raise validation(
                    f"Invalid {kind}: Two document paths overlap with each other; must remove or rewrite one of these paths; "
                    f"path one: {t.show(other)}, path two: {t.show(path)}"
                )
        seen.append(path)
