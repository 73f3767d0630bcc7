"""DynamoDB's expression language: condition, key condition, update and projection expressions.

A tokenizer and a recursive-descent parser produce small tuples that ``evaluate.py``
interprets. Placeholders (``#name``, ``:value``) are resolved at parse time, and the
parser records which ones it used, because DynamoDB rejects unused ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wrapper.offline.dynamodb.errors import validation

# A path is a tuple of attribute names (str) and list indexes (int).
Path = tuple[str | int, ...]

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<name>#[A-Za-z0-9_]+)|(?P<value>:[A-Za-z0-9_]+)|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><>|<=|>=|[=<>()\[\].,+-]))"
)
_COMPARATORS = {"=", "<>", "<", "<=", ">", ">="}
_CONDITION_FUNCTIONS = {"attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"}


@dataclass
class Placeholders:
    names: dict[str, str]
    values: dict[str, Any]
    used_names: set[str] = field(default_factory=set)
    used_values: set[str] = field(default_factory=set)

    def check_all_used(self) -> None:
        unused_values = sorted(set(self.values) - self.used_values)
        if unused_values:
            raise validation(f"Value provided in ExpressionAttributeValues unused in expressions: keys: {{{', '.join(unused_values)}}}")
        unused_names = sorted(set(self.names) - self.used_names)
        if unused_names:
            raise validation(f"Value provided in ExpressionAttributeNames unused in expressions: keys: {{{', '.join(unused_names)}}}")


class _Parser:
    def __init__(self, text: str, placeholders: Placeholders, kind: str) -> None:
        self.text = text
        self.kind = kind
        self.ph = placeholders
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None or match.end() == pos:
                raise self.error(f'Syntax error; token: "{text[pos:].split()[0] if text[pos:].split() else text[pos:]}"')
            group = match.lastgroup
            assert group is not None
            self.tokens.append((group, match.group(group)))
            pos = match.end()
        self.i = 0

    def error(self, detail: str) -> Exception:
        return validation(f"Invalid {self.kind}: {detail}")

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        index = self.i + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def is_word(self, word: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token[0] == "word" and token[1].upper() == word

    def is_op(self, op: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "op" and token[1] == op

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise self.error("Syntax error; token: <EOF>")
        self.i += 1
        return token

    def expect_op(self, op: str) -> None:
        kind, text = self.take()
        if kind != "op" or text != op:
            raise self.error(f'Syntax error; token: "{text}", expected "{op}"')

    def done(self) -> None:
        if self.peek() is not None:
            raise self.error(f'Syntax error; token: "{self.peek()[1]}"')  # type: ignore[index]

    # -- operands ------------------------------------------------------------------------------
    def path(self) -> Path:
        parts: list[str | int] = [self.attribute_name()]
        while True:
            if self.is_op("."):
                self.take()
                parts.append(self.attribute_name())
            elif self.is_op("["):
                self.take()
                kind, text = self.take()
                if kind != "num":
                    raise self.error(f'Syntax error; token: "{text}", a list index must be a number')
                parts.append(int(text))
                self.expect_op("]")
            else:
                return tuple(parts)

    def attribute_name(self) -> str:
        kind, text = self.take()
        if kind == "name":
            if text not in self.ph.names:
                raise validation(
                    f"Invalid {self.kind}: An expression attribute name used in the document path is not defined; attribute name: {text}"
                )
            self.ph.used_names.add(text)
            return self.ph.names[text]
        if kind == "word":
            return text
        raise self.error(f'Syntax error; token: "{text}"')

    def value(self) -> Any:
        kind, text = self.take()
        if kind != "value":
            raise self.error(f'Syntax error; token: "{text}", expected a value placeholder')
        if text not in self.ph.values:
            raise validation(
                f"Invalid {self.kind}: An expression attribute value used in expression is not defined; attribute value: {text}"
            )
        self.ph.used_values.add(text)
        return self.ph.values[text]

    def operand(self) -> tuple[Any, ...]:
        token = self.peek()
        if token is not None and token[0] == "value":
            return ("value", self.value())
        if token is not None and token[0] == "word" and self.peek(1) == ("op", "("):
            name = token[1]
            if name == "size":
                self.take()
                self.expect_op("(")
                path = self.path()
                self.expect_op(")")
                return ("size", path)
            if self.kind == "UpdateExpression" and name in ("if_not_exists", "list_append"):
                self.take()
                self.expect_op("(")
                first = self.path_operand() if name == "if_not_exists" else self.operand()
                self.expect_op(",")
                second = self.operand()
                self.expect_op(")")
                return (name, first, second)
            raise self.error(f"Invalid function name; function: {name}")
        return ("path", self.path())

    def path_operand(self) -> tuple[Any, ...]:
        return ("path", self.path())

    # -- conditions ----------------------------------------------------------------------------
    def condition(self) -> tuple[Any, ...]:
        left = self.conjunction()
        while self.is_word("OR"):
            self.take()
            left = ("or", left, self.conjunction())
        return left

    def conjunction(self) -> tuple[Any, ...]:
        left = self.negation()
        while self.is_word("AND"):
            self.take()
            left = ("and", left, self.negation())
        return left

    def negation(self) -> tuple[Any, ...]:
        if self.is_word("NOT"):
            self.take()
            return ("not", self.negation())
        return self.predicate()

    def predicate(self) -> tuple[Any, ...]:
        if self.is_op("("):
            self.take()
            inner = self.condition()
            self.expect_op(")")
            return inner
        token = self.peek()
        if token is not None and token[0] == "word" and token[1] in _CONDITION_FUNCTIONS and self.peek(1) == ("op", "("):
            name = self.take()[1]
            self.expect_op("(")
            path = self.path()
            args = []
            while self.is_op(","):
                self.take()
                args.append(self.operand())
            self.expect_op(")")
            expected = 0 if name in ("attribute_exists", "attribute_not_exists") else 1
            if len(args) != expected:
                raise self.error(
                    f"Incorrect number of operands for operator or function; operator or function: {name}, number of operands: {len(args) + 1}"
                )
            return ("function", name, path, *args)
        left = self.operand()
        if self.is_word("BETWEEN"):
            self.take()
            low = self.operand()
            if not self.is_word("AND"):
                raise self.error("Syntax error; BETWEEN needs AND")
            self.take()
            return ("between", left, low, self.operand())
        if self.is_word("IN"):
            self.take()
            self.expect_op("(")
            options = [self.operand()]
            while self.is_op(","):
                self.take()
                options.append(self.operand())
            self.expect_op(")")
            return ("in", left, options)
        kind, op = self.take()
        if kind != "op" or op not in _COMPARATORS:
            raise self.error(f'Syntax error; token: "{op}"')
        return ("compare", op, left, self.operand())

    # -- updates -------------------------------------------------------------------------------
    def update(self) -> dict[str, list[tuple[Any, ...]]]:
        clauses: dict[str, list[tuple[Any, ...]]] = {}
        while self.peek() is not None:
            kind, word = self.take()
            clause = word.upper() if kind == "word" else ""
            if clause not in ("SET", "REMOVE", "ADD", "DELETE"):
                raise self.error(f'Syntax error; token: "{word}"')
            if clause in clauses:
                raise self.error(f'The "{clause}" section can only be used once in an update expression;')
            actions = clauses[clause] = []
            while True:
                path = self.path()
                if clause == "SET":
                    self.expect_op("=")
                    actions.append((path, self.set_value()))
                elif clause == "REMOVE":
                    actions.append((path,))
                else:
                    actions.append((path, ("value", self.value())))
                if not self.is_op(","):
                    break
                self.take()
        if not clauses:
            raise self.error("Syntax error; token: <EOF>")
        return clauses

    def set_value(self) -> tuple[Any, ...]:
        left = self.operand()
        if self.is_op("+") or self.is_op("-"):
            op = self.take()[1]
            return ("arith", op, left, self.operand())
        return left


def parse_condition(text: str, placeholders: Placeholders, kind: str = "ConditionExpression") -> tuple[Any, ...]:
    if not text.strip():
        raise validation(f"Invalid {kind}: The expression can not be empty;")
    parser = _Parser(text, placeholders, kind)
    tree = parser.condition()
    parser.done()
    return tree


def parse_update(text: str, placeholders: Placeholders) -> dict[str, list[tuple[Any, ...]]]:
    parser = _Parser(text, placeholders, "UpdateExpression")
    clauses = parser.update()
    seen: set[Path] = set()
    for actions in clauses.values():
        for action in actions:
            path = action[0]
            for other in seen:
                if path[: len(other)] == other or other[: len(path)] == path:
                    raise validation(
                        f"Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {_show(other)}, path two: {_show(path)}"
                    )
            seen.add(path)
    return clauses


def parse_projection(text: str, placeholders: Placeholders) -> list[Path]:
    parser = _Parser(text, placeholders, "ProjectionExpression")
    paths = [parser.path()]
    while parser.is_op(","):
        parser.take()
        paths.append(parser.path())
    parser.done()
    return paths


def _show(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return f"[{out}]"
