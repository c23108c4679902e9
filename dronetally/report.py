"""Reports: one source's statement about one time window, as an immutable
account tree with its provenance.

A report keeps its figures flat, by canonical key (``launched``,
``diverted.destination.Belarus``).  It is the friendly value of one row: a
ledger makes one when asked (``ledger[i]``) and :func:`columns_of` turns
reports back into the columns a :class:`~dronetally.table.Table` is built
from, which is how :meth:`Report.check` runs the rules on a table of one row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from dronetally import rules
from dronetally.count import NAMED, Count, read_figure
from dronetally.errors import SchemaError
from dronetally.findings import Findings, Location
from dronetally.schema import DEFAULT_SCHEMA, METADATA_FIELDS, Schema, Spelling, check_date
from dronetally.table import _SPLIT, Table, window_text

_TEXT_FIELDS = ("source", "id", "scope", "timezone", "attacker", "defender", "weapon", "link")
_REPR_FIELDS = ("id", "scope", "window_start", "window_end", "timezone", "published", "attacker", "defender", "weapon",
                "link")


@dataclass(frozen=True, repr=False)
class Report:
    """One source's statement about one window.

    ``figures`` maps a node (``"launched"``, ``"diverted.Belarus"``,
    ``"shot_down.region.Oryol"``) to a figure: an int, a written form such as
    ``">40"``, a :class:`Count`, or ``"?"`` for a node the statement names
    without a figure.  ``complete`` lists the dimensions the statement declares
    complete (``"launched.outcome"``); every other dimension is partial.  It,
    ``named`` and ``overlapping`` may also be one text of keys separated by
    spaces, commas or semicolons, as a CSV cell writes them.
    ``overlapping`` lists the dimensions whose parts, in this statement, may
    overlap (regions that contain each other), beside those the schema
    declares loose for every statement.
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
    overlapping: frozenset[str] = frozenset()
    location: Location | None = field(default=None, compare=False)
    schema: Schema = field(default=DEFAULT_SCHEMA, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.source, str) or not self.source.strip():
            raise SchemaError("a report needs a source: who makes the statement")
        schema = self.schema
        for name in ("complete", "named", "overlapping"):  # one text of keys, as a CSV cell has them
            value = getattr(self, name)
            if isinstance(value, str):  # (named keys may have blanks in their part names: not split at blanks)
                pieces = _SPLIT.split(value) if name != "named" else value.replace(",", ";").split(";")
                object.__setattr__(self, name, frozenset(p.strip() for p in pieces if p.strip()))
        figures: dict[str, Count] = {}
        named = set()
        spelt = Spelling()  # part names compare without case: a key as first written
        for raw in self.named:
            named.add(spelt(schema.resolve(raw)))
        for raw_key, value in self.figures.items():
            key = schema.resolve(raw_key)
            first = spelt(key)
            if first in figures or (first in named and raw_key not in self.named):
                raise SchemaError(f"{raw_key!r}: the same node is given twice"
                                  + (f" (as {first!r}: part names compare without case)" if first != key else ""))
            key = first
            fig = read_figure(value)
            if fig == NAMED:
                named.add(key)
            elif isinstance(fig, Count):
                figures[key] = fig
        both = named & figures.keys()
        if both:
            raise SchemaError(f"{sorted(both)[0]!r} is both named (?) and given a figure")
        complete = {schema.dimension(dim_key).key for dim_key in self.complete}
        # a dimension the schema declares loose is so in every report: not the report's own declaration
        overlapping = {d.key for d in map(schema.dimension, self.overlapping) if not d.overlapping}
        quotes = {spelt.get(schema.resolve(k)): str(v).strip() for k, v in self.quotes.items() if str(v).strip()}
        set_ = object.__setattr__
        # text is held without outer blanks, and blank text is no text: as every reader reads it
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str) and value != value.strip():
                set_(self, name, value.strip() or None)
        set_(self, "figures", MappingProxyType(figures))
        set_(self, "named", frozenset(named))
        set_(self, "complete", frozenset(complete))
        set_(self, "overlapping", frozenset(overlapping))
        set_(self, "quotes", MappingProxyType(quotes))
        set_(self, "metadata", MappingProxyType({
            k: v.strip() if isinstance(v, str) else v for k, v in self.metadata.items()
            if not isinstance(v, str) or v.strip()}))
        for name in ("window_start", "window_end", "published"):
            set_(self, name, check_date(getattr(self, name), name))

    def __repr__(self) -> str:
        """The call that makes this report, with only the fields that are set:
        figures as written (an exact one as an int, ``"?"`` for a named node),
        the schema only where it is not the default."""
        shown = [f"source={self.source!r}"]
        figures: dict[str, int | str] = {k: c.lo if c.is_exact else str(c) for k, c in self.figures.items()}
        figures.update((k, NAMED) for k in sorted(self.named))
        if figures:
            shown.append(f"figures={figures!r}")
        if self.complete:
            shown.append(f"complete={sorted(self.complete)!r}")
        shown += [f"{name}={getattr(self, name)!r}" for name in _REPR_FIELDS if getattr(self, name) is not None]
        for name in ("quotes", "metadata"):
            if getattr(self, name):
                shown.append(f"{name}={dict(getattr(self, name))!r}")
        if self.overlapping:
            shown.append(f"overlapping={sorted(self.overlapping)!r}")
        if self.location is not None:
            shown.append(f"location={self.location!r}")
        if self.schema is not DEFAULT_SCHEMA and self.schema != DEFAULT_SCHEMA:
            shown.append(f"schema={self.schema!r}")
        return f"Report({', '.join(shown)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """For IPython and Hypothesis, whose printers would list every field."""
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        """The report's accounts and findings, as ``tally show`` and ``tally check`` lay them out (Jupyter)."""
        from dronetally.accounts import Accounts
        from dronetally.engine import propagate

        columns, options = columns_of([self], self.schema)
        table = Table.from_columns(columns, **options)
        return Accounts(table, propagate(table))._repr_html_() + "\n" + rules.check(table)._repr_html_()

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
        return window_text(self.window_start, self.window_end, self.timezone)

    def label(self) -> str:
        """Short name for messages: id, else source and window."""
        if self.id:
            return self.id
        return f"{self.source}, {self.window}" if self.window else self.source

    def check(self) -> Findings:
        """Every finding of the rules on this report (a table of one row)."""
        columns, options = columns_of([self], self.schema)
        return rules.check(Table.from_columns(columns, **options))

    def evolve(self, **changes: Any) -> Report:
        """A copy with the given fields changed.  New ``figures`` replace the
        old ones whole, named nodes (``"?"``) included."""
        if "figures" in changes:
            changes.setdefault("named", frozenset())
        return dataclasses.replace(self, **changes)



