"""Findings are data: what a rule found, where, and by how much.

:class:`Findings`, the result of a check, holds its findings as arrays, one
entry per finding: the report's index, the rule, severity and kind as small
codes, the node and dimensions as codes into a table of names, the bounds
``lo``/``hi`` (:data:`~dronetally.table.UNBOUNDED` for none) and the share
bounds (NaN for none).  Counting, filtering and sorting work on the arrays.
A :class:`Finding` object, with its message and figures as text, is made
only when someone indexes or iterates; the rule that found it writes the
text then, from the numbers.  So a result keeps its table and the engine's
state alive: about as much memory again as the table's columns.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from dronetally.schema import folded
from dronetally.table import UNBOUNDED, Table, to_python

if TYPE_CHECKING:
    import numpy.typing as npt


def plural(n: int, word: str) -> str:
    """``1 report``, ``2 reports``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def amount_text(lo: int, hi: int | None) -> str:
    """An amount's bounds in words: ``6``, ``0-6``, ``0 or more``."""
    if hi is None:
        return f"{lo} or more"
    return str(lo) if lo == hi else f"{lo}-{hi}"


def percent_text(lo: float | None, hi: float | None) -> str:
    """A share's bounds as percentages: ``5.8%``, ``0.0%-76.9%`` (one where they
    print alike), or nothing where either is missing."""
    if lo is None or hi is None:
        return ""
    a, b = f"{100 * lo:.1f}%", f"{100 * hi:.1f}%"
    return a if a == b else f"{a}-{b}"


def share_text(lo: float | None, hi: float | None) -> str:
    """A share's bounds as a parenthesis: `` (5.8%)``, `` (0.0%-76.9%)``, or nothing."""
    text = percent_text(lo, hi)
    return f" ({text})" if text else ""


def summary_text(reports: int, counts: Mapping[str, int]) -> str:
    """``"2 reports: 0 errors, 0 warnings, 3 notes"``."""
    return (f"{plural(reports, 'report')}: {plural(counts['error'], 'error')}, "
            f"{plural(counts['warning'], 'warning')}, {plural(counts['info'], 'note')}")


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return SEVERITIES.index(self)


#: Severities by rank: a finding's ``severity`` code indexes this.
SEVERITIES = (Severity.INFO, Severity.WARNING, Severity.ERROR)

#: Rule names: a finding's ``rule`` code indexes this.  Reading problems
#: come first; then the rules in the order they run (see :mod:`dronetally.rules`).
RULES = (
    "bad-cell",
    "unreadable-row",
    "over-accounted",
    "under-accounted",
    "dimensions-disagree",
    "remainder",
    "inferred-bound",
    "possible-duplicate",
    "disagreement",
    "revision",
)
#: What ``lo``/``hi`` measure: a finding's ``kind`` code indexes this.
KINDS = ("input", "excess", "shortfall", "gap", "remainder", "bounds", "match", "change")

