"""Reports: one source's statement about one time window, as an immutable
account tree with its provenance.

In a report, figures are kept flat, by canonical key (``launched``,
``diverted.destination.Belarus``); :func:`figures_from_tree` and
:func:`figures_to_tree` convert to and from the nested form of the JSON format.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from dronetally.count import Count
from dronetally.errors import CountError, SchemaError
from dronetally.schema import DEFAULT_SCHEMA, METADATA_FIELDS, Schema, check_part_name, part_key

if TYPE_CHECKING:
    from dronetally.findings import Findings

FigureValue = Count | int | str
_ISO_MINUTE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?")
Path = tuple[str | int, ...]


class TreeError(SchemaError):
    """A bad figure or key inside a report's tree; ``path`` says where."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True, slots=True)
class Location:
    """Where a report was read from: file name as given, 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


def _figure(value: object, path: Path) -> Count | None:
    """A figure value from JSON or Python: Count, or None for ``?`` (named)."""
    if isinstance(value, Count):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TreeError(
            f"figure must be a whole number or a string such as \">40\" or \"?\", got {value!r}", path
        )
    if isinstance(value, str):
        if value.strip() == "?":
            return None
        try:
            return Count.parse(value)
        except CountError as exc:
            raise TreeError(str(exc), path) from None
    try:
        return Count.exact(value)
    except CountError:
        if value < 0:
            raise TreeError(f"{value} is negative; a count is 0 or more", path) from None
        raise TreeError(f"{value} is too large for a count", path) from None


def check_date(value: str | None, name: str) -> str | None:
    """ISO 8601 date or date-time, normalised; a date alone stays a date."""
    if value is None:
        return None
    if isinstance(value, str) and _ISO_MINUTE.fullmatch(value):  # already normal: 2024-12-21 or 2024-12-21T19:00
        try:
            (_dt.date if len(value) == 10 else _dt.datetime).fromisoformat(value)
            return value
        except ValueError:
            pass  # 2024-02-30: the full check below says what is wrong
    if not isinstance(value, str):
        raise SchemaError(f"{name} must be an ISO 8601 date or date-time string, got {value!r}")
    text = value.strip()
    try:
        if len(text) == 10:
            return _dt.date.fromisoformat(text).isoformat()
        moment = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise SchemaError(
            f"{name} {value!r} is not an ISO 8601 date (2024-12-21) or date-time (2024-12-21T19:00)"
        ) from None
    spec = "minutes" if moment.second == 0 and moment.microsecond == 0 else "seconds"
    return moment.isoformat(timespec=spec)


@dataclass(frozen=True)
class Report:
    """One source's statement about one window.

    ``figures`` maps a node (``"launched"``, ``"diverted.Belarus"``,
    ``"shot_down.region.Oryol"``) to a figure: an int, a written form such as
    ``">40"``, a :class:`Count`, or ``"?"`` for a node the statement names
    without a figure.  ``complete`` lists the dimensions the statement declares
    complete (``"launched.outcome"``); every other dimension is partial.
    """

    source: str
    figures: Mapping[str, Count] = field(default_factory=dict)
    complete: frozenset[str] = frozenset()
    named: frozenset[str] = frozenset()
    id: str | None = None
    scope: str | None = None
    window_start: str | None = None
    window_end: str | None = None
    timezone: str | None = None
    published: str | None = None
    attacker: str | None = None
    defender: str | None = None
    weapon: str | None = None
    link: str | None = None
    quotes: Mapping[str, str] = field(default_factory=dict)
    metadata: Mapping[str, str] = field(default_factory=dict)
    location: Location | None = field(default=None, compare=False)
    schema: Schema = field(default=DEFAULT_SCHEMA, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.source, str) or not self.source.strip():
            raise SchemaError("a report needs a source: who makes the statement")
        schema = self.schema
        figures: dict[str, Count] = {}
        named = set()
        for raw in self.named:
            named.add(schema.resolve(raw))
        for raw_key, value in self.figures.items():
            key = schema.resolve(raw_key)
            if key in figures or (key in named and raw_key not in self.named):
                raise SchemaError(f"{raw_key!r}: the same node is given twice")
            fig = _figure(value, (raw_key,))
            if fig is None:
                named.add(key)
            else:
                figures[key] = fig
        both = named & figures.keys()
        if both:
            raise SchemaError(f"{sorted(both)[0]!r} is both named (?) and given a figure")
        complete = set()
        for dim_key in self.complete:
            complete.add(schema.dimension(dim_key).key)
        quotes = {schema.resolve(k): str(v) for k, v in self.quotes.items()}
        set_ = object.__setattr__
        set_(self, "figures", MappingProxyType(figures))
        set_(self, "named", frozenset(named))
        set_(self, "complete", frozenset(complete))
        set_(self, "quotes", MappingProxyType(quotes))
        set_(self, "metadata", MappingProxyType(dict(self.metadata)))
        for name in ("window_start", "window_end", "published"):
            set_(self, name, check_date(getattr(self, name), name))

    @classmethod
    def _checked_by_caller(cls, **fields: Any) -> Report:
        """A report from values a reader has already checked: canonical keys,
        :class:`Count` figures, normal ISO dates.  It skips the work of
        ``__post_init__``, which reading a large dataset would repeat for
        every row; everything else must use the constructor."""
        unknown = fields.keys() - _DEFAULTS.keys()
        if unknown or not fields.get("source"):
            raise TypeError(f"unknown report fields {sorted(unknown)}, or no source")
        values = {**_DEFAULTS, **fields}
        for name in ("figures", "quotes", "metadata"):
            values[name] = MappingProxyType(dict(values[name]))
        for name in ("named", "complete"):
            values[name] = frozenset(values[name])
        report = object.__new__(cls)
        report.__dict__.update(values)  # a frozen dataclass without slots keeps its fields here
        return report

    # -- reading -------------------------------------------------------
    @property
    def precision(self) -> str | None:
        """``"date"`` when the window is given as dates alone, else ``"minute"``."""
        if self.window_start is None:
            return None
        return "date" if len(self.window_start) == 10 else "minute"

    @property
    def window(self) -> str:
        """The window as a person reads it."""
        start, end = self.window_start, self.window_end
        text = " to ".join(s.replace("T", " ") for s in (start, end) if s)
        if text and self.timezone:
            text += f" ({self.timezone})"
        return text

    def label(self) -> str:
        """Short name for messages: id, else source and window."""
        if self.id:
            return self.id
        return f"{self.source}, {self.window}" if self.window else self.source

    def check(self) -> Findings:
        """Every finding of the rules on this report (a one-row ledger)."""
        from dronetally.ledger import Ledger

        return Ledger([self]).check()

    def evolve(self, **changes: Any) -> Report:
        """A copy with the given fields changed.  New ``figures`` replace the
        old ones whole, named nodes (``"?"``) included."""
        if "figures" in changes:
            changes.setdefault("named", frozenset())
        return dataclasses.replace(self, **changes)

    # -- conversion ------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The report in dronetally's JSON form (see README, "JSON")."""
        out: dict[str, Any] = {}
        for name in METADATA_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out["figures"] = figures_to_tree(self.figures, self.named, self.schema)
        if self.complete:
            out["complete"] = sorted(self.complete)
        if self.quotes:
            out["quotes"] = dict(self.quotes)
        if self.metadata:
            out["metadata"] = dict(self.metadata)
        return out

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, schema: Schema = DEFAULT_SCHEMA,
        location: Location | None = None,
    ) -> Report:
        """Build a report from its JSON form.  Errors are :class:`TreeError`
        with the JSON path of the bad value."""
        if not isinstance(data, Mapping):
            raise TreeError("a report is a JSON object", ())
        unknown = set(data) - _REPORT_KEYS
        if unknown:
            key = sorted(unknown)[0]
            raise TreeError(f"unknown report key {key!r}; known keys: {', '.join(sorted(_REPORT_KEYS))}", (key,))
        kwargs: dict[str, Any] = {}
        for name in METADATA_FIELDS:
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise TreeError(f"{name} must be a string, got {value!r}", (name,))
            kwargs[name] = value
        if kwargs.get("source") is None:
            raise TreeError("a report needs a \"source\": who makes the statement", ())
        tree = data.get("figures", {})
        figures, named = figures_from_tree(tree, schema, ("figures",))
        complete = data.get("complete", [])
        if not isinstance(complete, list) or not all(isinstance(c, str) for c in complete):
            raise TreeError("complete must be a list of dimensions such as \"launched.outcome\"", ("complete",))
        for i, dim_key in enumerate(complete):
            try:
                schema.dimension(dim_key)
            except SchemaError as exc:
                raise TreeError(str(exc), ("complete", i)) from None
        for name in ("quotes", "metadata"):
            value = data.get(name, {})
            if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
                raise TreeError(f"{name} must be an object of strings", (name,))
            kwargs[name] = value
        for name in ("window_start", "window_end", "published"):
            try:
                check_date(kwargs[name], name)
            except SchemaError as exc:
                raise TreeError(str(exc), (name,)) from None
        try:
            return cls(
                figures=figures, named=frozenset(named), complete=frozenset(complete),
                location=location, schema=schema, **kwargs,
            )
        except SchemaError as exc:
            raise TreeError(str(exc), ()) from None


