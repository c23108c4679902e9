"""The Ukrainian Air Force daily dataset, read as published.

"Massive Missile Attacks on Ukraine" by Petro Ivaniuk (Kaggle) digitises
the Air Force's attack reports: one row per post and weapon, 22 columns.
Every row becomes one report (or, if it cannot, an ``unreadable-row``
finding on its line); a cell that is not what its column holds is a
``bad-cell`` error finding on its line, and reading goes on: a published
dataset is judged as it is, not refused (README, "The Air Force dataset").

How the columns map (see README, "The Air Force dataset"):

- ``source`` (a post's path): the channel is the report's source, the post
  its ``link``; the channel gives the ``scope`` (the national Air Force, the
  General Staff and the Commander-in-Chief speak for Ukraine; the regional
  air commands for their sector).  ``target`` is kept as metadata.
- ``time_start``/``time_end``: Kyiv time; a date alone stays a date.
- ``model``: the weapon text as written; its class (drone, cruise missile,
  ...) from ``missiles_and_uavs.csv`` beside the file, where there is one.
- ``launched``, ``destroyed`` (shot_down), ``not_reach_goal`` (lost_track),
  ``still_attacking`` (airborne); ``border_crossing`` as ``diverted``, the
  sum of its entries, with a complete ``destination`` breakdown;
  ``is_shahed`` as ``~N`` Shahed in ``launched.weapon``; ``launched_details``
  as more of ``launched.weapon``; ``destroyed_details`` as a partial
  regional breakdown of ``shot_down`` (NaN: unknown), read as disjoint
  where its regions cannot overlap and fit, as overlapping elsewhere.
- Every other column is kept as metadata, unchanged.
"""

from __future__ import annotations

import csv
import datetime as _dt
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dronetally.count import MAX_COUNT, Count
from dronetally.engine import propagate
from dronetally.errors import CountError, InputError, SchemaError
from dronetally.io import pyliteral
from dronetally.io.csv_format import records
from dronetally.ledger import Ledger
from dronetally.limits import MAX_CELL_CHARS, MAX_COLUMNS, quote
from dronetally.rules import Problems
from dronetally.schema import Schema, Spelling, check_part_name, folded, part_key
from dronetally.table import SparseFigures
from dronetally.weapons import UNKNOWN, classify

if TYPE_CHECKING:
    import numpy.typing as npt

FORMAT = "af-daily"
HEADER_START = "time_start,time_end,model,"
REQUIRED = ("time_start", "time_end", "model", "launched", "destroyed", "source")
TIMEZONE = "Europe/Kyiv"

#: Scope of each channel; a channel not listed has no known scope.
SCOPES = {
    "kpszsu": "Ukraine",
    "GeneralStaff.ua": "Ukraine",
    "CinCAFU": "Ukraine",
    "PvKPivden": "south",
    "pvkshid": "east",
    "PvkZahid": "west",
    "PvkCenter": "centre",
}

#: The dataset's schema: the default tree.  Its regional breakdown is declared
#: overlapping row by row (see :func:`_disjoint`).
SCHEMA = Schema.from_dict({"extends": "default", "nodes": {}})
REGIONS = "shot_down.region"
#: The air commands, as ``destroyed_details`` names them (in lower case), and
#: which command each name is; other names are places: an oblast, the city of
#: Kyiv, or several joined by " and ".
COMMANDS = {"south": "south", "east": "east", "west": "west", "north": "north", "center": "centre",
            "centre": "centre"}

_FIGURES = {
    "launched": "launched",
    "destroyed": "shot_down",
    "not_reach_goal": "lost_track",
    "still_attacking": "airborne",
}
_MAPPED = {*_FIGURES, "time_start", "time_end", "model", "source", "border_crossing", "is_shahed",
           "launched_details", "destroyed_details"}
_WHOLE = re.compile(r"([0-9]{1,15})(?:\.0*)?")
_DECIMAL = re.compile(r"(-?)([0-9]+)(?:\.([0-9]*))?")  # ASCII digits only, as the dataset writes them
_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ T]([0-9]{1,2}):([0-9]{2}))?")
_URL = re.compile(r"https?://(?:www\.)?(?:t\.me|facebook\.com|fb\.com)/([^/?#]+)")


class _BadCell(ValueError):
    pass


def is_af_daily(text: str) -> bool:
    """Whether text starts with the dataset's header."""
    return text.lstrip("\ufeff").startswith(HEADER_START)


