"""Hypothesis strategies for property tests of code that handles attack reports.

    from dronetally import strategies as dts

    @given(dts.reports())                    # every account adds up
    @given(dts.reports(consistent=False))    # at least one error
    @given(dts.mutants())                    # one wrong figure, and the finding it must give

Consistent reports are built from the inside out: a true count for every
node, split among the parts of each dimension (exactly, for a complete one),
then each figure written as something that contains its true value (``52``,
``>=40``, ``~100``, ``?``).  Region, destination and weapon names come from
a pool of their own (:data:`NAMES`), and a report's metadata (scope, window,
time zone, date of publication, attacker and defender, weapon) is generated
too, each field sometimes absent.  Nothing is generated and thrown away.

Every choice is a draw of its own, made where it matters, and shrinks
towards the simplest: a figure written exactly, a dimension not broken down,
a part left out, a metadata field absent, the first name of a pool, the
earliest day, the smallest count.  So a failing example shrinks to the
smallest report that still fails (``launched 1, airborne 1`` for any report
with drones airborne).

Needs the ``strategies`` extra: ``pip install 'dronetally[strategies]'``.
"""

from __future__ import annotations

import datetime as _dt
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "dronetally.strategies needs Hypothesis: pip install 'dronetally[strategies]'"
    ) from exc

from dronetally.across import moment
from dronetally.count import MAX_COUNT, Count
from dronetally.errors import SchemaError
from dronetally.ledger import Ledger
from dronetally.report import Report
from dronetally.schema import DEFAULT_SCHEMA, METADATA_FIELDS, Dimension, Schema, check_date, part_key

_P = ParamSpec("_P")
_T = TypeVar("_T")

__all__ = ["NAMES", "Expected", "Mutant", "accounts", "counts", "ledgers", "mutants", "reports"]

#: Names of shot-down drones' regions.  One has a dot, which a key escapes
#: (``shot_down.region.St\\. Petersburg``).
REGIONS = ("Oryol", "Kursk", "Belgorod", "Bryansk", "Kyiv oblast", "Kharkiv oblast", "Odesa oblast",
           "St. Petersburg")
#: Where diverted drones flew.
DESTINATIONS = ("Belarus", "Russia", "Moldova", "Romania", "Poland")
#: Weapons, for the ``weapon`` dimension and a report's ``weapon`` text.
WEAPONS = ("Shahed-136/131", "Gerbera", "Iskander-M", "Kh-101", "Kalibr", "Kh-59", "Lyutyi")
#: The names of each open dimension's parts, by dimension name (``region``)
#: or key (``shot_down.region``); ``"*"`` for any other open dimension.
NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "region": REGIONS, "destination": DESTINATIONS, "weapon": WEAPONS,
    "*": ("north", "south", "east", "west", "centre"),
})

# Scopes, each with the country whose air defence speaks for it: that
# country defends, the other attacks, and its clocks are the report's zone.
_SCOPES = (
    ("Ukraine", "Ukraine"), ("Russia", "Russia"), ("Kyiv oblast", "Ukraine"), ("Belgorod oblast", "Russia"),
    ("Kharkiv oblast", "Ukraine"), ("Kursk oblast", "Russia"), ("Odesa oblast", "Ukraine"),
    ("Moscow region", "Russia"),
)
_SIDES = {"Ukraine": ("Russia", "Ukraine", "Europe/Kyiv"), "Russia": ("Ukraine", "Russia", "Europe/Moscow")}
_ZONES = ("Europe/Kyiv", "Europe/Moscow", "UTC")  # for a report with no scope
#: The first and last day a generated window may start on, by default.
DATES = ("2022-02-24", "2026-12-31")
_FIXABLE = tuple(f for f in METADATA_FIELDS if f != "source")  # sources come from `sources=`
_SLOT = _dt.timedelta(minutes=30)  # generated times are on the hour or the half hour
_DAY_SLOTS = 48
_SHIFTS = 2 * _DAY_SLOTS + 1  # from a window's start to its end: up to two days, in half hours


class Account(NamedTuple):
    """An account tree: stated figures, named nodes, complete dimensions."""

    figures: dict[str, Count]
    named: frozenset[str]
    complete: frozenset[str]


class Expected(NamedTuple):
    """The one error finding a mutant must give: ``amount`` is its excess or
    shortfall (``Finding.lo``)."""

    rule: str
    node: str
    dimension: str
    amount: int


class Mutant(NamedTuple):
    """A consistent report with one figure changed, and what that must give."""

    report: Report
    original: Report
    changed: str
    expected: Expected


