"""The typed expression tree: what DynamoDB's expressions and its legacy parameters both become.

``parser.py`` builds it from ConditionExpression, KeyConditionExpression, FilterExpression,
UpdateExpression and ProjectionExpression text; ``legacy.py`` builds the same nodes from
Expected, KeyConditions, QueryFilter, ScanFilter and AttributeUpdates; ``evaluate.py`` runs
them. Placeholders are already resolved: a ``Literal`` holds the attribute value itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from typing import Literal as Only

# A document path: attribute names (str) and list indexes (int), outermost first.
Path = tuple[str | int, ...]
Value = dict[str, Any]

Comparator = Only["=", "<>", "<", "<=", ">", ">="]
FunctionName = Only["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"]


# Nodes share their fields through the bases below; each subclass is its own node type (a
# dataclass compares the class too, so PathRef(p) != Size(p)) and matches by position.
Op = TypeVar("Op")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class _OnPath:
    path: Path


@dataclass(frozen=True, slots=True)
class _Binary(Generic[Op]):
    op: Op
    left: Operand
    right: Operand


@dataclass(frozen=True, slots=True)
class _Junction:
    left: Condition
    right: Condition


@dataclass(frozen=True, slots=True)
class _Action(Generic[V]):
    path: Path
    value: V


# -- operands -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Literal:
    value: Value


class PathRef(_OnPath):
    """The attribute at ``path`` (missing: no value)."""


@dataclass(frozen=True, slots=True)
class Size:
    subject: Operand  # a path, or a value given in the request


@dataclass(frozen=True, slots=True)
class IfNotExists:
    path: Path
    fallback: Operand


@dataclass(frozen=True, slots=True)
class ListAppend:
    first: Operand
    second: Operand


class Arithmetic(_Binary[Only["+", "-"]]):
    """``left + right`` or ``left - right`` in a SET action."""


Operand = Literal | PathRef | Size | IfNotExists | ListAppend | Arithmetic


# -- conditions ---------------------------------------------------------------------------------
class Compare(_Binary[Comparator]):
    """``left op right``."""


@dataclass(frozen=True, slots=True)
class Between:
    subject: Operand
    low: Operand
    high: Operand


@dataclass(frozen=True, slots=True)
class In:
    subject: Operand
    options: tuple[Operand, ...]


@dataclass(frozen=True, slots=True)
class Function:
    name: FunctionName
    subject: Operand  # a path (attribute_exists and attribute_not_exists take nothing else) or a value
    argument: Operand | None = None


class And(_Junction):
    """Both sides hold."""


class Or(_Junction):
    """Either side holds."""


@dataclass(frozen=True, slots=True)
class Not:
    inner: Condition


Condition = Compare | Between | In | Function | And | Or | Not


# -- updates ------------------------------------------------------------------------------------
class SetAction(_Action[Operand]):
    """``SET path = value``."""


class RemoveAction(_OnPath):
    """``REMOVE path``."""


class AddAction(_Action[Value]):
    """``ADD path value``: a number added, or set elements."""


class DeleteAction(_Action[Value | None]):
    """Removes elements of a set; without a value (legacy AttributeUpdates DELETE), the attribute."""


@dataclass(frozen=True, slots=True)
class Update:
    set: tuple[SetAction, ...] = ()
    remove: tuple[RemoveAction, ...] = ()
    add: tuple[AddAction, ...] = ()
    delete: tuple[DeleteAction, ...] = ()

    def actions(self) -> tuple[SetAction | RemoveAction | AddAction | DeleteAction, ...]:
        return (*self.set, *self.remove, *self.add, *self.delete)


def conjunction(parts: list[Condition], op: Only["AND", "OR"] = "AND") -> Condition | None:
    """Parts joined left to right with AND (or OR); None for no parts."""
    tree: Condition | None = None
    for part in parts:
        tree = part if tree is None else (And(tree, part) if op == "AND" else Or(tree, part))
    return tree


def show(path: Path) -> str:
    """A path as DynamoDB's messages print it, one element per part: ``[a, b, [0]]`` (list indexes as written)."""
    return "[" + ", ".join(f"[{part}]" if isinstance(part, int) else part for part in path) + "]"
