"""dronetally's JSON format: a list of reports, or an object with
``"reports"`` (and optionally ``"schema"``).  See README, "JSON".

The standard library parses; on a bad value, a small scanner walks the text
again to the value's JSON path, so every message has a line and column.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from dronetally.errors import InputError, InputErrors, SchemaError
from dronetally.findings import Location
from dronetally.io._text import line_col
from dronetally.io.tree import TreeError, report_from_dict, report_to_dict
from dronetally.limits import MAX_JSON_DEPTH, quote
from dronetally.report import Report
from dronetally.schema import DEFAULT_SCHEMA, Schema

scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # public, but not in typeshed
_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class _DuplicateKey(ValueError):
    pass


class _Scanner:
    """Finds where values are in JSON text that the standard library accepted."""

    def __init__(self, text: str) -> None:
        self.s = text

    def ws(self, i: int) -> int:
        m = _WS.match(self.s, i)
        assert m is not None
        return m.end()

    def members(self, i: int) -> tuple[list[tuple[str | int, int, int]], int]:
        """For the object or array at ``i``: (key or index, offset of the key or
        element, offset of the value) of each member, and the offset after it."""
        s = self.s
        opening = s[i]
        closing = "}" if opening == "{" else "]"
        out: list[tuple[str | int, int, int]] = []
        i = self.ws(i + 1)
        if s[i] == closing:
            return out, i + 1
        while True:
            if opening == "{":
                key, after = scanstring(s, i + 1)
                value = self.ws(self.ws(after) + 1)
                out.append((key, i, value))
            else:
                value = i
                out.append((len(out), i, value))
            i = self.ws(self.skip(value))
            if s[i] != ",":
                return out, i + 1
            i = self.ws(i + 1)

    def skip(self, i: int) -> int:
        """The offset just after the value at ``i``."""
        c = self.s[i]
        if c == '"':
            end: int = scanstring(self.s, i + 1)[1]
            return end
        if c in "[{":
            return self.members(i)[1]
        m = _SCALAR.match(self.s, i)
        assert m is not None, "text was accepted by json.loads"
        return m.end()

    def duplicate(self, i: int) -> tuple[int, str | int] | None:
        """(offset, key) of the first key given twice in one object, at or under ``i``."""
        if self.s[i] not in "[{":
            return None
        members, _ = self.members(i)
        seen: set[str | int] = set()
        for key, at, value in members:
            if key in seen:
                return at, key
            seen.add(key)
            found = self.duplicate(value)
            if found is not None:
                return found
        return None

    def value_at(self, path: Iterable[str | int]) -> int:
        """Offset of the value at ``path``."""
        i = self.ws(0)
        for step in path:
            i = next(v for k, _, v in self.members(i)[0] if k == step)
        return i

    def find(self, path: Iterable[str | int]) -> int:
        """Offset of the key (in an object) or element (in an array) at
        ``path``, or of the deepest part of it that exists."""
        i = self.ws(0)
        at = i
        for step in path:
            if self.s[i] not in "[{":
                break
            for key, key_at, value in self.members(i)[0]:
                if key == step:
                    at, i = key_at, value
                    break
            else:
                break
        return at


class _Constant(ValueError):
    pass


# a JSON string, or one of the constants Python's json accepts and JSON does not
_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 30:  # far past any count; Python refuses very long ones anyway
        raise _Constant(f"the number {text[:20]}...")
    return int(text)


def _reject_constant(name: str) -> Any:
    raise _Constant(name)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def locate(text: str, path: Iterable[str | int]) -> tuple[int, int]:
    """Line and column of the key or element at ``path`` in JSON text that
    parses (or of the deepest part of it there is)."""
    return line_col(text, _Scanner(text).find(path))


def parse(text: str, name: str, *, duplicates: bool = False) -> Any:
    """JSON text as Python values, strictly: no duplicate keys (unless
    ``duplicates``), no NaN or Infinity, no integer past 30 digits, nesting
    at most :data:`~dronetally.limits.MAX_JSON_DEPTH` deep; InputError,
    located, for each."""
    depth = _depth(text)
    if depth[0] > MAX_JSON_DEPTH:
        line, col = line_col(text, depth[1])
        raise InputError(f"JSON nested {depth[0]} deep; at most {MAX_JSON_DEPTH} (dronetally.limits.MAX_JSON_DEPTH)",
                         file=name, line=line, column=col)
    lone = _lone_surrogate(text)
    if lone is not None:
        line, col = line_col(text, lone)
        raise InputError(f"{text[lone:lone + 6]} is half of a UTF-16 pair, with no other half: no character",
                         file=name, line=line, column=col)
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_int=_bounded_int,
                          object_pairs_hook=None if duplicates else _no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno) from None
    except _DuplicateKey as exc:
        # a duplicate is met while parsing, perhaps before a syntax error further on:
        # the scanner walks only text that is JSON as a whole
        parse(text, name, duplicates=True)
        offset, key = _Scanner(text).duplicate(_Scanner(text).ws(0)) or (0, str(exc))
        line, col = line_col(text, offset)
        raise InputError(f"key {quote(str(key))} is given twice in one object",
                         file=name, line=line, column=col) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", file=name, line=1, column=1) from None
    except _Constant as exc:
        offset = next((m.start(1) for m in _CONSTANT.finditer(text) if m.group(1)), 0)
        message = f"not valid JSON: {exc} is not a number JSON allows"
        if str(exc).startswith("the number"):
            offset = next((m.start() for m in re.finditer(r"-?\d{31,}", text)), 0)
            message = f"{exc} has more digits than any count"
        line, col = line_col(text, offset)
        raise InputError(message, file=name, line=line, column=col) from None


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPE = re.compile(r"\\(?:u([dD][89a-fA-F][0-9a-fA-F]{2})|.)")


def _lone_surrogate(text: str) -> int | None:
    """The offset of a ``\\uD800``-``\\uDFFF`` escape that is not half of a
    pair (Python would make a string no encoding can write), or None."""
    if not _SURROGATE.search(text):
        return None
    high: int | None = None  # a high half just before, waiting for its low half
    end = -1
    for m in _ESCAPE.finditer(text):
        unit = None if m.group(1) is None else int(m.group(1), 16)
        low = unit is not None and unit >= 0xDC00
        if high is not None:
            if m.start() == end and low:
                high = None  # a pair: one character
                end = m.end()
                continue
            return high
        if low:
            return m.start()
        high = m.start() if unit is not None else None
        end = m.end()
    return high


def _depth(text: str) -> tuple[int, int]:
    """The deepest nesting of arrays and objects in ``text``, and the offset
    (in characters) of the first bracket past :data:`MAX_JSON_DEPTH`;
    brackets inside strings do not count.  In numpy, on the UTF-8 bytes:
    a quote is a string's edge unless an odd run of backslashes precedes it,
    and a bracket is inside a string when an odd number of edges precede it."""
    if "[" not in text and "{" not in text:
        return 0, 0
    raw = text.encode("utf-8", "surrogatepass")
    b = np.frombuffer(raw, np.uint8)
    quotes = np.flatnonzero(b == 34)
    after_backslash = quotes[(quotes > 0) & (b[np.maximum(quotes - 1, 0)] == 92)]
    if len(after_backslash):
        run = np.ones(len(after_backslash), np.int64)  # backslashes in a row before each: counted back
        going = after_backslash - run > 0
        while going.any():
            going &= b[np.maximum(after_backslash - run - 1, 0)] == 92
            run += going
            going &= after_backslash - run > 0
        escaped = after_backslash[run % 2 == 1]
        quotes = quotes[~np.isin(quotes, escaped, assume_unique=True)]
    brackets = np.flatnonzero((b == 91) | (b == 123) | (b == 93) | (b == 125))
    brackets = brackets[np.searchsorted(quotes, brackets) % 2 == 0]  # outside strings
    step = np.where((b[brackets] == 91) | (b[brackets] == 123), 1, -1)
    level = np.cumsum(step)
    deepest = int(level.max(initial=0))
    if deepest <= MAX_JSON_DEPTH:
        return deepest, 0
    at = int(brackets[np.argmax(level > MAX_JSON_DEPTH)])
    return deepest, len(raw[:at].decode("utf-8", "surrogatepass"))


#: What ``tally extract`` writes beside its reports (the numbers it did not use, the language): not read.
_EXTRACT_KEYS = {"unused", "lang"}


def read_json(text: str, name: str, schema: Schema | None = None) -> list[Report]:
    """Reports from dronetally JSON text; InputError, located, on bad input."""
    if not text.strip():
        raise InputError("empty file: expected a JSON list of reports", file=name, line=1, column=1)
    scanner = _Scanner(text)

    def fail(message: str, path: Iterable[str | int], field: str | None = None) -> InputError:
        line, col = line_col(text, scanner.find(path))
        return InputError(message, file=name, line=line, column=col, field=field)

    doc = parse(text, name)

    prefix: tuple[str, ...] = ()
    if isinstance(doc, dict):
        extra = set(doc) - {"reports", "schema"} - (_EXTRACT_KEYS if "reports" in doc else set())
        if extra and "reports" not in doc and "source" in doc:  # one report alone, as a ministry's feed gives it
            raise fail("one report, not a list of them: wrap it in a list, [{...}] (or in {\"reports\": [...]})", [])
        if extra:
            key = sorted(extra)[0]
            raise fail(f"unknown top-level key {key!r}; expected \"reports\" and optionally \"schema\"", [key])
        if "reports" not in doc:
            raise fail("expected a list of reports, or an object with \"reports\"", [])
        if "schema" in doc:
            try:
                schema = Schema.from_dict(doc["schema"])
            except SchemaError as exc:
                raise fail(f"schema: {exc}", ["schema"]) from None
        prefix = ("reports",)
        doc = doc["reports"]
    if not isinstance(doc, list):
        raise fail("expected a list of reports, or an object with \"reports\"", prefix)
    schema = schema or DEFAULT_SCHEMA
    starts = [at for _, at, _ in scanner.members(scanner.value_at(prefix))[0]]
    newlines = [m.start() for m in re.finditer("\n", text)]  # one pass: each report's line by bisection
    reports = []
    for i, item in enumerate(doc):
        location = Location(name, bisect.bisect_left(newlines, starts[i]) + 1)
        try:
            reports.append(report_from_dict(item, schema=schema, location=location))
        except TreeError as exc:
            path = (*prefix, i, *exc.path)
            field = ".".join(str(p) for p in exc.path) or None
            raise fail(str(exc), path, field) from None
    return reports


def is_json_lines(text: str) -> bool:
    """Whether ``text`` is JSON Lines (what ``jq -c`` writes): a first line that
    is one JSON object by itself, and more lines after it."""
    lines = iter(line for line in text.split("\n") if line.strip())  # (not splitlines: U+2028 may be in a string)
    first, second = next(lines, None), next(lines, None)
    if first is None or second is None or not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def read_json_lines(text: str, name: str, schema: Schema | None = None) -> list[Report]:
    """Reports from JSON Lines: one report, a JSON object, on each non-blank
    line.  Every bad line is reported (up to a limit), at its line and column."""
    from dronetally.table import MAX_ERRORS

    schema = schema or DEFAULT_SCHEMA
    if text.lstrip("\ufeff \t\r\n").startswith("["):
        raise InputError("a JSON list, not JSON Lines (one report a line): read it as JSON (--from json)",
                         file=name, line=1, column=1)
    reports: list[Report] = []
    bad: list[InputError] = []
    for number, line in enumerate(text.split("\n"), 1):  # JSON Lines end at \n alone: U+2028 may be in a string
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            item = parse(line, name)
            if not isinstance(item, dict):
                raise InputError("expected a report, a JSON object, on each line", file=name, line=1, column=1)
            reports.append(report_from_dict(item, schema=schema, location=Location(name, number)))
        except InputError as exc:
            exc.line = number
            bad.append(exc)
        except TreeError as exc:
            key = next((str(p) for p in reversed(exc.path) if isinstance(p, str)), None)  # the innermost key
            column = line.find(json.dumps(key)) + 1 if key else 1
            bad.append(InputError(str(exc), file=name, line=number, column=max(column, 1),
                                  field=".".join(str(p) for p in exc.path) or None))
    if bad:
        raise InputErrors(bad[:MAX_ERRORS], max(len(bad) - MAX_ERRORS, 0))
    return reports


def write_json(reports: Iterable[Report]) -> str:
    """Reports as dronetally JSON; a non-default schema is written with them."""
    reports = list(reports)
    items = [report_to_dict(r) for r in reports]
    doc: object = items
    if reports and reports[0].schema != DEFAULT_SCHEMA:
        doc = {"schema": reports[0].schema.to_dict(), "reports": items}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