def whole(text: str) -> int:
    """A count as the dataset writes it (``236.0``); _BadCell if it is not a
    whole number from 0 to MAX_COUNT."""
    s = text.strip()
    plain = _WHOLE.fullmatch(s)
    if plain:  # the common case, 236.0: no need for decimal arithmetic
        whole_number = int(plain.group(1))
        if whole_number > MAX_COUNT:
            raise _BadCell(f"{quote(text)} is larger than {MAX_COUNT:,}")
        return whole_number
    shown = quote(text)
    m = _DECIMAL.fullmatch(s)
    if m is None:  # not 1e3, 1_000, ١٢٣ or inf, which Python's own readers take
        raise _BadCell(f"{shown} is not a number")
    sign, digits, fraction = m.groups()
    if sign and (int(digits) or (fraction or "").strip("0")):
        raise _BadCell(f"{shown} is negative; a count is 0 or more")
    if (fraction or "").strip("0"):
        raise _BadCell(f"{shown} is not a whole number")
    if len(digits.lstrip("0")) > 13 or int(digits) > MAX_COUNT:
        raise _BadCell(f"{shown} is larger than {MAX_COUNT:,}")
    return int(digits)


def channel(source: str) -> str:
    """Who speaks: the channel of a post's path or address."""
    s = source.strip()
    m = _URL.match(s)
    if m:
        return m.group(1)
    s = re.sub(r"^https?://", "", s)
    first = s.split("/", 1)[0]
    return "facebook" if first.startswith("watch") else first


def moment(text: str) -> str:
    """``2024-12-21 19:00``, ``2024-12-21 9:00`` or ``2024-12-21`` as ISO 8601."""
    m = _TIME.fullmatch(text.strip())
    if m is None:
        raise _BadCell(f"{quote(text)} is not a date (2024-12-21) or date and time (2024-12-21 19:00)")
    date, hour, minute = m.groups()
    try:
        day = _dt.date.fromisoformat(date)
    except ValueError:
        raise _BadCell(f"{quote(text)}: {date} is not a day of the calendar") from None
    if hour is None:
        return day.isoformat()
    if int(hour) > 23 or int(minute) > 59:
        raise _BadCell(f"{quote(text)} is not a time of day")
    return f"{day.isoformat()}T{int(hour):02d}:{minute}"


def weapon_classes(path: str | Path) -> dict[str, str]:
    """Model to class from ``missiles_and_uavs.csv`` (``UAV`` is "drone")."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            row["model"].strip(): ("drone" if row["category"].strip() == "UAV" else row["category"].strip())
            for row in csv.DictReader(fh)
            if row.get("model") and row.get("category")
        }


def classes_beside(path: str | os.PathLike[str]) -> dict[str, str]:
    """Weapon classes from the ``missiles_and_uavs.csv`` next to the dataset, if any."""
    table = Path(path).with_name("missiles_and_uavs.csv")
    return weapon_classes(table) if table.is_file() else {}


def read_af_daily(text: str, name: str, classes: Mapping[str, str] | None = None) -> Ledger:
    """A ledger of the dataset's rows, carrying its reading problems."""
    rows = iter(records(text))
    header, _ = read_header(next(rows, None), name)
    return read_rows(header, rows, name, classes)


def read_header(first: tuple[int, list[str] | InputError] | None, name: str) -> tuple[list[str], int]:
    """The dataset's header from its first record, checked: (columns, line)."""
    if first is None:
        raise InputError("empty file", file=name, line=1, column=1)
    header_line, header = first
    if isinstance(header, InputError):
        header.file = name
        raise header
    header = [h.strip() for h in header]
    if len(header) > MAX_COLUMNS:
        raise InputError(f"{len(header):,} columns; at most {MAX_COLUMNS:,} (dronetally.limits.MAX_COLUMNS)",
                         file=name, line=header_line, column=MAX_COLUMNS + 1)
    seen: dict[str, int] = {}
    for col, head in enumerate(header, 1):
        if head in seen:  # which one would count? neither, silently
            raise InputError(f"column {quote(head)} appears twice (columns {seen[head]} and {col})",
                             file=name, line=header_line, column=col)
        seen[head] = col
    for required in REQUIRED:
        if required not in header:
            raise InputError(f"missing column {quote(required)}: is this the Air Force dataset?",
                             file=name, line=header_line, column=1)
    return header, header_line