def columns_of(reports: Iterable[Report], schema: Schema) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """Reports as the columns :meth:`Table.from_columns` takes, and its other
    arguments (schema, file, line, and the order of open parts as they come)."""
    reports = tuple(reports)
    n = len(reports)
    columns: dict[str, list[Any]] = {name: [getattr(r, name) for r in reports] for name in METADATA_FIELDS}
    order: dict[str, None] = {}
    spelt = Spelling()  # part names compare without case: a key as the first report writes it

    def column(key: str) -> list[Any]:
        key = spelt(key)
        if key not in columns:
            columns[key] = [None] * n
            order[key] = None
        return columns[key]

    for j, r in enumerate(reports):
        if not isinstance(r, Report):
            raise TypeError(f"reports[{j}] is a {type(r).__name__}, not a Report")
        if r.schema is not schema and r.schema != schema:
            raise SchemaError(f"report {j} ({r.label()}) uses another schema")
        for key, fig in r.figures.items():
            column(key)[j] = fig
        for key in sorted(r.named):  # sorted: the same order every run
            column(key)[j] = NAMED
        for key, text in r.quotes.items():
            columns.setdefault(f"quote.{spelt.get(key)}", [None] * n)[j] = text
        for name, text in r.metadata.items():
            columns.setdefault(f"meta.{name}", [None] * n)[j] = text
    columns["complete"] = [r.complete for r in reports]
    if any(r.overlapping for r in reports):
        columns["overlapping"] = [r.overlapping for r in reports]
    where = [r.location for r in reports]
    options = {
        "schema": schema,
        "file": [w.file if w is not None else None for w in where],
        "line": [w.line or 0 if w is not None else 0 for w in where],
        "keys": tuple(order),
    }
    return columns, options
