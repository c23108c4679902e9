"""Findings are data: what a rule found, where, and by how much.

:class:`Findings` is the result of a check: a sequence a notebook can filter
(by severity, rule, report, node) and export with :meth:`Findings.to_dict`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, overload

from dronetally.report import Location


def plural(n: int, word: str) -> str:
    """``1 report``, ``2 reports``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def amount_text(lo: int, hi: int | None) -> str:
    """An amount's bounds in words: ``6``, ``0-6``, ``0 or more``."""
    if hi is None:
        return f"{lo} or more"
    return str(lo) if lo == hi else f"{lo}-{hi}"


def share_text(lo: float | None, hi: float | None) -> str:
    """A share's bounds as a parenthesis: `` (5.8%)``, `` (0.0%-76.9%)``, or nothing."""
    if lo is None or hi is None:
        return ""
    a, b = f"{100 * lo:.1f}%", f"{100 * hi:.1f}%"
    return f" ({a})" if a == b else f" ({a}-{b})"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

#: Rule names, in the order DESIGN.md gives them.
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
)


@dataclass(frozen=True)
class Finding:
    """One thing a rule found in one report.

    ``kind`` says what ``lo``/``hi`` measure: ``excess`` (the parts' smallest
    total over the node's largest value), ``shortfall`` (the node's smallest
    value over the parts' largest total), ``gap`` (between two dimensions),
    ``remainder`` (what a partial breakdown leaves, as bounds) or ``bounds``
    (a node's inferred bounds).  ``hi is None`` means no upper bound.
    ``report`` is the report's index in its ledger, or None for an input row
    that could not be read into a report at all; ``other_report`` is the
    report a finding across reports compares it with.
    ``share_lo``/``share_hi`` are ``lo``/``hi`` as fractions of the node,
    capped at 1 (100%): for a remainder the smallest and largest share the
    figures allow (1 at the top where the node may be 0 or unbounded); for an
    excess or shortfall the amount over the node's stated bound (1 for a
    node of 0); ``None`` where there is no share (bounds, gaps).
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "report": self.report,
            "report_id": self.report_id,
            "source": self.source,
            "window": self.window,
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
        }


class Findings(Sequence[Finding]):
    """Every finding of one check, in report order, then tree order."""

    def __init__(
        self, findings: Iterable[Finding], reports: int, overview: Mapping[str, Any] | None = None
    ) -> None:
        self._items = tuple(findings)
        #: how many reports were checked
        self.reports = reports
        #: how the reports stand, counted (rows read, balanced, with a
        #: positive remainder, over-accounted, without a root figure)
        self.overview: Mapping[str, Any] = overview or {}

    @overload
    def __getitem__(self, i: int) -> Finding: ...
    @overload
    def __getitem__(self, i: slice) -> Findings: ...
    def __getitem__(self, i: int | slice) -> Finding | Findings:
        if isinstance(i, slice):
            return Findings(self._items[i], self.reports, self.overview)
        return self._items[i]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._items)

    def __repr__(self) -> str:
        return f"<Findings: {self.summary()}>"

    def summary(self) -> str:
        """``"2 reports: 0 errors, 0 warnings, 3 notes"``."""
        c = self.counts()
        return (
            f"{plural(self.reports, 'report')}: {plural(c['error'], 'error')}, "
            f"{plural(c['warning'], 'warning')}, {plural(c['info'], 'note')}"
        )

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
        ``node`` matches the node or the dimension (``"launched.outcome"``).
        """
        sev = Severity(severity) if severity is not None else None
        floor = Severity(at_least).rank if at_least is not None else None
        if rule is not None and rule not in RULES and rule not in {f.rule for f in self}:
            raise ValueError(f"rule={rule!r} is not one of {', '.join(RULES)}")

        def keep(f: Finding) -> bool:
            if sev is not None and f.severity != sev:
                return False
            if floor is not None and f.severity.rank < floor:
                return False
            if rule is not None and f.rule != rule:
                return False
            if report is not None:
                if isinstance(report, int) and f.report != report:
                    return False
                if isinstance(report, str) and report not in (f.report_id, f.source):
                    return False
            return node is None or node in (f.node, f.dimension, f.other_dimension)

        return Findings((f for f in self if keep(f)), self.reports, self.overview)

    @property
    def errors(self) -> Findings:
        return self.filter(severity="error")

    def counts(self) -> dict[str, int]:
        """Findings per severity, worst first, zeros included."""
        out = {str(s): 0 for s in reversed(Severity)}
        for f in self:
            out[str(f.severity)] += 1
        return out

    def fails(self, fail_on: str = "error") -> bool:
        """Whether any finding reaches ``fail_on`` (``never`` never fails)."""
        if fail_on == "never":
            return False
        floor = Severity(fail_on).rank
        return any(f.severity.rank >= floor for f in self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "counts": self.counts(),
            "overview": dict(self.overview),
            "findings": [f.to_dict() for f in self],
        }