#: Every field of a report with its default (an empty mapping for mappings).
_DEFAULTS: dict[str, Any] = {
    f.name: {} if f.default is dataclasses.MISSING else f.default for f in dataclasses.fields(Report)
}

_REPORT_KEYS = {*METADATA_FIELDS, "figures", "complete", "quotes", "metadata"}


def figures_from_tree(
    tree: object, schema: Schema, path: Path = ()
) -> tuple[dict[str, Count], set[str]]:
    """Flatten the nested JSON form into (figures by key, named keys).

    A node's value is a figure (``103``, ``">40"``, ``"?"``) or an object with
    an optional ``"count"`` and one key per dimension, whose value maps part
    names to part values.  Schema nodes may also stand at the top level.
    """
    figures: dict[str, Count] = {}
    named: set[str] = set()
    if not isinstance(tree, Mapping):
        raise TreeError("figures must be an object of node: figure", path)

    def put(key: str, value: object, where: Path) -> None:
        if key in figures or key in named:
            raise TreeError(f"{key!r} is given twice", where)
        fig = _figure(value, where)
        if fig is None:
            named.add(key)
        else:
            figures[key] = fig

    def node(name: str, value: object, where: Path) -> None:
        if not isinstance(value, Mapping):
            put(name, value, where)
            return
        spec = schema.nodes[name]
        for key, sub in value.items():
            here = (*where, key)
            if key == "count":
                put(name, sub, here)
                continue
            dim = spec.dimension(key)
            if dim is None:
                dims = ", ".join(d.name for d in spec.dimensions) or "none"
                raise TreeError(
                    f"{name} has no dimension {key!r} (its dimensions: {dims}; its figure is \"count\")", here
                )
            if not isinstance(sub, Mapping):
                raise TreeError(f"{dim.key} must be an object of part: figure", here)
            for part, part_value in sub.items():
                there = (*here, part)
                if dim.parts is None:
                    try:
                        key_ = part_key(name, dim.name, check_part_name(part))
                    except SchemaError as exc:
                        raise TreeError(str(exc), there) from None
                    if isinstance(part_value, Mapping):
                        raise TreeError(
                            f"{part!r} is a part of the open dimension {dim.key} and has no dimensions", there
                        )
                    put(key_, part_value, there)
                elif part in dim.parts:
                    node(part, part_value, there)
                else:
                    raise TreeError(f"{part!r} is not a part of {dim.key} (its parts: {', '.join(dim.parts)})", there)

    for name, value in tree.items():
        where = (*path, name)
        if name in schema.nodes:
            node(name, value, where)
            continue
        try:
            key = schema.resolve(name)
        except SchemaError as exc:
            raise TreeError(str(exc), where) from None
        if isinstance(value, Mapping):
            raise TreeError(f"{name!r} is a part of an open dimension and has no dimensions", where)
        put(key, value, where)
    return figures, named


