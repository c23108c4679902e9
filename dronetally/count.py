"""Counts: integer intervals ``[lo, hi]`` that keep the form they were written in.

An exact figure ``52`` is ``[52, 52]``.  ``hi is None`` means "no upper bound"
("more than 40" is ``[41, None]``); the engine stores that as a sentinel of its
own and never lets it into a sum or an output (see :mod:`dronetally.ledger`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dronetally.errors import CountError
from dronetally.limits import MAX_COUNT as MAX_COUNT
from dronetally.limits import quote

_INT = r"([0-9]{1,13})"  # ASCII digits only: not the Arabic-Indic or full-width ones int() would take
_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_INT}"), "exact"),
    (re.compile(rf"{_INT}\.0"), "exact"),  # 85.0, as pandas writes a count in a column with gaps (not 1.000)
    (re.compile(rf">\s*{_INT}"), "more"),
    (re.compile(rf"(?:>=|≥)\s*{_INT}"), "at_least"),
    (re.compile(rf"{_INT}\s*\+"), "at_least"),
    (re.compile(rf"<\s*{_INT}"), "fewer"),
    (re.compile(rf"(?:<=|≤)\s*{_INT}"), "up_to"),
    (re.compile(rf"(?:~|≈)\s*{_INT}"), "about"),
    (re.compile(rf"<~\s*{_INT}"), "nearly"),
    (re.compile(rf"{_INT}\s*[-–]\s*{_INT}"), "range"),
]

CELL_FORMS = "52, >40, >=30, 30+, <10, <=10, 40-50, ~100 (about), <~100 (nearly)"

#: A number written in groups of three digits (``1,200``, ``12 000``), one
#: separator throughout: a comma, a space, or a no-break space.
_GROUPED = re.compile(r"(?<![0-9])(?<![0-9][,\u00a0\u202f ])([1-9][0-9]{0,2})([,\u00a0\u202f ])[0-9]{3}(?:\2[0-9]{3})*"
                      r"(?![0-9])(?![,\u00a0\u202f ][0-9])")


def _ungrouped(text: str) -> str:
    """``text`` with its numbers written in groups of three digits written plain."""
    return _GROUPED.sub(lambda m: m.group(0).replace(m.group(2), ""), text)


_SMALL = 100_000
_EXACT: dict[int, Count] = {}


def _band(n: int) -> int:
    """Half-width of "about n": 10% of n rounded up, so the band rounds outward."""
    return -(-n // 10)


@dataclass(frozen=True, slots=True)
class Count:
    """A non-negative integer interval; ``hi=None`` means unbounded above.

    ``text`` is the written form (``"~100"``), kept for round trips; it does
    not take part in equality.
    """

    lo: int
    hi: int | None
    text: str | None = None

    def __post_init__(self) -> None:
        for name in ("lo", "hi"):
            value = getattr(self, name)
            if value is None and name == "hi":
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise CountError(f"{name} must be an int, got {value!r}")
            if value < 0:
                raise CountError(f"{name} must be 0 or more, got {value}")
            if value > MAX_COUNT:
                raise CountError(f"{name} is larger than {MAX_COUNT:,}, got {value}")
        if self.hi is not None and self.hi < self.lo:
            raise CountError(f"empty interval: lo={self.lo} > hi={self.hi}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Count):
            return NotImplemented
        return (self.lo, self.hi) == (other.lo, other.hi)

    def __hash__(self) -> int:
        return hash((self.lo, self.hi))

    @classmethod
    def exact(cls, n: int) -> Count:
        """``n`` exactly; small ones are made once and shared (counts are immutable)."""
        if type(n) is int and 0 <= n < _SMALL:
            found = _EXACT.get(n)
            if found is None:
                found = _EXACT[n] = cls(n, n)
            return found
        return cls(n, n)

    @classmethod
    def about(cls, n: int) -> Count:
        """"About n": 10% each way, rounded outward (``~100`` is 90 to 110)."""
        return cls(max(n - _band(n), 0), n + _band(n), f"~{n}")

    @classmethod
    def nearly(cls, n: int) -> Count:
        """"Nearly n": up to 10% below, never above (``<~100`` is 90 to 100)."""
        return cls(max(n - _band(n), 0), n, f"<~{n}")

    @classmethod
    def parse(cls, text: str) -> Count:
        """Read a written figure: one of :data:`CELL_FORMS`."""
        s = text.strip()
        shown = quote(text)
        too_large = False
        plain = _ungrouped(s) if any(c in s for c in ", \u00a0\u202f") else s
        for pattern, form in _FORMS:
            m = pattern.fullmatch(plain)
            if m is None:
                continue
            a = int(m.group(1))
            if a > MAX_COUNT:
                too_large = True
                break
            if form == "exact":
                return cls(a, a)
            if form == "more":
                return cls(a + 1, None, s)
            if form == "at_least":
                return cls(a, None, s)
            if form == "fewer":
                if a == 0:
                    raise CountError(f"{shown}: no count is below 0")
                return cls(0, a - 1, s)
            if form == "up_to":
                return cls(0, a, s)
            if form in ("about", "nearly"):
                if a + _band(a) > MAX_COUNT:
                    raise CountError(f"{shown} reaches past {MAX_COUNT:,}, the largest count")
                return cls.about(a) if form == "about" else cls.nearly(a)
            b = int(m.group(2))
            if b < a:
                raise CountError(f"{shown}: range runs backwards ({a} > {b})")
            if b > MAX_COUNT:
                too_large = True
                break
            return cls(a, b, s)
        if re.fullmatch(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+", s):
            whole = s.replace(".", "")
            other = f"{float(s):g} with a decimal point" if s.count(".") == 1 else "no number in others"
            raise CountError(f"{shown} is read two ways: {int(whole):,} in some languages, {other}; "
                             f"write the count plain ({whole}) or with commas ({int(whole):,})")
        if re.fullmatch(r"[0-9]+\.0+", s):
            raise CountError(f"{shown}: write the count without the point and zeros ({s.split('.')[0]})")
        if re.fullmatch(r"[0-9]+[.,][0-9]+", s):
            raise CountError(f"{shown} is not a whole number; a count is one, or a range such as 40-50")
        if re.fullmatch(r"-\s*[0-9]+", s):
            raise CountError(f"{shown} is negative; a count is 0 or more")
        if too_large or re.fullmatch(r"[0-9]+", s) or re.search(r"[0-9]{14,}", s):
            raise CountError(f"{shown} is larger than {MAX_COUNT:,}")
        if s == "":
            raise CountError("empty figure")
        raise CountError(f"{shown} is not a count; expected one of {CELL_FORMS}, or ?")

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi

    def __contains__(self, n: int) -> bool:
        return self.lo <= n and (self.hi is None or n <= self.hi)

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        return format_bounds(self.lo, self.hi)


def format_bounds(lo: int, hi: int | None) -> str:
    """Bounds as a person reads them: ``6``, ``0-6``, ``>=42``."""
    if hi is None:
        return f">={lo}"
    if lo == hi:
        return str(lo)
    return f"{lo}-{hi}"


#: How a figure written ``?`` is read: the node is named, its figure not given.
NAMED = "?"


def is_missing(value: object) -> bool:
    """Whether ``value`` states nothing: None, blank text, a NaN of any float
    type, or pandas' ``<NA>`` (told by its type's name, so that neither
    numpy nor pandas is imported here)."""
    if value is None or type(value).__name__ == "NAType":
        return True
    if isinstance(value, str):
        return not value.strip()
    floating = isinstance(value, float) or getattr(getattr(value, "dtype", None), "kind", "") == "f"
    return bool(floating and value != value)


def read_figure(value: object) -> Count | str | None:
    """One figure as Python or JSON gives it: a :class:`Count` (from an int,
    a Count, or a written form such as ``">40"``), :data:`NAMED` for ``"?"``,
    or None where nothing is stated (None, a blank string, NaN).  A numpy
    integer is an int, and so is a float with nothing after the point (85.0:
    what pandas makes of an integer column with gaps); anything else is a
    :class:`CountError`."""
    if is_missing(value):
        return None
    if isinstance(value, Count):
        return value
    if isinstance(value, str):
        text = value.strip()
        return NAMED if text == NAMED else Count.parse(text)
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iuf" and hasattr(value, "item"):
        value = value.item()  # a numpy integer or float: the Python number
    if isinstance(value, float):  # 85.0, as pandas makes an integer column with gaps: a count
        if not value.is_integer():
            raise CountError(f"{value!r} is not a whole number; a count is one (85, or 85.0)")
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise CountError(f"figure must be a whole number or a string such as \">40\" or \"?\", got {value!r}")
    if value < 0:
        raise CountError(f"{value} is negative; a count is 0 or more")
    if value > MAX_COUNT:
        raise CountError(f"{value} is larger than {MAX_COUNT:,}")
    return Count.exact(value)