def _public(
    name: str,
) -> Callable[[Callable[Concatenate[st.DrawFn, _P], _T]], Callable[_P, st.SearchStrategy[_T]]]:
    """``st.composite`` under the public name, so a strategy's repr is the call
    a user wrote (``reports(consistent=False)``)."""

    def decorate(fn: Callable[Concatenate[st.DrawFn, _P], _T]) -> Callable[_P, st.SearchStrategy[_T]]:
        fn.__name__ = fn.__qualname__ = name
        return st.composite(fn)

    return decorate


# -- argument checks, at call time -------------------------------------------------

Names = Sequence[str] | Mapping[str, Sequence[str]]
Metadata = bool | Mapping[str, str | None]


def _check_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"Expected an int for {name}, got {name}={value!r}")
    if not low <= value <= high:
        raise InvalidArgument(f"{name}={value!r} must be between {low} and {high}")
    return value


def _check_flag(name: str, value: object, allow_none: bool) -> None:
    if value is None and allow_none:
        return
    if not isinstance(value, bool):
        choices = "True, False or None" if allow_none else "True or False"
        raise InvalidArgument(f"Expected {choices} for {name}, got {name}={value!r}")


def _check_schema(schema: object) -> Schema:
    if not isinstance(schema, Schema):
        raise InvalidArgument(f"Expected a dronetally Schema for schema, got schema={schema!r}")
    return schema


def _check_texts(name: str, values: object, shown: str = "") -> tuple[str, ...]:
    """A non-empty sequence of non-empty strings; ``shown`` is how the
    argument is named in the message (``names['region']``)."""
    shown = shown or name
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidArgument(f"Expected a sequence of names for {name}, got {shown}={values!r}")
    out = tuple(values)
    if not out or not all(isinstance(n, str) and n.strip() for n in out):
        raise InvalidArgument(f"{name} must be non-empty strings, and at least one, got {shown}={values!r}")
    return out


def _check_names(names: object, schema: Schema) -> tuple[str, ...] | dict[str, tuple[str, ...]]:
    """A sequence (every open dimension takes its names from it), or a
    mapping from a dimension's name or key, or ``"*"``, to names; a mapping
    adds to :data:`NAMES`, and each of its keys must be an open dimension of
    ``schema``."""
    if not isinstance(names, Mapping):
        return _check_texts("names", names)
    if names is NAMES or names == NAMES:
        return dict(NAMES)
    open_dims = {d.key for d in schema.dimensions() if d.is_open} | {
        d.name for d in schema.dimensions() if d.is_open}
    out = {}
    for key, values in names.items():
        if not isinstance(key, str) or (key != "*" and key not in open_dims and key not in NAMES):
            raise InvalidArgument(f"names: {key!r} is not an open dimension of the schema "
                                  f"(one of {sorted(open_dims)}, or '*' for every other)")
        out[key] = _check_texts("names", values, f"names[{key!r}]")
    return out


def _pool(names: tuple[str, ...] | Mapping[str, tuple[str, ...]], dim: Dimension | str) -> tuple[str, ...]:
    """The part names for an open dimension (or for a dimension name)."""
    if isinstance(names, tuple):
        return names
    key, name = (dim.key, dim.name) if isinstance(dim, Dimension) else (dim, dim)
    for lookup in (names, NAMES):
        for k in (key, name, "*"):
            if k in lookup:
                return tuple(lookup[k])
    return NAMES["*"]  # pragma: no cover - NAMES has "*"


def _check_dates(dates: object) -> tuple[str, str]:
    if isinstance(dates, str) or not isinstance(dates, Sequence) or len(dates) != 2:
        raise InvalidArgument(f"Expected two ISO dates (first, last) for dates, got dates={dates!r}")
    out = []
    for value in dates:
        if not isinstance(value, str) or len(value.strip()) != 10:
            raise InvalidArgument(f"dates must be ISO dates such as '2025-01-01', got dates={dates!r}")
        try:
            out.append(check_date(value, "dates"))
        except SchemaError as e:
            raise InvalidArgument(f"{e} (dates={dates!r})") from None
    first, last = out
    if first is None or last is None or first > last:
        raise InvalidArgument(f"dates={dates!r}: the first is after the last")
    return first, last


def _check_metadata(metadata: object) -> bool | dict[str, str | None]:
    """True, False, or a mapping of fields to fix (to a text, or None: absent)."""
    if isinstance(metadata, bool):
        return metadata
    if not isinstance(metadata, Mapping):
        raise InvalidArgument(f"Expected True, False or a mapping of fields for metadata, got metadata={metadata!r}")
    out: dict[str, str | None] = {}
    for key, value in metadata.items():
        if key not in _FIXABLE:
            raise InvalidArgument(f"metadata: {key!r} is not a field a strategy fixes; one of {list(_FIXABLE)}")
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise InvalidArgument(f"metadata[{key!r}] must be a non-empty string or None, got {value!r}")
        out[key] = value
    try:
        for key in ("window_start", "window_end", "published"):
            if out.get(key) is not None:
                out[key] = check_date(out[key], key)
        if out.get("window_start") and out.get("window_end"):  # in order, as a ledger reads them
            Report(source="s", window_start=out["window_start"], window_end=out["window_end"]).check()
    except ValueError as e:
        raise InvalidArgument(f"metadata: {e}") from None
    zone = out.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ValueError, LookupError):
            raise InvalidArgument(f"metadata: timezone {zone!r} is not an IANA time zone such as 'Europe/Kyiv'"
                                  ) from None
    return out