def read_rows(
    header: list[str], rows: Iterable[tuple[int, list[str] | InputError]], name: str,
    classes: Mapping[str, str] | None = None, keys: Iterable[str] = (),
) -> Ledger:
    """A ledger of some of the dataset's rows (records after the header), with
    their reading problems; ``keys`` is the order of open parts so far."""
    classes = classes or {}
    problems: list[tuple[str, int, int | None, str, str]] = []
    fields: list[dict[str, Any]] = []
    lines: list[int] = []
    rows_read = 0
    for line, row in rows:
        rows_read += 1
        if isinstance(row, InputError):  # a row the csv module cannot split
            problems.append(("unreadable-row", line, None, "", row.message))
            continue
        if len(row) != len(header):
            problems.append(("unreadable-row", line, None, "",
                             f"row has {len(row)} field{'' if len(row) == 1 else 's'}, the header has {len(header)}"))
            continue
        report, bad = _report(dict(zip(header, row, strict=True)), header, classes)
        problems.extend(("bad-cell", line, len(fields), column, f"{column}: {message}") for column, message in bad)
        fields.append(report)
        lines.append(line)
    keys = list(keys)
    columns, order = _columns_of(fields, Spelling({folded(k): k for k in keys}))
    keys += [k for k in order if k not in keys]
    ledger: Ledger = Ledger.from_columns(columns, schema=SCHEMA, file=name, line=lines, keys=keys)
    flawed = {report for _, _, report, _, _ in problems}  # a row with a bad cell is not all there: loose
    disjoint = _disjoint(ledger, np.array([f["overlapping"] == "disjoint" and j not in flawed
                                           for j, f in enumerate(fields)], bool))
    if disjoint.any():  # read again, those rows' regions as disjoint
        columns["overlapping"] = np.where(disjoint, None, columns["overlapping"])
        ledger = Ledger.from_columns(columns, schema=SCHEMA, file=name, line=lines, keys=keys)
    return ledger.set_problems(Problems.of(problems, name), rows_read)


