"""A small, bounded reader for the Python-literal text that some published
datasets put in CSV cells: ``{'belarus': 1.0}``, ``['Kharkiv oblast']``,
``{'south': 61, 'east': NaN}``.

It reads dicts, lists, quoted strings, numbers and ``NaN``/``None`` (both
"unknown"), and nothing else: no names, calls or operators, so there is
nothing to evaluate.  Input is limited in size and nesting.  Numbers come
back as their text, so the caller decides what an integer is.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

MAX_CHARS = 20_000
MAX_DEPTH = 4

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
    | (?P<unknown>NaN|nan|None)
    | (?P<punct>[{}\[\],:])
    )""",
    re.X,
)


class LiteralError(ValueError):
    """Text that is not a literal of the accepted forms; ``offset`` is where."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written (``"236.0"``)."""

    text: str


Value = dict[str, "Value"] | list["Value"] | str | Number | None


def parse(text: str) -> Value:
    """The value written in ``text``; ``None`` for NaN or None."""
    if text == "{}":  # most cells of a breakdown column are empty
        return {}
    if len(text) > MAX_CHARS:
        raise LiteralError(f"longer than {MAX_CHARS:,} characters", 0)
    tokens = []
    pos = 0
    stripped_end = len(text.rstrip())
    while pos < stripped_end:
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            at = len(text) - len(text[pos:].lstrip())
            raise LiteralError(f"unexpected {text[at:at + 10]!r}", at)
        kind = m.lastgroup
        assert kind is not None
        tokens.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    if not tokens:
        raise LiteralError("empty", 0)
    value, end = _value(tokens, 0, 0)
    if end != len(tokens):
        raise LiteralError(f"unexpected {tokens[end][1]!r} after the value", tokens[end][2])
    return value


def _value(tokens: list[tuple[str, str, int]], i: int, depth: int) -> tuple[Value, int]:
    if i >= len(tokens):
        raise LiteralError("ends too early", tokens[-1][2] + len(tokens[-1][1]))
    kind, text, at = tokens[i]
    if kind == "str":
        # only a string with escapes needs Python's own (safe) reading of it
        if "\\" not in text:
            return text[1:-1], i + 1
        try:
            return str(ast.literal_eval(text)), i + 1
        except (SyntaxError, ValueError) as exc:
            raise LiteralError(f"bad escape in {text[:20]!r}: {exc}", at) from None
    if kind == "num":
        return Number(text), i + 1
    if kind == "unknown":
        return None, i + 1
    if text not in "{[":
        raise LiteralError(f"unexpected {text!r}", at)
    if depth >= MAX_DEPTH:
        raise LiteralError(f"nested deeper than {MAX_DEPTH}", at)
    closing = "}" if text == "{" else "]"
    items: list[Value] = []
    pairs: dict[str, Value] = {}
    i += 1
    while True:
        if i < len(tokens) and tokens[i][1] == closing:
            return (pairs if text == "{" else items), i + 1
        if text == "{":
            key, i = _value(tokens, i, depth + 1)
            if not isinstance(key, str):
                raise LiteralError("a key must be a quoted string", tokens[i - 1][2])
            if key in pairs:
                raise LiteralError(f"key {key!r} is given twice", tokens[i - 1][2])
            if i >= len(tokens) or tokens[i][1] != ":":
                raise LiteralError("expected ':' after a key", tokens[min(i, len(tokens) - 1)][2])
            pairs[key], i = _value(tokens, i + 1, depth + 1)
        else:
            item, i = _value(tokens, i, depth + 1)
            items.append(item)
        if i < len(tokens) and tokens[i][1] == ",":
            i += 1
        elif i >= len(tokens) or tokens[i][1] != closing:
            where = tokens[i][2] if i < len(tokens) else tokens[-1][2]
            raise LiteralError(f"expected ',' or {closing!r}", where)