def _given(defaults: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The arguments that differ from their defaults: what a repr shows."""
    return {k: v for k, v in values.items() if v is not defaults[k] and v != defaults[k]}


# -- counts --------------------------------------------------------------------------


def counts(*, min_value: int = 0, max_value: int = 1000, exact: bool | None = None) -> st.SearchStrategy[Count]:
    """Counts around a true value from ``min_value`` to ``max_value``: exact
    figures if ``exact``, intervals that contain it if ``exact`` is False
    (never below ``min_value``; above, an upper bound may reach past
    ``max_value``, or be none), either if None."""
    _check_int("min_value", min_value, 0, MAX_COUNT)
    _check_int("max_value", max_value, 0, MAX_COUNT // 2)
    if min_value > max_value:
        raise InvalidArgument(f"min_value={min_value} is more than max_value={max_value}")
    _check_flag("exact", exact, allow_none=True)
    given = _given({"min_value": 0, "max_value": 1000, "exact": None},
                   {"min_value": min_value, "max_value": max_value, "exact": exact})
    return _counts(**given)


@_public("counts")
def _counts(draw: st.DrawFn, *, min_value: int = 0, max_value: int = 1000, exact: bool | None = None) -> Count:
    true = draw(st.integers(min_value, max_value))
    form = "exact" if exact else draw(_INTERVAL_FORM if exact is False else _ANY_FORM)
    bounds = 0 if form == "exact" else draw(_BOUNDS)
    return _figure_of(true, form, bounds, floor=min_value)


_SHARE_BITS = 8  # a share of a count is n * share / 256
_FORMS = ("exact", "at_least", "up_to", "range", "about", "nearly", "more")
_ANY_FORM = st.sampled_from(_FORMS)
_INTERVAL_FORM = st.sampled_from(_FORMS[1:])
_BOUNDS = st.integers(0, (1 << (2 * _SHARE_BITS)) - 1)  # two shares that place an interval's bounds
_BOOL = st.booleans()
_MORE = st.sampled_from((False, True, True, True))  # another part? Three times in four; shrinks to no
# How a node is written, in the order it shrinks: exactly, not at all, "?",
# then the intervals.  A part of a complete dimension always takes part: not
# at all is exactly there, so that its draws mean the same in a partial one.
_WAYS = {
    (None, False): ("exact", "absent", "named", *_FORMS[1:]),
    (True, False): ("exact", "absent", "named"),
    (False, False): ("at_least", "absent", "named", *_FORMS[2:]),
}
_WAYS.update({(exact, True): tuple(ways[0] if w == "absent" else w for w in ways)
              for (exact, _), ways in list(_WAYS.items())})
_WAY = {key: st.sampled_from(range(len(ways))) for key, ways in _WAYS.items()}
_INTEGERS: dict[int, st.SearchStrategy[int]] = {}


def _integers(n: int) -> st.SearchStrategy[int]:
    """``st.integers(0, n)``, made once for each small ``n``."""
    found = _INTEGERS.get(n)
    if found is None:
        found = st.integers(0, n)
        if n <= 4096:
            _INTEGERS[n] = found
    return found


_CHOICES: dict[int, st.SearchStrategy[int]] = {}


def _choice(n: int) -> st.SearchStrategy[int]:
    """One of 0 to n - 1, each as likely (``st.integers`` favours small
    ones), shrinking to 0; made once for each ``n``."""
    found = _CHOICES.get(n)
    if found is None:
        found = _CHOICES[n] = st.sampled_from(range(n))
    return found


def _absent_or(draw: st.DrawFn, n: int) -> int | None:
    """None half the time, else an int from 0 to n - 1: one draw (two where
    ``n`` is large: Hypothesis favours small ones of a long range) that
    shrinks to None, then to 0."""
    if n > 64:
        return draw(_choice(n)) if draw(_BOOL) else None
    code = draw(_choice(2 * n))
    return None if code < n else code - n


class _Pending(threading.local):
    def __init__(self) -> None:
        self.calls: list[Callable[[st.DrawFn], Any]] = []


_PENDING = _Pending()  # what _in_span asks the next draw of _SPAN to run, per thread


@st.composite
def _pending(draw: st.DrawFn) -> Any:
    return _PENDING.calls.pop()(draw)


_SPAN = _pending()


def _in_span(draw: st.DrawFn, fn: Callable[[st.DrawFn], _T]) -> _T:
    """``fn(draw)``, its draws made inside one draw of one strategy, so that
    they form a span: the unit the shrinker deletes whole.  One strategy made
    once serves every call (making one a call costs more than the draws)."""
    calls = _PENDING.calls
    calls.append(fn)
    try:
        out: _T = draw(_SPAN)
    finally:
        if calls and calls[-1] is fn:  # the draw stopped before it ran fn
            calls.pop()
    return out


def _scaled(n: int, share: int) -> int:
    return (n * share) >> _SHARE_BITS


def _figure_of(true: int, form: str, bounds: int, floor: int = 0) -> Count:
    """``true`` written in ``form``: an interval that contains it and is not a
    single value unless ``form`` is exact.  ``bounds`` holds two shares that
    place its lower bound between ``floor`` and ``true``, and its upper bound
    a little above ``true``."""
    if form == "exact":
        return Count.exact(true)
    low, high = bounds & ((1 << _SHARE_BITS) - 1), bounds >> _SHARE_BITS
    lo = floor + _scaled(true - floor, low)
    hi = min(true + 1 + _scaled(true + 10, high), MAX_COUNT)
    if hi == true:  # at the largest count there is no room above: say "at least"
        return Count.parse(f">={lo}")
    if form == "at_least":
        return Count.parse(f">={lo}")
    if form == "more":
        return Count.parse(f">{true - 1}") if true > floor else Count.parse(f">={true}")
    if form == "up_to" and floor == 0:
        return Count.parse(f"<={hi}")
    if form in ("about", "nearly"):
        band = Count.about(true) if form == "about" else Count.nearly(true)
        if band.lo >= floor and band.lo != band.hi:
            return band
    return Count(lo, hi, f"{lo}-{hi}")


# -- account trees -------------------------------------------------------------------

_OPEN_PARTS = 3  # at most this many parts of an open dimension in one report


class _Tree:
    """One account as it is drawn: the true count of every node, how each
    dimension is split, and how each node is to be written.

    Each node's draws come together, in tree order: its true count (a part's
    is at most what its node has left), how it is written, then for each of
    its dimensions whether it is broken down (partial or complete) and its
    parts, each one span: "another?", which, then that part's own draws.
    Leaving a part out removes its span and nothing else's, so the shrinker
    can drop any part; each draw shrinks towards a node written exactly, no
    breakdown, no more parts, the first candidate and the smallest count."""

    def __init__(self, draw: st.DrawFn, schema: Schema, names: tuple[str, ...] | Mapping[str, tuple[str, ...]],
                 exact: bool | None, force: Dimension | None = None) -> None:
        self.draw, self.schema, self.names, self.exact, self.force = draw, schema, names, exact, force
        self.true: dict[str, int] = {}
        self.parts: dict[str, list[str]] = {}  # dimension key -> part keys
        self.complete: set[str] = set()
        self.ways: dict[str, tuple[str, int]] = {}  # how each node is written: (way, bounds)
        self.fixed: set[str] = set()  # stated exactly, whatever was drawn

    def grow(self, max_value: int) -> _Tree:
        for root in self.schema.nodes:
            if self.schema.parent_of(root) is None:
                self._node(root, self.draw(_integers(max_value)), in_complete=False,
                           fixed=self.force is not None and self.force.node == root)
        return self

    def _node(self, key: str, true: int, in_complete: bool, fixed: bool) -> None:
        draw = self.draw
        self.true[key] = true
        if fixed:
            self.fixed.add(key)
        else:
            choice = (self.exact, in_complete)
            way = _WAYS[choice][draw(_WAY[choice])]
            self.ways[key] = (way, draw(_BOUNDS) if way in _FORMS[1:] else 0)
        spec = self.schema.nodes.get(key)
        for dim in spec.dimensions if spec is not None else ():
            forced = dim == self.force
            mode = 1 + draw(_BOOL) if forced else draw(_choice(3))  # 0: not broken down; 1 partial; 2 complete
            if mode:
                self._split(key, dim, mode == 2, forced)

    def _split(self, node: str, dim: Dimension, complete: bool, forced: bool) -> None:
        """Parts of ``node`` along ``dim``, each given a true count from what
        is left; in a complete dimension the last part takes what remains."""
        draw = self.draw
        remaining = self.true[node]
        parts: list[str] = []

        def add(part: str) -> None:
            nonlocal remaining
            value = draw(_integers(remaining))
            remaining -= value
            parts.append(part)
            self._node(part, value, in_complete=complete, fixed=forced)

        # the parts one at a time, as a list is drawn: "another?", then which
        # (one already there ends the list: no draws that mean nothing), then
        # its own draws; a closed dimension's parts are its schema's, an open
        # one's a few names from its pool
        if dim.parts is not None:
            candidates, most = list(dim.parts), len(dim.parts)
        else:
            candidates = [part_key(node, dim.name, n) for n in _pool(self.names, dim)]
            most = _OPEN_PARTS
        pick = _choice(len(candidates))

        def another(draw: st.DrawFn) -> bool:
            if not draw(_MORE):
                return False
            part = candidates[draw(pick)]
            if part in parts:  # one already there ends the list, as "no more" would
                return False
            add(part)
            return True

        for _ in range(most):  # each part's draws one span, which the shrinker can delete whole
            if not _in_span(draw, another):
                break
        if forced and not parts:  # a mutant's dimension has a part at least: the first, with nothing below it
            parts.append(candidates[0])
            self.true[candidates[0]] = 0
            self.fixed.add(candidates[0])
        if not parts:
            return
        self.parts[dim.key] = parts
        if complete:
            self.complete.add(dim.key)
            self._raise(parts[-1], remaining)

    def _raise(self, key: str, extra: int) -> None:
        """Add ``extra`` to ``key``'s true count, and to the last part of each
        of its complete dimensions, so that they still balance."""
        if not extra:
            return
        self.true[key] += extra
        spec = self.schema.nodes.get(key)
        for dim in spec.dimensions if spec is not None else ():
            if dim.key in self.complete:
                self._raise(self.parts[dim.key][-1], extra)

    def account(self) -> Account:
        """Each true count written as drawn: a figure containing it, ``?``, or
        nothing; the fixed nodes exactly."""
        figures: dict[str, Count] = {}
        named: set[str] = set()
        for key, true in self.true.items():
            if key in self.fixed:
                figures[key] = Count.exact(true)
                continue
            way, bounds = self.ways[key]
            if way == "named":
                named.add(key)
            elif way != "absent":
                figures[key] = _figure_of(true, way, bounds)
        return Account(figures, frozenset(named), frozenset(self.complete))

    def weapon_free(self) -> bool:
        """No part of a ``weapon`` dimension: the report may name one weapon."""
        return not any(self.schema.dimension(d).name == "weapon" for d in self.parts)


def accounts(
    *,
    schema: Schema = DEFAULT_SCHEMA,
    consistent: bool = True,
    max_value: int = 1000,
    exact: bool | None = None,
    names: Names = NAMES,
) -> st.SearchStrategy[Account]:
    """Account trees for ``schema``.  ``consistent=True``: every account adds
    up (no error finding); ``False``: one figure changed so that exactly one
    error follows (see :func:`mutants`).  ``exact`` as for :func:`counts`;
    open dimensions take their part names from ``names`` (see :func:`reports`)."""
    _check_schema(schema)
    _check_flag("consistent", consistent, allow_none=False)
    _check_int("max_value", max_value, 0, MAX_COUNT // 4)
    _check_flag("exact", exact, allow_none=True)
    checked = _check_names(names, schema)
    if not consistent:
        _check_mutable(schema)
    given = _given(
        {"schema": DEFAULT_SCHEMA, "consistent": True, "max_value": 1000, "exact": None, "names": NAMES},
        {"schema": schema, "consistent": consistent, "max_value": max_value, "exact": exact, "names": checked},
    )
    return _accounts(**given)


@_public("accounts")
def _accounts(
    draw: st.DrawFn, *, schema: Schema = DEFAULT_SCHEMA, consistent: bool = True, max_value: int = 1000,
    exact: bool | None = None, names: Names = NAMES,
) -> Account:
    pools = _names_of(names)
    if consistent:
        return _Tree(draw, schema, pools, exact).grow(max_value).account()
    mutant = _mutate(draw, schema, max_value, pools, exact, metadata=False, dates=DATES)
    return Account(dict(mutant.report.figures), mutant.report.named, mutant.report.complete)


def _names_of(names: Names) -> tuple[str, ...] | Mapping[str, tuple[str, ...]]:
    """The checked ``names`` as :func:`_pool` reads them."""
    if isinstance(names, Mapping):
        return {k: tuple(v) for k, v in names.items()}
    return tuple(names)


# -- metadata ------------------------------------------------------------------------


def _metadata(draw: st.DrawFn, tree: _Tree, metadata: Metadata, dates: tuple[str, str]) -> dict[str, Any]:
    """A report's metadata: each field generated unless ``metadata`` fixes it,
    each sometimes absent, in one draw or two that shrink to absent."""
    if metadata is False:
        return {}
    fixed: Mapping[str, str | None] = metadata if isinstance(metadata, Mapping) else {}
    out: dict[str, str | None] = {}

    def field(name: str, make: Callable[[], str | None]) -> None:
        out[name] = fixed[name] if name in fixed else make()

    def scope() -> str | None:
        i = _absent_or(draw, len(_SCOPES))
        return None if i is None else _SCOPES[i][0]

    field("scope", scope)
    country = dict(_SCOPES).get(out["scope"] or "")
    start, end = _window(draw, fixed, dates)
    out["window_start"], out["window_end"] = start, end

    def zone() -> str | None:
        i = _absent_or(draw, len(_ZONES))
        return None if i is None else (_SIDES[country][2] if country else _ZONES[i])

    field("timezone", zone)
    field("published", lambda: _published(draw, out["window_end"] or out["window_start"], dates))
    sides = None if "attacker" in fixed and "defender" in fixed else _absent_or(draw, len(_SIDES))
    if sides is not None:
        pair = _SIDES[country or tuple(_SIDES)[sides]]
        out["attacker"], out["defender"] = pair[0], pair[1]
    for name in ("attacker", "defender"):
        out[name] = fixed.get(name, out.get(name))
    if out["attacker"] is not None and out["attacker"] == out["defender"]:  # one was fixed to the other's side
        out["defender" if "attacker" in fixed else "attacker"] = None

    def weapon() -> str | None:
        pool = _pool(tree.names, "weapon")
        i = _absent_or(draw, len(pool))  # drawn even where unused: a report's draws are as many either way
        return None if i is None or not tree.weapon_free() else pool[i]

    field("weapon", weapon)
    out.update((k, v) for k, v in fixed.items() if k not in out)  # id, link
    return out


def _window(draw: st.DrawFn, fixed: Mapping[str, str | None], dates: tuple[str, str]) -> tuple[str | None, str | None]:
    """A window: a day from ``dates``, sometimes with a time (then the window
    is a number of half hours long, else of days), sometimes with no end;
    or the end or start that ``fixed`` does not give, from the one it does."""
    if "window_start" in fixed and "window_end" in fixed:
        return fixed["window_start"], fixed["window_end"]
    if "window_end" in fixed:
        end = fixed["window_end"]
        if end is None:
            return None, None
        return _shifted(draw, end, -1), end
    start = fixed.get("window_start") if "window_start" in fixed else _day(draw, dates, with_time=True)
    if start is None:
        return None, None
    return start, _shifted(draw, start, 1)


def _day(draw: st.DrawFn, dates: tuple[str, str], with_time: bool) -> str | None:
    """A day from ``dates``, or None; with a time on the half hour, or not."""
    first, last = _dt.date.fromisoformat(dates[0]), _dt.date.fromisoformat(dates[1])
    offset = _absent_or(draw, (last - first).days + 1)
    if offset is None:
        return None
    day = first + _dt.timedelta(days=offset)
    slot = _absent_or(draw, _DAY_SLOTS) if with_time else None
    if slot is None:
        return day.isoformat()
    return (_dt.datetime(day.year, day.month, day.day) + slot * _SLOT).isoformat(timespec="minutes")


def _shifted(draw: st.DrawFn, at: str, sign: int) -> str | None:
    """A moment up to two days after ``at`` (before, for ``sign`` -1), in its
    precision: whole days for a date, half hours for a time; or None."""
    slots = _absent_or(draw, _SHIFTS)  # one draw for both, so that a time shrinks to a date keeping its end
    if slots is None:
        return None
    if len(at) == 10:
        return (_dt.date.fromisoformat(at) + sign * _dt.timedelta(days=slots * 3 // _SHIFTS)).isoformat()
    return check_date((_dt.datetime.fromisoformat(at) + sign * slots * _SLOT).isoformat(), "window")


def _published(draw: st.DrawFn, after: str | None, dates: tuple[str, str]) -> str | None:
    """The date (or time, if the window has times) of publication: at most two
    days after the window; any day of ``dates`` where there is no window."""
    if after is None:
        return _day(draw, dates, with_time=False)
    return _shifted(draw, after, 1)


# -- reports and ledgers -------------------------------------------------------------


def reports(
    *,
    schema: Schema = DEFAULT_SCHEMA,
    consistent: bool | None = True,
    max_value: int = 1000,
    exact: bool | None = None,
    names: Names = NAMES,
    sources: Sequence[str] = ("air force", "defence ministry"),
    metadata: Metadata = True,
    dates: tuple[str, str] = DATES,
) -> st.SearchStrategy[Report]:
    """Reports for ``schema``: consistent (no error finding) if ``consistent``
    is True, with exactly one error if False (see :func:`mutants`), either if
    None.  ``sources`` are the sources to say them.

    ``names`` gives the part names of open dimensions: a sequence for every
    one, or a mapping from a dimension's name (``"region"``) or key
    (``"shot_down.region"``), or ``"*"`` for any other, to its names, which
    replaces those entries of :data:`NAMES`.

    ``metadata``: True generates scope, window, time zone, date of
    publication, attacker and defender, and weapon (each sometimes absent);
    False none; a mapping fixes the fields it names (to a text, or to None:
    absent) and generates the others.  Windows start on a day from ``dates``
    (first, last), and end within two days."""
    _check_schema(schema)
    _check_flag("consistent", consistent, allow_none=True)
    _check_int("max_value", max_value, 0, MAX_COUNT // 4)
    _check_flag("exact", exact, allow_none=True)
    checked = _check_names(names, schema)
    sources = _check_texts("sources", sources)
    meta = _check_metadata(metadata)
    dates = _check_dates(dates)
    if consistent is not True:
        _check_mutable(schema)
    given = _given(
        {"schema": DEFAULT_SCHEMA, "consistent": True, "max_value": 1000, "exact": None, "names": NAMES,
         "sources": ("air force", "defence ministry"), "metadata": True, "dates": DATES},
        {"schema": schema, "consistent": consistent, "max_value": max_value, "exact": exact, "names": checked,
         "sources": sources, "metadata": meta, "dates": dates},
    )
    return _reports(**given)


@_public("reports")
def _reports(
    draw: st.DrawFn, *, schema: Schema = DEFAULT_SCHEMA, consistent: bool | None = True, max_value: int = 1000,
    exact: bool | None = None, names: Names = NAMES, sources: Sequence[str] = ("air force", "defence ministry"),
    metadata: Metadata = True, dates: tuple[str, str] = DATES,
) -> Report:
    if consistent is None:
        consistent = not draw(_BOOL)  # shrinks to consistent
    source = sources[draw(_choice(len(sources)))]
    pools = _names_of(names)
    if not consistent:
        return _mutate(draw, schema, max_value, pools, exact, metadata, dates, source).report
    tree = _Tree(draw, schema, pools, exact).grow(max_value)
    account = tree.account()
    return Report(source=source, figures=account.figures, named=account.named, complete=account.complete,
                  schema=schema, **_metadata(draw, tree, metadata, dates))


def ledgers(
    *,
    schema: Schema = DEFAULT_SCHEMA,
    consistent: bool | None = None,
    min_size: int = 1,
    max_size: int = 20,
    max_value: int = 1000,
    names: Names = NAMES,
    metadata: Metadata = True,
    dates: tuple[str, str] = DATES,
) -> st.SearchStrategy[Ledger]:
    """Ledgers of ``min_size`` to ``max_size`` reports, each drawn by
    :func:`reports` with the other arguments.  No two of them speak of the
    same drones (the same scope, window and weapon), so the rules across
    reports find nothing: of a later report that would, the scope is left
    out (the window, if ``metadata`` fixes the scope)."""
    _check_int("min_size", min_size, 0, 10_000)
    _check_int("max_size", max_size, 0, 10_000)
    if min_size > max_size:
        raise InvalidArgument(f"min_size={min_size} is more than max_size={max_size}")
    reports(schema=schema, consistent=consistent, max_value=max_value, names=names, metadata=metadata,
            dates=dates)  # checks those arguments now
    checked, meta = _check_names(names, schema), _check_metadata(metadata)
    if isinstance(meta, Mapping) and meta.get("scope") and meta.get("window_start") and max_size > 1:
        raise InvalidArgument("ledgers: metadata fixes both scope and window_start, so every report would speak of "
                              "the same drones and be compared with the others; fix at most one of them")
    given = _given(
        {"schema": DEFAULT_SCHEMA, "consistent": None, "min_size": 1, "max_size": 20, "max_value": 1000,
         "names": NAMES, "metadata": True, "dates": DATES},
        {"schema": schema, "consistent": consistent, "min_size": min_size, "max_size": max_size,
         "max_value": max_value, "names": checked, "metadata": meta, "dates": _check_dates(dates)},
    )
    return _ledgers(**given)


@_public("ledgers")
def _ledgers(draw: st.DrawFn, *, schema: Schema = DEFAULT_SCHEMA, consistent: bool | None = None,
             min_size: int = 1, max_size: int = 20, max_value: int = 1000, names: Names = NAMES,
             metadata: Metadata = True, dates: tuple[str, str] = DATES) -> Ledger:
    inner = _reports(schema=schema, consistent=consistent, max_value=max_value, names=names, metadata=metadata,
                     dates=dates)  # checked when the ledgers were asked for
    drawn = draw(st.lists(inner, min_size=min_size, max_size=max_size))
    fixed = metadata if isinstance(metadata, Mapping) else {}
    seen = set()
    for i, report in enumerate(drawn):
        if report.scope is None or report.window_start is None:
            continue
        key = (report.scope, moment(report.window_start, report.timezone),
               moment(report.window_end, report.timezone, end=True), report.weapon)
        if key in seen:  # the rules across reports would compare it with an earlier one
            drawn[i] = (report.evolve(window_start=None, window_end=None) if "scope" in fixed
                        else report.evolve(scope=None))
        seen.add(key)
    return Ledger(drawn, schema)


# -- mutants -------------------------------------------------------------------------


def _check_mutable(schema: Schema) -> None:
    if not any(schema.parent_of(n) is None and schema.nodes[n].dimensions for n in schema.nodes):
        raise InvalidArgument("the schema has no node with a dimension, so no figure can be made wrong")


def mutants(
    *, schema: Schema = DEFAULT_SCHEMA, max_value: int = 1000, names: Names = NAMES, metadata: Metadata = True,
    dates: tuple[str, str] = DATES,
) -> st.SearchStrategy[Mutant]:
    """A consistent report with exactly one figure changed so that it gives
    exactly one error finding, and that finding: over-accounted (a part
    raised past its node) or under-accounted (a part of a complete dimension
    lowered).  ``Ledger([m.report]).check().errors`` is exactly
    ``[m.expected]``.  ``names``, ``metadata`` and ``dates`` as for
    :func:`reports`."""
    _check_schema(schema)
    _check_int("max_value", max_value, 0, MAX_COUNT // 4)
    checked = _check_names(names, schema)
    meta = _check_metadata(metadata)
    checked_dates = _check_dates(dates)
    _check_mutable(schema)
    given = _given({"schema": DEFAULT_SCHEMA, "max_value": 1000, "names": NAMES, "metadata": True, "dates": DATES},
                   {"schema": schema, "max_value": max_value, "names": checked, "metadata": meta,
                    "dates": checked_dates})
    return _mutants(**given)


@_public("mutants")
def _mutants(draw: st.DrawFn, *, schema: Schema = DEFAULT_SCHEMA, max_value: int = 1000, names: Names = NAMES,
             metadata: Metadata = True, dates: tuple[str, str] = DATES) -> Mutant:
    return _mutate(draw, schema, max_value, _names_of(names), None, metadata, dates)


def _mutate(draw: st.DrawFn, schema: Schema, max_value: int, names: tuple[str, ...] | Mapping[str, tuple[str, ...]],
            exact: bool | None, metadata: Metadata, dates: tuple[str, str], source: str = "air force") -> Mutant:
    """A consistent account grown around a site (a root stated exactly, one of
    its dimensions with every part stated exactly, one of those parts), then
    that part changed: raised past the node, or, in a complete dimension,
    lowered below it."""
    roots = [n for n in schema.nodes if schema.parent_of(n) is None and schema.nodes[n].dimensions]
    node = roots[draw(_choice(len(roots)))]
    dims = schema.nodes[node].dimensions
    dim = dims[draw(_choice(len(dims)))]
    tree = _Tree(draw, schema, names, exact, force=dim).grow(max_value)
    parts = tree.parts[dim.key]
    target = parts[draw(_choice(len(parts)))]
    before = tree.true[target]
    under = dim.key in tree.complete and before > 0 and draw(_BOOL)
    below = {k for k in tree.true if target in _ancestors(schema, k)}
    if under:
        # lowering the part must not put it under its own parts: it has none
        for key in below:
            del tree.true[key]
        for dim_key in [d for d in tree.parts if d.split(".", 1)[0] in below | {target}]:
            tree.complete.discard(dim_key)
            del tree.parts[dim_key]
    else:
        # raising the part must not leave its own complete breakdowns short: make them partial
        tree.complete -= {d for d in tree.complete if d.split(".", 1)[0] == target}
    account = tree.account()
    figures = dict(account.figures)
    original = Report(source=source, figures=figures, named=account.named, complete=account.complete,
                      schema=schema, **_metadata(draw, tree, metadata, dates))
    if under:
        k = 1 + draw(_integers(before - 1))
        figures[target] = Count.exact(before - k)
        expected = Expected("under-accounted", node, dim.key, k)
    else:
        slack = tree.true[node] - sum(tree.true[p] for p in parts)
        k = 1 + draw(_integers(max(0, max_value - 1)))
        figures[target] = Count.exact(before + slack + k)
        expected = Expected("over-accounted", node, dim.key, k)
    report = original.evolve(figures=figures, named=account.named)
    return Mutant(report, original, target, expected)


def _ancestors(schema: Schema, key: str) -> list[str]:
    """The nodes above ``key``, nearest first."""
    out = []
    dim = schema.locate(key)[1]
    while dim is not None:
        out.append(dim.node)
        dim = schema.parent_of(dim.node)
    return out


# ``st.from_type(Report)`` is ``reports()``: the "hypothesis" entry point
# (dronetally._hypothesis) registers it when Hypothesis is imported; where it
# did not run (dronetally not installed, or HYPOTHESIS_NO_PLUGINS set),
# importing this module does.  Not over a strategy the user registered since.
if not getattr(sys.modules.get("dronetally._hypothesis"), "registered", False):
    st.register_type_strategy(Count, counts())
    st.register_type_strategy(Report, reports())
    st.register_type_strategy(Ledger, ledgers())