def figures_to_tree(
    figures: Mapping[str, Count], named: Iterable[str], schema: Schema
) -> dict[str, Any]:
    """The nested JSON form of flat figures: every node under its parent."""
    named = set(named)
    present = set(figures) | named

    def value(key: str) -> Any:
        if key in named:
            return "?"
        fig = figures[key]
        return fig.lo if fig.text is None and fig.is_exact else str(fig)

    def has_any(name: str) -> bool:
        if name in present:
            return True
        spec = schema.nodes[name]
        prefix = tuple(f"{name}.{d.name}." for d in spec.dimensions if d.is_open)
        if prefix and any(k.startswith(prefix) for k in present):
            return True
        return any(has_any(p) for d in spec.dimensions for p in d.parts or ())

    def node(name: str) -> Any:
        spec = schema.nodes[name]
        out: dict[str, Any] = {}
        for dim in spec.dimensions:
            parts: dict[str, Any] = {}
            if dim.parts is None:
                for key in sorted(k for k in present if schema.locate(k)[:2] == (name, dim) and k != name):
                    parts[schema.locate(key)[2]] = value(key)
            else:
                for part in dim.parts:
                    if has_any(part):
                        parts[part] = node(part)
            if parts:
                out[dim.name] = parts
        if not out:
            return value(name)
        if name in present:
            out = {"count": value(name), **out}
        return out

    return {name: node(name) for name in schema.nodes if schema.parent_of(name) is None and has_any(name)}
