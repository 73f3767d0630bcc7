"""The tokens of DynamoDB's expression language, with where each stands in the text."""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<name>#[A-Za-z0-9_]+)|(?P<value>:[A-Za-z0-9_]+)|(?P<word>[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<op><>|<=|>=|[=<>()\[\].,+-]))"
)

Token = tuple[str, str]  # (kind, text): kind is num, name, value, word, op, or bad
Span = tuple[int, int]


def tokenize(text: str) -> tuple[list[Token], list[Span], int | None]:
    """The tokens and their spans; the index of the first character no token starts with, if any.

    After a bad character the spans hold one more: the next token's (or character's), since
    DynamoDB's syntax errors quote the text "near" the fault.
    """
    tokens: list[Token] = []
    spans: list[Span] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            start = len(text[pos:]) - len(text[pos:].lstrip()) + pos
            tokens.append(("bad", text[start]))
            spans.append((start, start + 1))
            after = _TOKEN.match(text, start + 1)
            if after is not None and after.lastgroup is not None:
                spans.append(after.span(after.lastgroup))
            elif text[start + 1 :].strip():  # another character no token starts with: "!!"
                following = len(text) - len(text[start + 1 :].lstrip())
                spans.append((following, following + 1))
            return tokens, spans, len(tokens) - 1
        group = match.lastgroup
        assert group is not None
        tokens.append((group, match.group(group)))
        spans.append(match.span(group))
        pos = match.end()
    return tokens, spans, None
