"""Hypothesis strategies for property tests of code that handles attack reports.

    from dronetally import strategies as dts

    @given(dts.reports())                    # every account adds up
    @given(dts.reports(consistent=False))    # at least one error
    @given(dts.mutants())                    # one wrong figure, and the finding it must give

Consistent reports are built from the inside out: a true count for every
node, split among the parts of each dimension (exactly, for a complete one),
then each figure written as something that contains its true value (``52``,
``>=40``, ``~100``, ``?``).  Nothing is generated and thrown away, and a
failing example shrinks towards small, plain numbers.

Needs the ``strategies`` extra: ``pip install 'dronetally[strategies]'``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "dronetally.strategies needs Hypothesis: pip install 'dronetally[strategies]'"
    ) from exc

from dronetally.count import MAX_COUNT, Count
from dronetally.ledger import Ledger
from dronetally.report import Report
from dronetally.schema import DEFAULT_SCHEMA, Dimension, Schema, part_key

_P = ParamSpec("_P")
_T = TypeVar("_T")

__all__ = ["Expected", "Mutant", "accounts", "counts", "ledgers", "mutants", "reports"]

#: Part names for open dimensions (regions, destinations, weapons) when none are given.
NAMES = ("Oryol", "Kursk", "Belarus", "south", "Kyiv oblast", "Shahed", "Iskander-M", "St. Petersburg")


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


def _check_names(names: object) -> tuple[str, ...]:
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise InvalidArgument(f"Expected a sequence of part names for names, got names={names!r}")
    out = tuple(names)
    if not out or not all(isinstance(n, str) and n.strip() for n in out):
        raise InvalidArgument(f"names must be non-empty strings, and at least one, got names={names!r}")
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
    true = min_value + _upto(draw, max_value - min_value)
    form = "exact" if exact else draw(_INTERVAL_FORM if exact is False else _ANY_FORM)
    return _figure_of(true, form, draw(_SHARE), draw(_SHARE), floor=min_value)


# Hypothesis spends far more on a draw than on the arithmetic around it, so a
# report is drawn in two: one draw of random bytes for the tree (its true
# counts and how they split), one for how each count is written.  Bytes are
# drawn evenly (a wide integer would mostly come out small) and shrink towards
# zero, which reads as: small counts, no breakdowns, every figure exact.
_SHARE_BITS = 12
_WHOLE = 1 << _SHARE_BITS
_BOUND_BITS = 8  # shares that place an interval's bounds around the true count
_FORMS = ("exact", "at_least", "up_to", "range", "about", "nearly", "more")
_ANY_FORM = st.sampled_from(_FORMS)
_INTERVAL_FORM = st.sampled_from(_FORMS[1:])
_HOW = ("stated", "absent", "named", "stated")  # two bits a node
_WRITE_BITS = 2 + 3 + 2 * _BOUND_BITS  # how, form, two shares for its bounds
_BYTES: dict[int, st.SearchStrategy[bytes]] = {}
_SHARE = st.integers(0, _WHOLE)
_BOOL = st.booleans()


class _Bits:
    """Random bits from one draw, handed out as small fields in turn."""

    def __init__(self, draw: st.DrawFn, n: int) -> None:
        size = (n + 7) // 8
        if size not in _BYTES:
            _BYTES[size] = st.binary(min_size=size, max_size=size)
        self._value = int.from_bytes(draw(_BYTES[size]), "little") if size else 0
        self._left = size * 8

    def take(self, n: int) -> int:
        assert n <= self._left, "the layout reserved too few bits"
        field = self._value & ((1 << n) - 1)
        self._value >>= n
        self._left -= n
        return field

    def share(self) -> int:
        """A share from 0 to _WHOLE (everything)."""
        return self.take(_SHARE_BITS + 1) % (_WHOLE + 1)


def _scaled(n: int, share: int) -> int:
    return (n * share) >> _SHARE_BITS


def _upto(draw: st.DrawFn, n: int) -> int:
    """An int from 0 to n, drawn as a share of n, so it shrinks to 0."""
    return _scaled(n, draw(_SHARE))


def _subset(mask: int, items: Sequence[str], min_size: int, max_size: int) -> list[str]:
    """The items whose bit is set in ``mask``, at most ``max_size``; the first
    items are added when fewer than ``min_size`` are set."""
    chosen = [item for i, item in enumerate(items) if mask >> i & 1][:max_size]
    for item in items:
        if len(chosen) >= min_size:
            break
        if item not in chosen:
            chosen.append(item)
    return chosen


_OPEN_PARTS = 3  # at most this many parts of an open dimension in one report


def _tree_bits(schema: Schema, names: Sequence[str]) -> int:
    """The most bits growing one tree can take: a share for each root's true
    count, and for each dimension two flags, a mask and a share for each part."""
    bits = 0
    for name, spec in schema.nodes.items():
        if schema.parent_of(name) is None:
            bits += _SHARE_BITS + 1
        for dim in spec.dimensions:
            candidates = len(names) if dim.parts is None else len(dim.parts)
            most = _OPEN_PARTS if dim.parts is None else candidates
            bits += 2 + candidates + most * (_SHARE_BITS + 1)
    return bits


def _figure_of(true: int, form: str, low: int, high: int, floor: int = 0) -> Count:
    """``true`` written in ``form``: an interval that contains it and is not a
    single value unless ``form`` is exact.  ``low`` and ``high`` are shares
    that place its lower bound between ``floor`` and ``true``, and its upper
    bound a little above ``true``."""
    if form == "exact":
        return Count.exact(true)
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


# -- accounts and reports ------------------------------------------------------------


def accounts(
    *,
    schema: Schema = DEFAULT_SCHEMA,
    consistent: bool = True,
    max_value: int = 1000,
    exact: bool | None = None,
    names: Sequence[str] = NAMES,
) -> st.SearchStrategy[Account]:
    """Account trees for ``schema``.  ``consistent=True``: every account adds
    up (no error finding); ``False``: one figure changed so that exactly one
    error follows (see :func:`mutants`).  ``exact`` as for :func:`counts`;
    open dimensions take their part names from ``names``."""
    _check_schema(schema)
    _check_flag("consistent", consistent, allow_none=False)
    _check_int("max_value", max_value, 0, MAX_COUNT // 4)
    _check_flag("exact", exact, allow_none=True)
    names = _check_names(names)
    if not consistent:
        _check_mutable(schema)
    given = _given(
        {"schema": DEFAULT_SCHEMA, "consistent": True, "max_value": 1000, "exact": None, "names": NAMES},
        {"schema": schema, "consistent": consistent, "max_value": max_value, "exact": exact, "names": names},
    )
    return _accounts(**given)


@_public("accounts")
def _accounts(
    draw: st.DrawFn, *, schema: Schema = DEFAULT_SCHEMA, consistent: bool = True, max_value: int = 1000,
    exact: bool | None = None, names: Sequence[str] = NAMES,
) -> Account:
    if consistent:
        return _true_account(draw, schema, max_value, exact, names)[0]
    mutant = _mutate(draw, schema, max_value, names, exact)
    return Account(dict(mutant.report.figures), mutant.report.named, mutant.report.complete)


class _Tree:
    """The true counts of one account, and how each node is split."""

    def __init__(self) -> None:
        self.true: dict[str, int] = {}
        self.parts: dict[str, list[str]] = {}  # dimension key -> part keys
        self.complete: set[str] = set()
        self.pick = 0  # spare random bits, for the caller's own choices (a source)


def _split(bits: _Bits, schema: Schema, node: str, value: int, tree: _Tree, names: Sequence[str],
           force: Dimension | None) -> None:
    """Give ``node`` its true value and split it along some of its dimensions
    (``force`` always, into at least one part)."""
    tree.true[node] = value
    if node not in schema.nodes:
        return
    for dim in schema.nodes[node].dimensions:
        candidates = names if dim.parts is None else dim.parts
        used, complete, mask = bits.take(1), bits.take(1), bits.take(len(candidates))
        if not used and dim != force:
            continue
        most = _OPEN_PARTS if dim.parts is None else len(candidates)
        chosen = _subset(mask, candidates, int(dim == force), most)
        parts = [part_key(node, dim.name, n) for n in chosen] if dim.parts is None else chosen
        remaining = value
        values = []
        for i in range(len(parts)):
            x = remaining if complete and i == len(parts) - 1 else _scaled(remaining, bits.share())
            values.append(x)
            remaining -= x
        tree.parts[dim.key] = parts
        if complete and parts:
            tree.complete.add(dim.key)
        for part, x in zip(parts, values, strict=True):
            _split(bits, schema, part, x, tree, names, force)


def _grow(draw: st.DrawFn, schema: Schema, max_value: int, names: Sequence[str],
          force: Dimension | None = None) -> _Tree:
    """True counts for every root, split down the tree, from one draw."""
    bits = _Bits(draw, _tree_bits(schema, names) + 8)
    tree = _Tree()
    tree.pick = bits.take(8)
    for root in schema.nodes:
        if schema.parent_of(root) is None:
            least = int(force is not None and force.node == root)
            value = least + _scaled(max_value - least, bits.share())
            _split(bits, schema, root, value, tree, names, force)
    return tree


def _write(draw: st.DrawFn, tree: _Tree, exact: bool | None, fixed: Iterable[str] = ()) -> Account:
    """Write each true count, from one draw, as a figure containing it, ``?``,
    or nothing; a part of a complete dimension always takes part (stated or
    named), and the keys in ``fixed`` are stated exactly."""
    fixed = set(fixed)
    in_complete = {p for dim in tree.complete for p in tree.parts[dim]}
    figures: dict[str, Count] = {}
    named: set[str] = set()
    bits = _Bits(draw, _WRITE_BITS * len(tree.true))
    for key, true in tree.true.items():
        how, form_bits = _HOW[bits.take(2)], bits.take(3)
        low, high = bits.take(_BOUND_BITS) << (_SHARE_BITS - _BOUND_BITS), bits.take(_BOUND_BITS) << (
            _SHARE_BITS - _BOUND_BITS)
        if key in fixed:
            figures[key] = Count.exact(true)
        elif how == "stated" or (how == "absent" and key in in_complete):
            form = "exact" if exact else _FORMS[form_bits % len(_FORMS)]
            if exact is False and form == "exact":
                form = "at_least"
            figures[key] = _figure_of(true, form, low, high)
        elif how == "named":
            named.add(key)
    return Account(figures, frozenset(named), frozenset(tree.complete))


def _true_account(draw: st.DrawFn, schema: Schema, max_value: int, exact: bool | None,
                  names: Sequence[str]) -> tuple[Account, int]:
    """A consistent account, and spare random bits for the caller."""
    tree = _grow(draw, schema, max_value, names)
    return _write(draw, tree, exact), tree.pick


def reports(
    *,
    schema: Schema = DEFAULT_SCHEMA,
    consistent: bool | None = True,
    max_value: int = 1000,
    exact: bool | None = None,
    names: Sequence[str] = NAMES,
    sources: Sequence[str] = ("air force", "defence ministry"),
) -> st.SearchStrategy[Report]:
    """Reports for ``schema``: consistent (no error finding) if ``consistent``
    is True, with exactly one error if False (see :func:`mutants`), either if
    None.  ``sources`` are the sources to say them."""
    _check_schema(schema)
    _check_flag("consistent", consistent, allow_none=True)
    _check_int("max_value", max_value, 0, MAX_COUNT // 4)
    _check_flag("exact", exact, allow_none=True)
    names = _check_names(names)
    sources = _check_names(sources)
    if consistent is not True:
        _check_mutable(schema)
    given = _given(
        {"schema": DEFAULT_SCHEMA, "consistent": True, "max_value": 1000, "exact": None, "names": NAMES,
         "sources": ("air force", "defence ministry")},
        {"schema": schema, "consistent": consistent, "max_value": max_value, "exact": exact, "names": names,
         "sources": sources},
    )
    return _reports(**given)


@_public("reports")
def _reports(
    draw: st.DrawFn, *, schema: Schema = DEFAULT_SCHEMA, consistent: bool | None = True, max_value: int = 1000,
    exact: bool | None = None, names: Sequence[str] = NAMES, sources: Sequence[str] = ("air force", "defence ministry"),
) -> Report:
    if consistent is None:
        consistent = draw(_BOOL)
    if not consistent:
        mutant = _mutate(draw, schema, max_value, names, exact)
        return mutant.report.evolve(source=sources[_upto(draw, len(sources) - 1)])
    account, pick = _true_account(draw, schema, max_value, exact, names)
    return Report(source=sources[pick % len(sources)], figures=account.figures, named=account.named,
                  complete=account.complete, schema=schema)


def ledgers(
    *,
    schema: Schema = DEFAULT_SCHEMA,
    consistent: bool | None = None,
    min_size: int = 1,
    max_size: int = 20,
    max_value: int = 1000,
) -> st.SearchStrategy[Ledger]:
    """Ledgers of ``min_size`` to ``max_size`` reports, each drawn by
    :func:`reports` with ``consistent``."""
    _check_int("min_size", min_size, 0, 10_000)
    _check_int("max_size", max_size, 0, 10_000)
    if min_size > max_size:
        raise InvalidArgument(f"min_size={min_size} is more than max_size={max_size}")
    reports(schema=schema, consistent=consistent, max_value=max_value)  # checks those arguments now
    given = _given(
        {"schema": DEFAULT_SCHEMA, "consistent": None, "min_size": 1, "max_size": 20, "max_value": 1000},
        {"schema": schema, "consistent": consistent, "min_size": min_size, "max_size": max_size,
         "max_value": max_value},
    )
    return _ledgers(**given)


@_public("ledgers")
def _ledgers(draw: st.DrawFn, *, schema: Schema = DEFAULT_SCHEMA, consistent: bool | None = None,
             min_size: int = 1, max_size: int = 20, max_value: int = 1000) -> Ledger:
    inner = reports(schema=schema, consistent=consistent, max_value=max_value)
    return Ledger(draw(st.lists(inner, min_size=min_size, max_size=max_size)), schema)


# -- mutants -------------------------------------------------------------------------


def _check_mutable(schema: Schema) -> None:
    if not any(schema.parent_of(n) is None and schema.nodes[n].dimensions for n in schema.nodes):
        raise InvalidArgument("the schema has no node with a dimension, so no figure can be made wrong")


def mutants(
    *, schema: Schema = DEFAULT_SCHEMA, max_value: int = 1000, names: Sequence[str] = NAMES
) -> st.SearchStrategy[Mutant]:
    """A consistent report with exactly one figure changed so that it gives
    exactly one error finding, and that finding: over-accounted (a part
    raised past its node) or under-accounted (a part of a complete dimension
    lowered).  ``Ledger([m.report]).check().errors`` is exactly
    ``[m.expected]``."""
    _check_schema(schema)
    _check_int("max_value", max_value, 0, MAX_COUNT // 4)
    names = _check_names(names)
    _check_mutable(schema)
    given = _given({"schema": DEFAULT_SCHEMA, "max_value": 1000, "names": NAMES},
                   {"schema": schema, "max_value": max_value, "names": names})
    return _mutants(**given)


@_public("mutants")
def _mutants(draw: st.DrawFn, *, schema: Schema = DEFAULT_SCHEMA, max_value: int = 1000,
             names: Sequence[str] = NAMES) -> Mutant:
    return _mutate(draw, schema, max_value, names)


def _mutate(draw: st.DrawFn, schema: Schema, max_value: int, names: Sequence[str],
            exact: bool | None = None) -> Mutant:
    """A consistent account grown around a site (a root stated exactly, one of
    its dimensions with every part stated exactly, one of those parts), then
    that part changed: raised past the node, or, in a complete dimension,
    lowered below it."""
    choice = _Bits(draw, 3 * 8 + 1 + _SHARE_BITS + 1)  # root, dimension, part, lower?, by how much
    roots = [n for n in schema.nodes if schema.parent_of(n) is None and schema.nodes[n].dimensions]
    node = roots[choice.take(8) % len(roots)]
    dims = schema.nodes[node].dimensions
    dim = dims[choice.take(8) % len(dims)]
    tree = _grow(draw, schema, max_value, names, force=dim)
    parts = tree.parts[dim.key]
    target = parts[choice.take(8) % len(parts)]
    before = tree.true[target]
    under = dim.key in tree.complete and before > 0 and bool(choice.take(1))
    amount = choice.share()
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
    account = _write(draw, tree, exact, fixed=(node, *parts))
    figures = dict(account.figures)
    original = Report(source="air force", figures=figures, named=account.named, complete=account.complete,
                      schema=schema)
    if under:
        k = 1 + _scaled(before - 1, amount)
        figures[target] = Count.exact(before - k)
        expected = Expected("under-accounted", node, dim.key, k)
    else:
        slack = tree.true[node] - sum(tree.true[p] for p in parts)
        k = 1 + _scaled(max(0, max_value - 1), amount)
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
