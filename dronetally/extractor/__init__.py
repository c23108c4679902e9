"""Reading figures out of a statement's text: :func:`extract`.

``dronetally.extract(text)`` finds the reports a statement makes (one per
source and weapon), each figure with the span of the text it came from, and
lists every number of the text it did not use as a figure, with why.  It is
rule-based and uses the standard library alone; the :class:`Report` objects
are made when they are first asked for.  ``tally extract`` is the command.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

from dronetally.extractor._parse import Draft, Figure, detect_language, parse
from dronetally.extractor._window import with_year

if TYPE_CHECKING:
    from dronetally.report import Report

__all__ = ["LANGUAGES", "Extraction", "Provenance", "UnusedNumber", "extract"]

#: The languages the extractor reads; ``None`` or ``"auto"`` tells them apart by their letters and words.
LANGUAGES = ("en", "uk", "ru")

#: The source of a report whose text names none, unless ``source=`` gives one.
UNNAMED = "unnamed"


def _line_cols(text: str, offsets: Sequence[int]) -> list[tuple[int, int]]:
    """The line and column (from 1) of each offset, from one pass over the
    text's newlines: counting them afresh for each offset took time
    quadratic in the length of a text full of numbers."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    out = []
    for offset in offsets:
        line = bisect.bisect_left(newlines, offset)  # newlines before the offset
        start = newlines[line - 1] + 1 if line else 0
        out.append((line + 1, offset - start + 1))
    return out


@dataclass(frozen=True)
class Provenance:
    """Where one figure came from: the span of its number in the text (with
    its "more than"), the words around it, and the cue that placed it.  A
    figure worked out from others ("the rest") is ``derived``: it has its
    ``value`` and the figures it came ``derived_from``.  A weapon part of a
    headline total is ``copied_from`` that weapon's own report."""

    key: str
    span: tuple[int, int] | None
    text: str  # the number as the text writes it ("Twenty", "more than 40")
    words: str
    cue: str | None = None
    value: int | None = None
    derived: bool = False
    derived_from: tuple[str, ...] = ()
    copied_from: str | None = None
    implied: bool = False
    also: tuple[tuple[int, int], ...] = ()  # spans where the text states the same figure again

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"span": list(self.span) if self.span else None, "text": self.text,
                               "words": self.words}
        if self.cue:
            out["cue"] = self.cue
        if self.derived:
            out.update(derived=True, value=self.value, derived_from=list(self.derived_from))
        if self.copied_from:
            out["copied_from"] = self.copied_from
        if self.implied:
            out["implied"] = True
        if self.also:
            out["also"] = [list(span) for span in self.also]
        return out


@dataclass(frozen=True)
class UnusedNumber:
    """A number of the text that is no figure, where it is, and why."""

    span: tuple[int, int]
    text: str
    value: int | None
    why: str
    line: int
    column: int

    def to_dict(self) -> dict[str, Any]:
        return {"span": list(self.span), "line": self.line, "column": self.column, "text": self.text,
                "value": self.value, "why": self.why}


@dataclass(frozen=True)
class ExtractedReport:
    """One report as the extractor found it, before it is a :class:`Report`."""

    source: str | None
    weapon: str
    figures: dict[str, Figure]
    quotes: dict[str, str]
    complete: frozenset[str]