#: The arrays of a :class:`Findings`, each one entry per finding, and their types.
FIELDS: dict[str, type[np.generic]] = {
    "report": np.int64,  # index in the table; -1 for a row that is no report
    "rule": np.int8,
    "severity": np.int8,
    "kind": np.int8,
    "node": np.int32,  # into names
    "dimension": np.int32,  # into names; -1 for none
    "other_dimension": np.int32,
    "other_report": np.int64,  # -1 for none
    "lo": np.int64,
    "hi": np.int64,  # UNBOUNDED for no upper bound
    "share_lo": np.float64,  # NaN for none
    "share_hi": np.float64,
    "line": np.int64,  # where reading found a problem; 0 for a finding of a report (its line: see report_lines)
    "note": np.int32,  # into notes: a message written when the input was read; -1 for none
}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a report was read from: file name as given, 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Finding:
    """One thing a rule found in one report.

    ``kind`` says what ``lo``/``hi`` measure: ``excess`` (the parts' smallest
    total over the node's largest value), ``shortfall`` (the node's smallest
    value over the parts' largest total), ``gap`` (between two dimensions or
    two reports), ``remainder`` (what a partial breakdown leaves, as bounds),
    ``bounds`` (a node's inferred bounds), ``match`` (a possible duplicate)
    or ``input`` (a cell or row that could not be read).  ``hi is None``
    means no upper bound.  ``report`` is the report's place in the input (its
    index in the ledger checked; under :func:`~dronetally.check_file`, counted
    from the start of the file), or None for an input row that could not be
    read into a report at all;
    ``other_report`` is the report a finding across reports compares it with.
    ``share_lo``/``share_hi`` are ``lo``/``hi`` as fractions of the node,
    capped at 1 (100%): for a remainder the smallest and largest share over
    every value the figures allow (1 at the top where the node is unbounded;
    see :meth:`~dronetally.engine.Remainder.shares`); for an
    excess or shortfall the amount over the node's stated bound (1 for a
    node of 0); ``None`` where there is no share (bounds, gaps).  ``hint``,
    on an error within one report, says which single figures could be the
    wrong one and which of their values a slip of the hand would explain;
    where none alone would do, which pairs of figures together would
    (:mod:`dronetally.hints`); None where no pair would either.
    """

    rule: str
    severity: Severity
    report: int | None
    source: str
    node: str
    dimension: str | None
    kind: str
    lo: int
    hi: int | None
    message: str
    location: Location | None = None
    report_id: str | None = None
    window: str = ""
    other_dimension: str | None = None
    other_report: int | None = None
    figures: Mapping[str, str] = field(default_factory=dict)
    share_lo: float | None = None
    share_hi: float | None = None
    hint: str | None = None
    window_start: str | None = None
    window_end: str | None = None
    timezone: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "report": self.report,
            "report_id": self.report_id,
            "source": self.source,
            "window": self.window,
            "window_start": self.window_start,
            "window_end": self.window_end,
            "timezone": self.timezone,
            "file": self.location.file if self.location else None,
            "line": self.location.line if self.location else None,
            "node": self.node,
            "dimension": self.dimension,
            "other_dimension": self.other_dimension,
            "other_report": self.other_report,
            "figures": dict(self.figures),
            "kind": self.kind,
            "lo": self.lo,
            "hi": self.hi,
            "share_lo": self.share_lo,
            "share_hi": self.share_hi,
            "message": self.message,
            "hint": self.hint,
        }


#: The columns of a table of findings (``tally check``, a notebook's display).
TABLE_HEADERS = ("where", "source", "severity", "rule", "at", "finding")


def where_text(f: Finding) -> str:
    """Where a finding was read, for a table: a file under the working directory by its relative path."""
    import os

    if not f.location:
        return f"report {f.report}"
    file = f.location.file
    if os.path.isabs(file):
        try:
            here = os.getcwd()
            if os.path.commonpath([here, file]) == here:
                file = os.path.relpath(file, here)
        except (OSError, ValueError):  # no working directory, or another drive
            pass
    return file if f.location.line is None else f"{file}:{f.location.line}"


def table_row(f: Finding) -> list[str]:
    """A finding as a row of :data:`TABLE_HEADERS`: the hint after the message."""
    return [where_text(f), f.source, str(f.severity), f.rule, f.dimension or f.node,
            f.message + (f". Hint: {f.hint}" if f.hint else "")]


#: How a rule writes a finding's message and figures from its numbers: (findings, position) -> text.
Describe = Callable[["Findings", int], tuple[str, dict[str, str]]]
#: How the likely wrong figure of an error finding is told: (findings, position) -> text or None.
Hint = Callable[["Findings", int], "str | None"]
Arrays = dict[str, "npt.NDArray[Any]"]


def empty_arrays(n: int = 0) -> Arrays:
    """Arrays for ``n`` findings, every field at its "none" value."""
    out: Arrays = {name: np.zeros(n, dtype) for name, dtype in FIELDS.items()}
    for name in ("report", "dimension", "other_dimension", "other_report", "note"):
        out[name][:] = -1
    out["share_lo"][:] = np.nan
    out["share_hi"][:] = np.nan
    return out


