"""The recursive-descent parser of DynamoDB's expression language, producing ``tree`` nodes.

Placeholders (``#name``, ``:value``) are resolved as they are read and recorded as used,
because DynamoDB rejects unused ones; reserved words must be aliased; redundant parentheses
and more than 100 ``IN`` operands are refused, as DynamoDB does
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from wrapper.offline.dynamodb import tree as t
from wrapper.offline.dynamodb.errors import validation
from wrapper.offline.dynamodb.lexer import tokenize
from wrapper.offline.dynamodb.placeholders import Placeholders, reserved_words

__all__ = ["Parser", "Placeholders"]

MAX_IN_OPERANDS = 100
MAX_PATH_DEPTH = 32  # names and indexes in one document path, as an item's nesting is capped at 32 (ServiceQuotas.html)
MAX_LIST_INDEX = 2**31 - 1
COMPARATORS = {"=", "<>", "<", "<=", ">", ">="}
_CONDITION_FUNCTIONS = {"attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"}
_UPDATE_FUNCTIONS = {"if_not_exists", "list_append"}


class Parser:
    def __init__(self, text: str, placeholders: Placeholders, kind: str) -> None:
        self.kind = kind
        self.ph = placeholders
        self.text = text = text.rstrip()
        self.tokens, self.spans, bad = tokenize(text)
        if bad is not None:
            raise self.syntax_at(bad)
        self.i = 0

    def error(self, detail: str) -> Exception:
        return validation(f"Invalid {self.kind}: {detail}")

    def syntax_at(self, index: int) -> Exception:
        """DynamoDB's syntax error: the offending token (``<EOF>`` past the end) and the text from the
        token before it to the token after it, e.g. ``token: "-", near: "a-b"``, ``token: "<EOF>", near: ":v"``."""
        token = self.tokens[index][1] if index < len(self.tokens) else "<EOF>"
        first = self.spans[max(index - 1, 0)][0] if self.spans else 0
        last = self.spans[min(index + 1, len(self.spans) - 1)][1] if self.spans else 0
        return self.error(f'Syntax error; token: "{token}", near: "{self.text[first:last]}"')

    def syntax_here(self) -> Exception:
        """A syntax error at the token just taken."""
        return self.syntax_at(self.i - 1)

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        index = self.i + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def is_word(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1].upper() == word

    def is_op(self, op: str) -> bool:
        return self.peek() == ("op", op)

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise self.syntax_at(len(self.tokens))
        self.i += 1
        return token

    def expect_op(self, op: str) -> None:
        kind, text = self.take()
        if kind != "op" or text != op:
            raise self.syntax_here()

    def done(self) -> None:
        token = self.peek()
        if token is not None:
            raise self.syntax_at(self.i)

    # -- operands ------------------------------------------------------------------------------
    def path(self) -> t.Path:
        parts: list[str | int] = [self.attribute_name()]
        while True:
            if self.is_op("."):
                self.take()
                parts.append(self.attribute_name())
            elif self.is_op("["):
                self.take()
                kind, text = self.take()
                if kind != "num":
                    raise self.syntax_here()
                if int(text) > MAX_LIST_INDEX:
                    raise self.error(f"List index is not within the allowable range; index: [{text}]")
                parts.append(int(text))
                self.expect_op("]")
            elif len(parts) > MAX_PATH_DEPTH:
                raise self.error(f"The document path has too many nesting levels; nesting levels: {len(parts)}")
            else:
                return tuple(parts)

    def attribute_name(self) -> str:
        kind, text = self.take()
        if kind == "name":
            if text not in self.ph.names:
                raise self.error(f"An expression attribute name used in the document path is not defined; attribute name: {text}")
            self.ph.used_names.add(text)
            return self.ph.names[text]
        if kind == "word":
            if text.upper() in reserved_words():
                raise self.error(f"Attribute name is a reserved keyword; reserved keyword: {text}")
            return text
        raise self.syntax_here()

    def value(self) -> t.Value:
        kind, text = self.take()
        if kind != "value":
            raise self.syntax_here()
        if text not in self.ph.values:
            raise self.error(f"An expression attribute value used in expression is not defined; attribute value: {text}")
        self.ph.used_values.add(text)
        return cast(t.Value, self.ph.values[text])

    def operand(self) -> t.Operand:
        token = self.peek()
        if token is not None and token[0] == "value":
            return t.Literal(self.value())
        if token is not None and token[0] == "word" and self.peek(1) == ("op", "("):
            name = token[1]
            if name == "size":
                self.take()
                (subject,) = self.arguments(name, 1)
                return t.Size(subject)
            if self.kind == "UpdateExpression" and name in _UPDATE_FUNCTIONS:
                self.take()
                self.expect_op("(")
                if name == "if_not_exists":
                    path = self.path()
                    self.expect_op(",")
                    fallback = self.operand()
                    self.expect_op(")")
                    return t.IfNotExists(path, fallback)
                first = self.operand()
                self.expect_op(",")
                second = self.operand()
                self.expect_op(")")
                if isinstance(first, t.ListAppend) or isinstance(second, t.ListAppend):
                    # DynamoDB parses list_append(list_append(...), ...) and then refuses it, unlike nested if_not_exists
                    raise self.error(f"The function is not allowed to be used this way in an expression; function: {name}")
                return t.ListAppend(first, second)
            if name in _CONDITION_FUNCTIONS or name in _UPDATE_FUNCTIONS:
                raise self.error(f"The function is not allowed to be used this way in an expression; function: {name}")
            raise self.error(f"Invalid function name; function: {name}")
        return t.PathRef(self.path())

    # -- conditions ----------------------------------------------------------------------------
    def condition(self) -> t.Condition:
        return self.chain("OR", self.conjunction, t.Or)

    def conjunction(self) -> t.Condition:
        return self.chain("AND", self.negation, t.And)

    def chain(self, word: str, part: Callable[[], t.Condition], join: Callable[[t.Condition, t.Condition], t.Condition]) -> t.Condition:
        """``part (word part)*``, joined left to right: AND binds tighter than OR by calling one from the other."""
        left = part()
        while self.is_word(word):
            self.take()
            left = join(left, part())
        return left

    def negation(self) -> t.Condition:
        if self.is_word("NOT"):
            self.take()
            return t.Not(self.negation())
        return self.predicate()

    def predicate(self) -> t.Condition:
        if self.is_op("("):
            self.take()
            if self.is_op("(") and self._closes_right_after_group():
                raise self.error("The expression has redundant parentheses;")
            inner = self.condition()
            self.expect_op(")")
            return inner
        token = self.peek()
        if token is not None and token[0] == "word" and token[1] in _CONDITION_FUNCTIONS and self.peek(1) == ("op", "("):
            return self.function(cast(t.FunctionName, self.take()[1]))
        left = self.operand()
        if self.is_word("BETWEEN"):
            self.take()
            low = self.operand()
            if not self.is_word("AND"):
                raise self.syntax_at(self.i)
            self.take()
            return t.Between(left, low, self.operand())
        if self.is_word("IN"):
            self.take()
            options = self.operand_list()
            if len(options) > MAX_IN_OPERANDS:
                raise self.error(
                    f"The IN operator is provided with too many operands; number of operands: {len(options)}, "
                    f"maximum allowed: {MAX_IN_OPERANDS}"
                )
            return t.In(left, tuple(options))
        kind, op = self.take()
        if kind != "op" or op not in COMPARATORS:
            raise self.syntax_here()
        return t.Compare(cast(t.Comparator, op), left, self.operand())

    def function(self, name: t.FunctionName) -> t.Condition:
        """A condition function; any operand may be a value given in the request, except what must be a path:
        attribute_exists' and attribute_not_exists' only one, and attribute_type's first."""
        args = self.arguments(name, 1 if name in ("attribute_exists", "attribute_not_exists") else 2)
        if name in ("attribute_exists", "attribute_not_exists") and not isinstance(args[0], t.PathRef):
            raise self.error(f"Operator or function requires a document path; operator or function: {name}")
        return t.Function(name, args[0], args[1] if len(args) > 1 else None)

    def arguments(self, name: str, count: int) -> list[t.Operand]:
        """A function's parenthesised operands, exactly ``count`` of them."""
        args = self.operand_list()
        if len(args) != count:
            raise self.error(f"Incorrect number of operands for operator or function; operator or function: {name}, number of operands: {len(args)}")
        return args

    def operand_list(self) -> list[t.Operand]:
        """``( operand, operand, ... )``: an IN list or a function's arguments, at least one."""
        self.expect_op("(")
        operands = [self.operand()]
        while self.is_op(","):
            self.take()
            operands.append(self.operand())
        self.expect_op(")")
        return operands

    def _closes_right_after_group(self) -> bool:
        """At ``((``: whether the inner group's ``)`` is followed at once by the outer one's."""
        depth = 0
        for index in range(self.i, len(self.tokens)):
            token = self.tokens[index]
            if token == ("op", "("):
                depth += 1
            elif token == ("op", ")"):
                depth -= 1
                if depth == 0:
                    return index + 1 < len(self.tokens) and self.tokens[index + 1] == ("op", ")")
        return False

    # -- updates -------------------------------------------------------------------------------
    def update(self) -> t.Update:
        sections: dict[str, list[Any]] = {}
        while self.peek() is not None:
            kind, word = self.take()
            section = word.upper() if kind == "word" else ""
            if section not in ("SET", "REMOVE", "ADD", "DELETE"):
                raise self.syntax_here()
            if section in sections:
                raise self.error(f'The "{section}" section can only be used once in an update expression;')
            actions = sections[section] = []
            while True:
                path = self.path()
                if section == "SET":
                    self.expect_op("=")
                    actions.append(t.SetAction(path, self.set_value()))
                elif section == "REMOVE":
                    actions.append(t.RemoveAction(path))
                elif section == "ADD":
                    actions.append(t.AddAction(path, self.value()))
                else:
                    actions.append(t.DeleteAction(path, self.value()))
                if not self.is_op(","):
                    break
                self.take()
        if not sections:
            raise self.syntax_at(len(self.tokens))
        return t.Update(
            set=tuple(sections.get("SET", [])),
            remove=tuple(sections.get("REMOVE", [])),
            add=tuple(sections.get("ADD", [])),
            delete=tuple(sections.get("DELETE", [])),
        )

    def set_value(self) -> t.Operand:
        left = self.operand()
        if self.is_op("+") or self.is_op("-"):
            plus = self.take()[1] == "+"
            return t.Arithmetic("+" if plus else "-", left, self.operand())
        return left
