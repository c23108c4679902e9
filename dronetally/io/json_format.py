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

from dronetally.errors import InputError, SchemaError
from dronetally.findings import Location
from dronetally.io._text import line_col
from dronetally.io.tree import TreeError, report_from_dict, report_to_dict
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


def read_json(text: str, name: str, schema: Schema | None = None) -> list[Report]:
    """Reports from dronetally JSON text; InputError, located, on bad input."""
    if not text.strip():
        raise InputError("empty file: expected a JSON list of reports", file=name, line=1, column=1)
    scanner = _Scanner(text)

    def fail(message: str, path: Iterable[str | int], field: str | None = None) -> InputError:
        line, col = line_col(text, scanner.find(path))
        return InputError(message, file=name, line=line, column=col, field=field)

    try:
        doc = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates,
                         parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno) from None
    except _DuplicateKey as exc:
        offset, key = scanner.duplicate(scanner.ws(0)) or (0, str(exc))
        line, col = line_col(text, offset)
        raise InputError(f"key {key!r} is given twice in one object", file=name, line=line, column=col) from None
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

    prefix: tuple[str, ...] = ()
    if isinstance(doc, dict):
        extra = set(doc) - {"reports", "schema"}
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


def write_json(reports: Iterable[Report]) -> str:
    """Reports as dronetally JSON; a non-default schema is written with them."""
    reports = list(reports)
    items = [report_to_dict(r) for r in reports]
    doc: object = items
    if reports and reports[0].schema != DEFAULT_SCHEMA:
        doc = {"schema": reports[0].schema.to_dict(), "reports": items}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