def report_lines(arrays: Arrays, line: npt.NDArray[np.int64], offset: int = 0) -> npt.NDArray[np.int64]:
    """Each finding's line in its file: where its ``line`` field is 0 and it
    is of a report (``report - offset`` its row), its report's line from
    ``line`` (the table's); else the field (0: unknown).  A rule's findings
    leave the field 0, so that the check copies no line for every finding."""
    stored, report = arrays["line"], arrays["report"]
    rows = report - offset if offset else report
    if not len(line):
        return np.asarray(stored, np.int64)
    out: npt.NDArray[np.int64]
    if stored.strides == (0,) and len(stored) and stored[0] == 0 and len(rows) and rows.min() >= 0:
        out = line[rows]  # every finding of a report (the findings of a check, with no problem)
    else:
        out = np.where((stored == 0) & (rows >= 0), line[np.clip(rows, 0, len(line) - 1)], stored)
    return out


def concat(blocks: Sequence[Arrays]) -> Arrays:
    """The findings of ``blocks`` one after another.  A field that is one
    repeated value in every block, the same value, stays one (no memory)."""
    if not blocks:
        return empty_arrays()
    n = sum(len(b["report"]) for b in blocks)
    out: Arrays = {}
    for name in FIELDS:
        parts = [b[name] for b in blocks]
        first = parts[0]
        if all(p.strides == (0,) and len(p) and np.array_equal(p[:1], first[:1], equal_nan=True) for p in parts):
            out[name] = np.broadcast_to(first[:1], (n,))
        else:
            out[name] = np.concatenate(parts)
    return out


def take_arrays(arrays: Arrays, index: npt.NDArray[Any]) -> Arrays:
    """The findings at ``index`` (positions or a mask); a repeated field stays one."""
    n = int(index.sum()) if index.dtype == bool else len(index)
    done: dict[int, npt.NDArray[Any]] = {}  # fields that share an array (hi and lo) still share one
    out: Arrays = {}
    for name, a in arrays.items():
        if id(a) not in done:
            done[id(a)] = np.broadcast_to(a[:1], (n,)) if a.strides == (0,) and len(a) else a[index]
        out[name] = done[id(a)]
    return out