def _disjoint(ledger: Ledger, candidates: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Of the ``candidates`` (rows whose regions are all air commands, or all
    places none of which is in another), those that can be read as disjoint:
    their regions' sum fits within what the rest of the report allows
    ``shot_down`` (its upper bound, the regions read as overlapping), in a
    report with no error (and no bad cell: see :func:`read_rows`).  Rows whose regions add up to more stay
    overlapping, with the warning."""
    if not candidates.any():
        return candidates
    state = propagate(ledger)
    (regions,) = (gs for gs in state.groups if gs.group.dimension.key == REGIONS)
    fits = (regions.lo <= state.hi["shot_down"]) & ~state.erring()
    out: npt.NDArray[np.bool_] = candidates & fits
    return out


_META = ("source", "scope", "weapon", "link", "timezone", "attacker", "defender")


def _columns_of(fields: list[dict[str, Any]], spelt: Spelling) -> tuple[dict[str, Any], list[str]]:
    """The rows' fields as the columns :meth:`Ledger.from_columns` takes, and the
    order in which the figures' keys first appear.  A part's name compares
    without case across rows (``south`` in one row, ``South`` in another):
    ``spelt`` gives each key its first spelling (the chunks' before, too)."""
    n = len(fields)
    columns: dict[str, Any] = {
        name: [f.get(name) for f in fields] for name in (*_META, "window_start", "window_end")
    }
    columns["complete"] = [f["complete"] for f in fields]
    # the regions read as overlapping unless shown otherwise (see read_rows)
    columns["overlapping"] = np.array([REGIONS if f["overlapping"] else None for f in fields], dtype=object)
    cells: dict[str, tuple[list[int], list[Any]]] = {}  # per figure: the rows that state it, and what they hold
    for j, f in enumerate(fields):
        for key, value in (*f["figures"].items(), *((k, "?") for k in sorted(f["named"]))):
            rows, values = cells.setdefault(spelt(key), ([], []))
            rows.append(j)
            values.append(value)
        for name, value in f["metadata"].items():
            column = columns.get(f"meta.{name}")
            if column is None:  # (a new list only for a new column: setdefault would make one every time)
                column = columns[f"meta.{name}"] = [None] * n
            column[j] = value
    for key, (rows, values) in cells.items():
        columns[key] = SparseFigures(n, np.array(rows, np.intp), values)
    return columns, list(cells)


def _report(
    cells: dict[str, str], header: list[str], classes: Mapping[str, str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One row's report fields (figures as :class:`Count`), and its bad cells as (column, message)."""
    bad: list[tuple[str, str]] = []
    figures: dict[str, int | Count] = {}  # an exact count as an int
    named: set[str] = set()
    complete: set[str] = set()

    stripped = {column: value.strip() for column, value in cells.items()}
    for column, text in stripped.items():
        if len(text) > MAX_CELL_CHARS:  # a bad cell like any other: the row is read without it
            bad.append((column, f"{quote(text)} is longer than {MAX_CELL_CHARS:,} characters "
                                "(dronetally.limits.MAX_CELL_CHARS)"))
            stripped[column] = ""

    def cell(column: str) -> str:
        return stripped.get(column, "")

    def count(column: str, key: str, value: pyliteral.Value | str) -> None:
        if value is None:
            named.add(key)
            return
        text = value.text if isinstance(value, pyliteral.Number) else value
        if not isinstance(text, str):
            bad.append((column, f"{key}: expected a number, got {type(value).__name__}"))
            return
        try:
            figures[key] = whole(text)
        except _BadCell as exc:
            bad.append((column, str(exc)))

    def breakdown(column: str) -> dict[str, pyliteral.Value] | None:
        text = cell(column)
        if not text:
            return None
        try:
            value = pyliteral.parse(text)
        except pyliteral.LiteralError as exc:
            bad.append((column, f"not readable as a dictionary at character {exc.offset + 1}: {exc}"))
            return None
        if not isinstance(value, dict):
            bad.append((column, "expected a dictionary such as {'belarus': 1}"))
            return None
        return value

    spelt = Spelling()  # part names compare without case: each part's key as first written

    def part(column: str, node: str, dim: str, part_name: str, value: pyliteral.Value) -> str | None:
        """Put one entry of a breakdown; its key, or None if it is bad."""
        try:
            key = part_key(node, dim, check_part_name(part_name))
        except SchemaError as exc:
            bad.append((column, str(exc)))
            return None
        first = spelt(key)
        if first in figures or first in named:
            alike = "" if first == key else f" (as {quote(first.rpartition('.')[2])})"
            bad.append((column, f"{quote(part_name.strip())} is given twice{alike}"))
            return None
        before = len(bad)
        count(column, key, value)
        return key if len(bad) == before else None

    for column, node in _FIGURES.items():
        if cell(column):
            count(column, node, cell(column))

    crossings = breakdown("border_crossing")
    if crossings:  # {} is the dataset's blank: the post says nothing of crossings, not that there were none
        keys = [part("border_crossing", "diverted", "destination", d, v) for d, v in crossings.items()]
        total = sum(figures[k] for k in keys if k is not None and k in figures)  # type: ignore[misc]  # whole counts, as ints
        if total > MAX_COUNT:
            bad.append(("border_crossing", f"the crossings add up to {total:,}, more than {MAX_COUNT:,}"))
            named.add("diverted")
        elif all(k is not None and k in figures for k in keys):
            figures["diverted"] = total
        else:  # an unknown or unreadable entry: diverted is named, not summed
            named.add("diverted")
        complete.add("diverted.destination")

    if cell("is_shahed"):
        try:
            figures["launched.weapon.Shahed"] = Count.parse(f"~{whole(cell('is_shahed'))}")
        except (_BadCell, CountError) as exc:
            bad.append(("is_shahed", str(exc)))
    details = breakdown("launched_details")
    for weapon, value in (details or {}).items():
        part("launched_details", "launched", "weapon", weapon, value)
    regions = breakdown("destroyed_details")
    for region, value in (regions or {}).items():
        part("destroyed_details", "shot_down", "region", region, value)
    overlapping = "" if not regions else "disjoint" if _apart(list(regions)) else "loose"

    window: dict[str, Any] = {}
    for column, field in (("time_start", "window_start"), ("time_end", "window_end")):
        try:
            window[field] = moment(cell(column)) if cell(column) else None
        except _BadCell as exc:
            bad.append((column, str(exc)))
            window[field] = None
    if window["window_start"] is None and not any(c == "time_start" for c, _ in bad):
        bad.append(("time_start", "no start time: the report has no window"))
    start, end = window["window_start"], window["window_end"]
    if start and end and end[:min(len(start), len(end))] < start[:min(len(start), len(end))]:
        bad.append(("time_end", f"window_end {end} is before window_start {start}"))  # a bad cell, read without
        window["window_end"] = None

    post = cell("source")
    who = channel(post) if post else ""
    model = cell("model")
    metadata = {c: stripped[c] for c in header if c not in _MAPPED and stripped[c]}
    if model:
        metadata["weapon_class"] = classify(model, classes) or UNKNOWN
    report = dict(
        source=who or "unknown", scope=SCOPES.get(who), weapon=model or None, link=post or None,
        timezone=TIMEZONE, attacker="Russia", defender="Ukraine",
        figures=figures, named=named, complete=complete, metadata=metadata, overlapping=overlapping, **window,
    )
    return report, bad


def _apart(names: list[str]) -> bool:
    """Whether regions of these names cannot overlap: all air commands, or
    all oblasts (or the city of Kyiv, which is none), and none named twice
    (``"Odesa oblast and Kherson oblast"`` is two).  A name of any other
    kind (``"Odesa"``, ``"north-east"``) may overlap anything."""
    names = [" ".join(n.split()).casefold() for n in names]
    if all(n in COMMANDS for n in names):
        places = [COMMANDS[n] for n in names]
    else:
        places = [p.strip() for n in names for p in n.split(" and ")]
        if not all(p.endswith(" oblast") or p == "kyiv" for p in places):
            return False
    return len(places) == len(set(places))