@dataclass(frozen=True, eq=False)
class Extraction(Sequence["Report"]):
    """The reports found in a text (a sequence of :class:`Report`), with
    ``provenance`` (one mapping of figure key to :class:`Provenance` per
    report), ``unused`` (every number that is no figure) and ``lang``."""

    text: str
    lang: str
    found: tuple[ExtractedReport, ...]
    unused: tuple[UnusedNumber, ...]
    source: str | None = None
    window: dict[str, str] = field(default_factory=dict)
    published: str | None = None
    year: int | None = None
    link: str | None = None

    @cached_property
    def reports(self) -> tuple[Report, ...]:
        """The reports, made on first use (the extraction itself needs no numpy)."""
        from dronetally.report import Report

        out = []
        start = self._bound("window_start")
        end = self._bound("window_end")
        if start is not None and end is not None and len(start) != len(end):
            start = end = None  # a date and a time: the window is not known well enough
        for r in self.found:
            figures: dict[str, Any] = {k: f.text for k, f in r.figures.items()}
            out.append(Report(
                source=r.source or self.source or UNNAMED, figures=figures, complete=r.complete, weapon=r.weapon,
                quotes=r.quotes, window_start=start, window_end=end,
                timezone=self.window.get("timezone") if start else None, published=self.published,
                link=self.link,
            ))
        return tuple(out)

    def _bound(self, name: str) -> str | None:
        when = self.window.get(name)
        end = self.window.get("window_end") if name == "window_start" else None
        return with_year(when, self.year, self.published, end) if when else None

    @cached_property
    def provenance(self) -> tuple[dict[str, Provenance], ...]:
        """For each report, where each of its figures came from."""
        return tuple({k: _provenance(f, self.text) for k, f in r.figures.items()} for r in self.found)

    @overload
    def __getitem__(self, i: int) -> Report: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Report]: ...

    def __getitem__(self, i: int | slice) -> Report | Sequence[Report]:
        return self.reports[i]

    def __len__(self) -> int:
        return len(self.found)

    def __iter__(self) -> Iterator[Report]:
        return iter(self.reports)

    def __repr__(self) -> str:
        return f"<Extraction: {len(self)} report{'' if len(self) == 1 else 's'}, {len(self.unused)} unused numbers>"

    def to_dict(self) -> dict[str, Any]:
        """What ``tally extract`` writes: dronetally's JSON with each report's
        ``provenance``, the ``unused`` numbers and the ``lang``."""
        from dronetally.io.tree import report_to_dict

        reports = []
        for report, prov in zip(self.reports, self.provenance, strict=True):
            item = report_to_dict(report)
            item["provenance"] = {k: p.to_dict() for k, p in prov.items()}
            reports.append(item)
        return {"reports": reports, "unused": [u.to_dict() for u in self.unused], "lang": self.lang}

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text, a span on one line."""
        import json
        import re

        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
        return re.sub(r"\[\s+(\d+),\s+(\d+)\s+\]", r"[\1, \2]", text) + "\n"


def _provenance(f: Figure, text: str) -> Provenance:
    written = text[f.span[0]:f.span[1]] if f.span else ""
    return Provenance(f.key, f.span, written, f.words, f.cue,
                      value=f.value if f.derived_from else None, derived=bool(f.derived_from),
                      derived_from=f.derived_from, copied_from=f.copied_from, implied=f.implied,
                      also=tuple(f.also))


def extract(
    text: str,
    lang: str | None = None,
    *,
    source: str | None = None,
    year: int | None = None,
    published: str | None = None,
    link: str | None = None,
) -> Extraction:
    """The reports a statement makes, read from its text.

    ``lang`` is ``"en"``, ``"uk"``, ``"ru"``, or None (or ``"auto"``) to tell
    by the letters and words; the words of all three are read whatever it
    is, and it sets the ``lang`` written out, the time zone of a window and
    whether a missile's model stands before its noun (en) or after it.
    Spans are offsets in characters into ``text`` as given.  ``source``
    names the speaker of reports whose text names none (else ``"unnamed"``).  A window the text gives without a year
    ("У ніч на 17 вересня") takes its year from ``year`` or from
    ``published`` (a date, ``2026-09-17``), which is also the report's date
    of publication.  Nothing is invented: a number that cannot be placed is
    in ``unused``, never a figure.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if lang == "auto":
        lang = None
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not one of auto, {', '.join(LANGUAGES)}")
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise ValueError(f"source={source!r} must be a name, not blank")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100):
        raise ValueError(f"year={year!r} is not a year such as 2026")
    if published is not None:
        try:
            published = datetime.date.fromisoformat(published).isoformat()
        except (TypeError, ValueError):
            raise ValueError(f"published={published!r} is not a date such as 2026-09-17") from None
    parsed = parse(text, lang or detect_language(text))
    found = tuple(_found(d) for d in parsed.drafts)
    places = _line_cols(text, [u.span[0] for u in parsed.unused])
    unused = tuple(UnusedNumber(u.span, u.text, u.value, u.why, *at)
                   for u, at in zip(parsed.unused, places, strict=True))
    return Extraction(text, parsed.lang, found, unused, source=source, window=parsed.window, published=published,
                      year=year, link=link)


def _found(d: Draft) -> ExtractedReport:
    return ExtractedReport(d.source, d.weapon, dict(d.figures), dict(d.quotes), frozenset(d.complete))