class Findings(Sequence[Finding]):
    """Every finding of one check, in report order, then tree order, then rule order.

    ``arrays`` holds the findings (see :data:`FIELDS`): read them, do not
    write into them (copy first): a field that is one value for every finding
    is one value repeated, which numpy will not let you write, and ``hi``
    may be ``lo``'s own array.  ``table`` is what was
    checked, ``names`` what the node codes stand for, ``notes`` the messages
    written when the input was read, and ``describe`` writes the message and
    figures of one finding when it is asked for.
    """

    def __init__(
        self, arrays: Arrays, *, table: Table, names: Sequence[str], describe: Describe,
        notes: Sequence[str] = (), overview: Mapping[str, Any] | None = None, reports: int | None = None,
        problem_file: str | None = None, offset: int = 0, hint: Hint | None = None, filtered: bool = False,
        chunk: bool = False,
    ) -> None:
        self.arrays = arrays
        #: whether these are some of a check's findings, chosen by :meth:`filter`
        self.filtered = filtered
        #: whether these are one chunk's of a check in chunks (a report or node the chunk lacks may be in another)
        self.chunk = chunk
        self._hint = hint
        #: the place of the table's first report in the whole input (a chunk's, when streaming):
        #: ``report`` and ``other_report`` count from the start of the input
        self.offset = offset
        self.table = table
        self.names = tuple(names)
        self.notes = tuple(notes)
        self._describe = describe
        self._problem_file = problem_file
        #: how many reports were checked
        self.reports = len(table) if reports is None else reports
        #: how the reports stand, counted (rows read, balanced, with a
        #: positive remainder, over-accounted, without a root figure)
        self.overview: Mapping[str, Any] = overview or {}

    def _where(self, keep: npt.NDArray[Any]) -> Findings:
        return Findings(
            take_arrays(self.arrays, keep), table=self.table, names=self.names,
            describe=self._describe, notes=self.notes, overview=self.overview, reports=self.reports,
            problem_file=self._problem_file, offset=self.offset, hint=self._hint, filtered=True, chunk=self.chunk,
        )

    @property
    def problem_file(self) -> str:
        """The file where reading found the problems that are no report's (an unreadable row)."""
        return self._problem_file or ""

    # -- one finding ------------------------------------------------------------------
    def value(self, name: str, k: int) -> Any:
        """Field ``name`` of finding ``k`` as a Python value."""
        return self.arrays[name][k].item()

    def lines(self) -> npt.NDArray[np.int64]:
        """Each finding's line in its file (0 where unknown): its report's, or where reading found it."""
        return report_lines(self.arrays, self.table.line, self.offset)

    def row(self, k: int) -> int:
        """The row of :attr:`table` that finding ``k`` is about (-1 for none)."""
        j = int(self.arrays["report"][k])
        return j - self.offset if j >= 0 else -1

    def name(self, name: str, k: int) -> str | None:
        code = int(self.arrays[name][k])
        return None if code < 0 else self.names[code]

    @overload
    def __getitem__(self, i: int) -> Finding: ...
    @overload
    def __getitem__(self, i: slice) -> Findings: ...
    def __getitem__(self, i: int | slice) -> Finding | Findings:
        if isinstance(i, slice):
            return self._where(np.arange(len(self))[i])
        k = range(len(self))[i]  # IndexError past the end; negative from the end
        return self._make(k)

    def _make(self, k: int) -> Finding:
        a = self.arrays
        j = self.row(k)
        note = int(a["note"][k])
        if note >= 0:
            message, figures = self.notes[note], dict[str, str]()
        else:
            message, figures = self._describe(self, k)
        hint = self._hint(self, k) if self._hint is not None and a["severity"][k] == Severity.ERROR.rank else None
        table = self.table
        line = int(a["line"][k]) or (int(table.line[j]) if j >= 0 else 0) or None
        meta = table.meta
        if j >= 0:
            file, _ = table.location(j)
            location = Location(file, line) if file is not None else None
            source, report_id, window = meta["source"].get(j) or "", meta["id"].get(j), table.window(j)
            start, end, timezone = (meta[name].get(j) for name in ("window_start", "window_end", "timezone"))
        else:
            location = Location(self.problem_file, line)
            source, report_id, window = "", None, ""
            start = end = timezone = None
        other = int(a["other_report"][k])
        share_lo, share_hi = float(a["share_lo"][k]), float(a["share_hi"][k])
        return Finding(
            rule=RULES[a["rule"][k]],
            severity=SEVERITIES[a["severity"][k]],
            report=j + self.offset if j >= 0 else None,
            source=source,
            node=self.name("node", k) or "",
            dimension=self.name("dimension", k),
            kind=KINDS[a["kind"][k]],
            lo=int(a["lo"][k]),
            hi=to_python(a["hi"][k]),
            message=message,
            location=location,
            report_id=report_id,
            window=window,
            other_dimension=self.name("other_dimension", k),
            other_report=other if other >= 0 else None,
            figures=figures,
            share_lo=None if share_lo != share_lo else share_lo,
            share_hi=None if share_hi != share_hi else share_hi,
            hint=hint,
            window_start=start,
            window_end=end,
            timezone=timezone,
        )

    def __len__(self) -> int:
        return len(self.arrays["report"])

    def __iter__(self) -> Iterator[Finding]:
        return (self._make(k) for k in range(len(self)))

    def __repr__(self) -> str:
        return f"<Findings: {self.summary()}>"

    def worst_first(self) -> npt.NDArray[np.intp]:
        """The findings' positions, errors first, then warnings, then notes, each severity in input order."""
        n = len(self)
        severity = np.broadcast_to(self.arrays["severity"], (n,)).astype(np.int64)
        order: npt.NDArray[np.intp] = np.lexsort((np.arange(n), -severity))
        return order

    def _repr_html_(self) -> str:
        """The findings as ``tally check`` lists them, errors and warnings standing out (Jupyter)."""
        from dronetally import html

        n = len(self)
        shown = min(n, html.NOTEBOOK_ROWS)
        order = range(shown)
        caption = self.summary()
        if n > shown:  # too many to list: the worst first
            order = self.worst_first()[:shown].tolist()
            caption += "; errors first"
        made = [self._make(k) for k in order]
        table = html.table(TABLE_HEADERS, [table_row(f) for f in made], [str(f.severity) for f in made],
                           caption=caption)
        return html.notebook(table, shown, n, "findings")

    def summary(self) -> str:
        """``"2 reports: 0 errors, 0 warnings, 3 notes"``; of filtered findings,
        the reports they are about: ``"1 of 2 reports: 0 errors, 0 warnings, 1 note"``."""
        if not self.filtered:
            return summary_text(self.reports, self.counts())
        about = len(np.unique(self.arrays["report"][self.arrays["report"] >= 0]))
        return f"{about} of {summary_text(self.reports, self.counts())}"

    @staticmethod
    def _choice(problem: str, value: str, choices: Sequence[str]) -> ValueError:
        """The error for a ``filter`` argument that matches nothing checked: ``problem``, then the choices."""
        shown = [c for c in dict.fromkeys(choices) if c]
        close = difflib.get_close_matches(value, shown, n=1, cutoff=0.75)
        more = f" and {len(shown) - 20:,} more" if len(shown) > 20 else ""
        return ValueError(problem + (f" (did you mean {close[0]!r}?)" if close else "")
                          + f"; there are {', '.join(shown[:20])}{more}")

    def filter(
        self,
        *,
        severity: str | None = None,
        at_least: str | None = None,
        rule: str | None = None,
        report: int | str | None = None,
        node: str | None = None,
    ) -> Findings:
        """The findings that match every argument given.

        ``severity`` matches exactly, ``at_least`` that severity or worse;
        ``report`` is an index in the ledger, or a report id or source;
        ``node`` matches the node or the dimension (``"launched.outcome"``;
        part names without case).  A report or node that no checked report
        has is a ValueError naming the choices (in one chunk of a check in
        chunks, an empty result: another chunk may have it).
        """
        a = self.arrays
        keep = np.ones(len(self), bool)
        for name, value in (("severity", severity), ("at_least", at_least)):
            if value is not None and value not in SEVERITIES:
                raise self._choice(f"{name}={value!r} is not a severity", str(value), list(map(str, SEVERITIES)))
        if severity is not None:
            keep &= a["severity"] == Severity(severity).rank
        if at_least is not None:
            keep &= a["severity"] >= Severity(at_least).rank
        if rule is not None:
            if rule not in RULES:
                raise self._choice(f"rule={rule!r} is not a rule", rule, RULES)
            keep &= a["rule"] == RULES.index(rule)
        if report is not None:
            if isinstance(report, str):
                meta = self.table.meta
                chosen = meta["id"].matching(lambda v: v == report) | meta["source"].matching(lambda v: v == report)
                if not chosen.any() and not self.chunk:
                    raise self._choice(f"report={report!r} is not the source or id of a checked report", report,
                                       [*meta["source"].values, *meta["id"].values])
                rows = np.where(a["report"] >= 0, a["report"] - self.offset, -1)
                keep &= (rows >= 0) & np.append(chosen, False)[rows]
            else:
                first, last = self.offset, self.offset + len(self.table) - 1
                if not first <= report <= last and not self.chunk:
                    raise ValueError(f"report={report!r} is not the index of a checked report "
                                     + (f"({first} to {last})" if last >= first else "(none were checked)"))
                keep &= a["report"] == report
        if node is not None:
            codes = [i for i, n in enumerate(self.names) if n and folded(n) == folded(node)]
            if not codes and not self.chunk:
                raise self._choice(f"node={node!r} is not a node or dimension of the checked reports", node,
                                   self.names)
            keep &= (np.isin(a["node"], codes) | np.isin(a["dimension"], codes)
                     | np.isin(a["other_dimension"], codes))
        return self._where(keep)

    @property
    def errors(self) -> Findings:
        return self.filter(severity="error")

    def counts(self) -> dict[str, int]:
        """Findings per severity, worst first, zeros included."""
        per = np.bincount(self.arrays["severity"], minlength=len(SEVERITIES))
        return {str(s): int(per[s.rank]) for s in reversed(SEVERITIES)}

    def fails(self, fail_on: str = "error") -> bool:
        """Whether any finding reaches ``fail_on`` (``never`` never fails)."""
        if fail_on == "never":
            return False
        return bool((self.arrays["severity"] >= Severity(fail_on).rank).any())

    def _frame(self, messages: bool) -> dict[str, Any]:
        from dronetally.frames import Codes, Floats, Ints, Objects

        a, table = self.arrays, self.table
        rows = np.where(a["report"] >= 0, a["report"] - self.offset, -1)
        about = rows >= 0

        def of_report(codes: npt.NDArray[Any], values: Sequence[str], otherwise: str | None = None) -> Any:
            """A text of each finding's report (``otherwise`` for a finding that is about no report)."""
            lookup = np.append(np.broadcast_to(np.asarray(codes, np.int64), (len(table),)), -1)  # -1: no report
            picked = lookup[np.where(about, rows, -1)]
            if otherwise is None or about.all():
                return Codes(picked, values)  # as they are: an id column's are decoded by the frame, at once
            values = tuple(values)
            at = values.index(otherwise) if otherwise in values else len(values)
            return Codes(np.where(about, picked, at), values if at < len(values) else (*values, otherwise))

        kept: dict[str, int] = {}  # a code of no name ("") is no value
        renumber = np.array([kept.setdefault(name, len(kept)) if name else -1 for name in self.names] + [-1],
                            np.int64)

        def named(field: str) -> Any:
            return Codes(renumber[a[field]], tuple(kept))  # -1 (none) picks the -1 at the end

        hi = a["hi"]
        frame: dict[str, Any] = {
            "rule": Codes(a["rule"], RULES),
            "severity": Codes(a["severity"], tuple(map(str, SEVERITIES))),
            "report": Ints(a["report"], ~about),
            "report_id": of_report(table.meta["id"].codes, table.meta["id"].values),
            "source": of_report(table.meta["source"].codes, table.meta["source"].values),
            **{name: of_report(table.meta[name].codes, table.meta[name].values)
               for name in ("window_start", "window_end", "timezone")},
            "file": of_report(table.file.codes, table.file.values, self.problem_file or None),
            "line": Ints(lines := self.lines(), lines == 0),
            "node": named("node"),
            "dimension": named("dimension"),
            "other_dimension": named("other_dimension"),
            "other_report": Ints(a["other_report"], a["other_report"] < 0),
            "kind": Codes(a["kind"], KINDS),
            "lo": Ints(a["lo"]),
            "hi": Ints(hi, hi == UNBOUNDED),
            "share_lo": Floats(a["share_lo"]),
            "share_hi": Floats(a["share_hi"]),
        }
        if messages:  # the one part written a finding at a time, as text is
            made = [self._make(k) for k in range(len(self))]
            frame["message"] = Objects([f.message for f in made])
            frame["figures"] = Objects([dict(f.figures) for f in made])
            frame["hint"] = Objects([f.hint for f in made])
        return frame

    def to_pandas(self, messages: bool = True) -> Any:
        """The findings as a pandas DataFrame, one row each, with the fields
        of the JSON output (the window as ``window_start``, ``window_end``
        and ``timezone``; ``hi`` ``<NA>`` for no upper bound; ``report``
        ``<NA>`` for a row that could not be read).  Every column comes from
        the finding arrays but ``message``, ``figures`` and ``hint``, which
        are written a finding at a time: ``messages=False`` leaves them out,
        for millions of findings.  Needs pandas (``dronetally[pandas]``)."""
        from dronetally.frames import to_pandas

        return to_pandas(self._frame(messages))

    def to_arrow(self, messages: bool = True) -> Any:
        """The columns of :meth:`to_pandas` as a pyarrow Table (``dronetally[arrow]``)."""
        from dronetally.frames import to_arrow

        return to_arrow(self._frame(messages))

    def to_dict(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "counts": self.counts(),
            "overview": dict(self.overview),
            "findings": [f.to_dict() for f in self],
        }


__all__ = [
    "FIELDS", "KINDS", "RULES", "SEVERITIES", "UNBOUNDED", "Finding", "Findings", "Location", "Severity",
]
