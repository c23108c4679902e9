"""The vectorised engine against a plain-Python reference of rules 2-7.

The reference below works on one :class:`~dronetally.Report` of the default
schema with Python ints (``None`` is "no upper bound"), as plain recursion
over the account tree: one upward sweep that checks every dimension against
its node's own figure, one downward sweep, then the remainders and the
inferred bounds.  It shares no code with :mod:`dronetally.rules`; the tree is
written out here again (and checked against ``DEFAULT_SCHEMA``).  An inferred
bound is reported, as in rules.py, when it says more than the node above it
does: a floor above 0, or a ceiling below that node's ceiling.

The properties compare the engine with the reference on ledgers of arbitrary
reports (consistent or not), and check what must hold on reports built
consistent from a "true" account of the night.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dronetally import DEFAULT_SCHEMA, Count, Ledger, Report
from dronetally.count import MAX_COUNT
from dronetally.ledger import to_python
from dronetally.schema import part_key

Hi = int | None  # an upper bound; None: no upper bound
Finding = tuple[str, str, str | None, int, Hi]  # (rule, node, dimension, lo, hi)

# -- the default tree, written out again ---------------------------------------

OUTCOME = ("shot_down", "lost_track", "diverted", "hit", "airborne")
#: node -> {dimension: its parts, or None for an open dimension}
TREE: dict[str, dict[str, tuple[str, ...] | None]] = {
    "launched": {"launched.outcome": OUTCOME, "launched.weapon": None},
    "shot_down": {"shot_down.region": None},
    "lost_track": {},
    "diverted": {"diverted.destination": None},
    "hit": {},
    "airborne": {},
}
ROOT = "launched"
DIMENSIONS = tuple(d for dims in TREE.values() for d in dims)


def parent(key: str) -> str | None:
    """The node a key is a part of (open parts are keyed ``node.dimension.name``)."""
    if key in OUTCOME:
        return ROOT
    if key in TREE:
        return None
    return key.split(".")[0]


def test_tree_is_the_default_schema() -> None:
    nodes = DEFAULT_SCHEMA.to_dict()["nodes"]
    mine = {
        node: {d.split(".")[1]: list(parts) if parts is not None else "open" for d, parts in dims.items()}
        for node, dims in TREE.items()
    }
    assert nodes == mine


# -- the reference --------------------------------------------------------------


def total(his: Iterable[Hi]) -> Hi:
    """Sum of upper bounds; unbounded when any term is."""
    out = 0
    for hi in his:
        if hi is None:
            return None
        out += hi
    return out


def smaller(a: Hi, b: Hi) -> Hi:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def parts_of(dimension: str, keys: Collection[str]) -> list[str]:
    """All parts of a dimension a report could have: the listed ones, or the
    open parts among the report's keys."""
    node = dimension.split(".")[0]
    listed = TREE[node][dimension]
    if listed is not None:
        return list(listed)
    return sorted(k for k in keys if k.startswith(dimension + "."))


def dimensions_of(key: str) -> tuple[str, ...]:
    return tuple(TREE.get(key, {}))  # open parts are leaves


def is_present(key: str, keys: Collection[str]) -> bool:
    """Stated, named, or something below it is."""
    return key in keys or any(is_present(p, keys) for d in dimensions_of(key) for p in parts_of(d, keys))


@dataclass
class Dim:
    key: str
    parts: list[str]  # the present parts, so the dimension is active
    complete: bool
    lo: int  # the parts' upward lower bounds, summed
    hi: Hi  # their upward upper bounds, summed
    broken: bool = False


@dataclass
class Reference:
    final: dict[str, tuple[int, Hi]] = field(default_factory=dict)  # present nodes only
    findings: list[Finding] = field(default_factory=list)
    other_dimension: dict[str, str] = field(default_factory=dict)  # node -> 2nd dim of a disagreement


def reference(report: Report) -> Reference:
    figures, complete = report.figures, report.complete
    keys = set(figures) | set(report.named)
    out = Reference()
    up: dict[str, tuple[int, Hi]] = {}
    dims: dict[str, list[Dim]] = {}

    def own(key: str) -> tuple[int, Hi]:
        fig = figures.get(key)
        return (0, None) if fig is None else (fig.lo, fig.hi)

    def sweep_up(node: str) -> tuple[int, Hi]:
        own_lo, own_hi = own(node)
        mine = []
        for key in dimensions_of(node):
            parts = [p for p in parts_of(key, keys) if is_present(p, keys)]
            if not parts:
                continue
            bounds = [sweep_up(p) for p in parts]
            d = Dim(key, parts, key in complete, sum(lo for lo, _ in bounds), total(hi for _, hi in bounds))
            if own_hi is not None and d.lo > own_hi:
                out.findings.append(("over-accounted", node, key, d.lo - own_hi, d.lo - own_hi))
                d.broken = True
            elif d.complete and d.hi is not None and d.hi < own_lo:
                out.findings.append(("under-accounted", node, key, own_lo - d.hi, own_lo - d.hi))
                d.broken = True
            mine.append(d)
        # (the default tree has at most two dimensions per node, so at most one pair disagrees)
        for a, b in itertools.permutations([d for d in mine if not d.broken], 2):
            if b.complete and b.hi is not None and a.lo > b.hi:
                out.findings.append(("dimensions-disagree", node, a.key, a.lo - b.hi, a.lo - b.hi))
                out.other_dimension[node] = b.key
                a.broken = b.broken = True
                break
        lo, hi = own_lo, own_hi
        for d in mine:
            if not d.broken:
                lo = max(lo, d.lo)
                if d.complete:
                    hi = smaller(hi, d.hi)
        up[node] = lo, hi
        dims[node] = mine
        return lo, hi

    def sweep_down(node: str, lo: int, hi: Hi) -> None:
        out.final[node] = lo, hi
        for d in dims[node]:
            for p in d.parts:
                p_lo, p_hi = up[p]
                if not d.broken:
                    others = [up[q] for q in d.parts if q != p]
                    others_lo, others_hi = sum(b[0] for b in others), total(b[1] for b in others)
                    if hi is not None:
                        p_hi = smaller(p_hi, hi - others_lo)
                    if d.complete and others_hi is not None:
                        p_lo = max(p_lo, lo - others_hi)
                sweep_down(p, p_lo, p_hi)

    if not is_present(ROOT, keys):
        return out
    sweep_down(ROOT, *sweep_up(ROOT))

    for node, mine in dims.items():
        n_lo, n_hi = out.final[node]
        if node not in figures and n_lo != n_hi:  # neither stated nor found exactly by the other figures
            continue
        for d in mine:
            if d.broken or d.complete:
                continue
            f_lo = sum(out.final[p][0] for p in d.parts)
            f_hi = total(out.final[p][1] for p in d.parts)
            lo = 0 if f_hi is None else max(0, n_lo - f_hi)
            hi = None if n_hi is None else n_hi - f_lo
            if hi is None or hi > 0:
                out.findings.append(("remainder", node, d.key, lo, hi))
    # an inferred bound is reported when it says more than the node above does:
    # a floor above 0, or a ceiling below that node's own (final) ceiling
    for key, (lo, hi) in out.final.items():
        above = parent(key)
        ceiling = None if above is None else out.final[above][1]
        if key not in figures and (lo > 0 or (hi is not None and (ceiling is None or hi < ceiling))):
            out.findings.append(("inferred-bound", key, None, lo, hi))
    return out


# The reference on the worked examples of DESIGN.md and tests/test_rules.py,
# so that it is not merely the engine's echo.
@pytest.mark.parametrize(
    ("figures", "complete", "expected"),
    [
        (
            {"launched": 103, "shot_down": 52, "lost_track": 44, "diverted": 1, "diverted.Belarus": 1},
            set(),
            [("remainder", "launched", "launched.outcome", 6, 6)],
        ),
        (
            {"shot_down": 42, "shot_down.Oryol": 20},
            set(),
            [("inferred-bound", "launched", None, 42, None), ("remainder", "shot_down", "shot_down.region", 22, 22)],
        ),
        (
            {"launched": 103, "shot_down": 52, "lost_track": 44, "hit": 10},
            set(),
            [("over-accounted", "launched", "launched.outcome", 3, 3)],
        ),
        (
            {"launched": 100, "shot_down": 60, "lost_track": 20},
            {"launched.outcome"},
            [("under-accounted", "launched", "launched.outcome", 20, 20)],
        ),
        (
            {"shot_down": 60, "lost_track": 40, "launched.weapon.A": 50, "launched.weapon.B": 40},
            {"launched.outcome", "launched.weapon"},
            [("dimensions-disagree", "launched", "launched.outcome", 10, 10)],
        ),
        (
            {"launched": 24, "shot_down": 17, "lost_track": "?"},
            {"launched.outcome"},
            [("inferred-bound", "lost_track", None, 7, 7)],
        ),
        (
            {"launched": 10, "lost_track": 6, "shot_down.X": "?"},
            {"launched.outcome", "shot_down.region"},
            [("inferred-bound", "shot_down", None, 4, 4), ("inferred-bound", "shot_down.region.X", None, 4, 4)],
        ),
        (  # diverted is at most 1, but so is launched: nothing new to say of it
            {"launched": 1, "diverted.Moldova": 0},
            set(),
            [("remainder", "launched", "launched.outcome", 0, 1)],
        ),
        (
            {"launched": 10, "shot_down": 4, "lost_track": "?"},
            set(),
            [("inferred-bound", "lost_track", None, 0, 6), ("remainder", "launched", "launched.outcome", 0, 6)],
        ),
        (
            {"launched": 103, "shot_down": 52, "lost_track": 44, "diverted": 1, "diverted.Belarus": 10},
            set(),
            [
                ("over-accounted", "diverted", "diverted.destination", 9, 9),
                ("remainder", "launched", "launched.outcome", 6, 6),
            ],
        ),
    ],
)
def test_reference_on_worked_examples(figures: dict[str, object], complete: set[str], expected: list[Finding]) -> None:
    report = Report(source="t", figures=figures, complete=frozenset(complete))  # type: ignore[arg-type]
    assert sorted(reference(report).findings, key=repr) == sorted(expected, key=repr)


# -- strategies -------------------------------------------------------------------

OPEN_NAMES = {
    "launched.weapon": ("Shahed", "Gerbera", "Lancet"),
    "shot_down.region": ("Oryol", "Kursk", "Bryansk"),
    "diverted.destination": ("Belarus", "St. Petersburg"),  # a dot in a name is escaped in its key
}


def open_key(dimension: str, name: str) -> str:
    node, dim = dimension.split(".")
    return part_key(node, dim, name)


OPEN_KEYS = tuple(open_key(d, name) for d, names in OPEN_NAMES.items() for name in names)
ALL_KEYS = (*TREE, *OPEN_KEYS)
SMALL = 20


def is_below(key: str, node: str) -> bool:
    up_ = parent(key)
    return up_ is not None and (up_ == node or is_below(up_, node))


def all_parts(dimension: str) -> tuple[str, ...]:
    """Every part of a dimension in the generators' alphabet."""
    listed = TREE[dimension.split(".")[0]][dimension]
    return listed if listed is not None else tuple(open_key(dimension, n) for n in OPEN_NAMES[dimension])


@st.composite
def figure_values(draw: st.DrawFn) -> object:
    """Mostly exact figures; sometimes intervals, open-ended, named or huge."""
    kind = draw(st.sampled_from(["int", "exact", "int", "exact", "interval", "at_least", "named", "huge"]))
    if kind == "int":
        return draw(st.integers(0, SMALL))
    if kind == "exact":
        return Count.exact(draw(st.integers(0, SMALL)))
    if kind == "interval":
        a, b = draw(st.integers(0, SMALL)), draw(st.integers(0, SMALL))
        return Count(min(a, b), max(a, b))
    if kind == "at_least":
        return Count(draw(st.integers(0, SMALL)), None)
    if kind == "named":
        return "?"
    return Count.exact(draw(st.integers(0, MAX_COUNT)))


@st.composite
def arbitrary_reports(draw: st.DrawFn) -> Report:
    """Any default-schema report: random nodes stated or named, random complete set."""
    keys = draw(st.lists(st.sampled_from(ALL_KEYS), unique=True, max_size=len(ALL_KEYS)))
    figures = {k: draw(figure_values()) for k in keys}
    complete = draw(st.frozensets(st.sampled_from(DIMENSIONS)))
    return Report(source="arbitrary", figures=figures, complete=complete)  # type: ignore[arg-type]


@st.composite
def truths(draw: st.DrawFn, max_value: int = 30) -> dict[str, int]:
    """A true account of a night: a value for every key of the alphabet, each
    node at least the sum of its parts in every dimension."""
    t = {o: draw(st.integers(0, max_value)) for o in OUTCOME}
    t[ROOT] = sum(t[o] for o in OUTCOME) + draw(st.one_of(st.just(0), st.integers(0, max_value)))
    for dimension, names in OPEN_NAMES.items():
        remaining = t[dimension.split(".")[0]]
        exhaust = draw(st.booleans())
        for i, name in enumerate(names):
            v = remaining if exhaust and i == len(names) - 1 else draw(st.integers(0, remaining))
            t[open_key(dimension, name)] = v
            remaining -= v
    return t


HIDDEN, NAMED, EXACT, INTERVAL = "hidden", "named", "exact", "interval"
MIXED = (HIDDEN, HIDDEN, EXACT, EXACT, NAMED, INTERVAL)


@st.composite
def revealed(draw: st.DrawFn, t: dict[str, int], kinds: tuple[str, ...]) -> dict[str, object]:
    """What a statement gives of the truth: each key hidden, named, exact or
    an interval around the true value."""
    figures: dict[str, object] = {}
    for key in ALL_KEYS:
        kind = draw(st.sampled_from(kinds))
        v = t[key]
        if kind == NAMED:
            figures[key] = "?"
        elif kind == EXACT:
            figures[key] = v
        elif kind == INTERVAL:
            lo = max(0, v - draw(st.integers(0, 5)))
            hi = None if draw(st.booleans()) else v + draw(st.integers(0, 5))
            figures[key] = Count(lo, hi)
    return figures


def subsets(xs: list[str]) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(xs)) if xs else st.just(frozenset())


def balanced(figures: dict[str, object], t: dict[str, int]) -> list[str]:
    """The dimensions that may be declared complete without contradicting the
    truth: inactive, or the true values of their present parts add up."""
    keys = set(figures)
    out = []
    for d in DIMENSIONS:
        present = [p for p in parts_of(d, keys) if is_present(p, keys)]
        if not present or sum(t[p] for p in present) == t[d.split(".")[0]]:
            out.append(d)
    return out


@st.composite
def consistent_cases(
    draw: st.DrawFn, kinds: tuple[str, ...] = MIXED, closed_upward: bool = False
) -> tuple[Report, dict[str, int]]:
    """A report whose every figure holds of a true account (returned too).
    ``closed_upward``: whatever is stated, its ancestors are stated too."""
    t = draw(truths())
    figures = draw(revealed(t, kinds))
    if closed_upward:
        for key in list(figures):
            node = parent(key)
            while node is not None:
                figures.setdefault(node, t[node])
                node = parent(node)
    complete = draw(subsets(balanced(figures, t)))
    return Report(source="consistent", figures=figures, complete=complete), t  # type: ignore[arg-type]


@st.composite
def perturbed_reports(draw: st.DrawFn) -> Report:
    """A consistent report with one to three figures then changed a little:
    near misses, where over- and under-accounting and disagreements live."""
    report, _ = draw(consistent_cases(kinds=(HIDDEN, EXACT, EXACT, EXACT, NAMED, INTERVAL)))
    figures: dict[str, object] = {k: v for k, v in report.figures.items()}
    figures.update(dict.fromkeys(report.named, "?"))
    stated = sorted(report.figures)
    if stated:
        for key in draw(st.lists(st.sampled_from(stated), min_size=1, max_size=3, unique=True)):
            fig = report.figures[key]
            shift = draw(st.integers(-5, 5))
            lo = max(0, fig.lo + shift)
            figures[key] = Count(lo, None if fig.hi is None else max(lo, fig.hi + shift))
    if draw(st.booleans()):  # launched left to the rules: dimensions can disagree
        figures.pop(ROOT, None)
    complete = report.complete | draw(subsets(list(DIMENSIONS)))
    return Report(source="perturbed", figures=figures, complete=complete)  # type: ignore[arg-type]


any_reports = st.one_of(arbitrary_reports(), consistent_cases().map(lambda c: c[0]), perturbed_reports())


@st.composite
def ledgers(draw: st.DrawFn, reports: st.SearchStrategy[Report] = any_reports) -> list[Report]:
    """1 to 200 reports: a few drawn ones, repeated and shuffled to fill the ledger."""
    base = draw(st.lists(reports, min_size=1, max_size=12))
    n = draw(st.integers(len(base), 200))
    rnd = draw(st.randoms(use_true_random=False))
    rows = base + [rnd.choice(base) for _ in range(n - len(base))]
    rnd.shuffle(rows)
    return rows


def describe(report: Report) -> str:
    figures = {k: str(v) for k, v in report.figures.items()}
    return f"figures={figures} named={sorted(report.named)} complete={sorted(report.complete)}"


def engine_findings(report: Report) -> list[Finding]:
    return [(f.rule, f.node, f.dimension, f.lo, f.hi) for f in report.check()]


# -- the engine is the reference ---------------------------------------------------


@given(ledgers())
def test_engine_matches_reference(rows: list[Report]) -> None:
    ledger = Ledger(rows)
    found = ledger.check()
    bounds = ledger.bounds()
    refs: dict[int, Reference] = {}
    for j, report in enumerate(rows):
        ref = refs.setdefault(id(report), reference(report))
        got = sorted(((f.rule, f.node, f.dimension, f.lo, f.hi) for f in found.filter(report=j)), key=repr)
        assert got == sorted(ref.findings, key=repr), f"report {j}: {describe(report)}"
        for f in found.filter(report=j, rule="dimensions-disagree"):
            assert f.other_dimension == ref.other_dimension[f.node], f"report {j}: {describe(report)}"
        for key, expected in ref.final.items():
            lo, hi = bounds[key]
            assert (int(lo[j]), to_python(hi[j])) == expected, f"report {j}, {key}: {describe(report)}"
    assert {f.report for f in found} <= set(range(len(rows)))
    assert sum(len(refs[id(r)].findings) for r in rows) == len(found)


# -- what must hold of consistent reports --------------------------------------------


@given(st.lists(consistent_cases(), min_size=1, max_size=20))
def test_consistent_reports_have_no_error(cases: list[tuple[Report, dict[str, int]]]) -> None:
    found = Ledger([r for r, _ in cases]).check()
    assert list(found.errors) == [], [(f.report, f.message) for f in found.errors]
    assert not found.fails("error")


@given(st.lists(consistent_cases(), min_size=1, max_size=20))
def test_bounds_of_consistent_reports_are_sound(cases: list[tuple[Report, dict[str, int]]]) -> None:
    """(d) lo <= hi for every node; more: the truth lies within every node's bounds."""
    ledger = Ledger([r for r, _ in cases])
    for key, (lo, hi) in ledger.bounds().items():
        for j, (report, t) in enumerate(cases):
            low, high = int(lo[j]), to_python(hi[j])
            assert high is None or low <= high, f"report {j}, {key}: {describe(report)}"
            assert low <= t[key] and (high is None or t[key] <= high), f"report {j}, {key}: {describe(report)}"


@given(consistent_cases())
def test_remainders_of_consistent_reports_hold_the_true_remainder(case: tuple[Report, dict[str, int]]) -> None:
    report, t = case
    keys = set(report.figures) | set(report.named)
    remainders = {f.dimension: (f.lo, f.hi) for f in report.check().filter(rule="remainder")}
    bounds = Ledger([report]).bounds()
    for d in DIMENSIONS:
        node = d.split(".")[0]
        present = [p for p in parts_of(d, keys) if is_present(p, keys)]
        exact = int(bounds[node][0][0]) == to_python(bounds[node][1][0])  # found exactly, if not stated
        if (node not in report.figures and not exact) or not present or d in report.complete:
            assert d not in remainders
            continue
        true_rest = t[node] - sum(t[p] for p in present)
        lo, hi = remainders.get(d, (0, 0))
        assert lo <= true_rest and (hi is None or true_rest <= hi), describe(report)


@given(consistent_cases(kinds=(HIDDEN, HIDDEN, EXACT), closed_upward=True))
def test_exact_parts_plus_remainder_make_the_node(case: tuple[Report, dict[str, int]]) -> None:
    """(c) With exact figures, a partial dimension's parts and its remainder add up to the node."""
    report, _ = case
    figures = report.figures
    found = report.check()
    assert list(found.errors) == []
    remainders = {f.dimension: (f.lo, f.hi) for f in found.filter(rule="remainder")}
    for d in DIMENSIONS:
        node = d.split(".")[0]
        parts = [p for p in parts_of(d, figures) if p in figures]
        if node not in figures or not parts or d in report.complete:
            continue
        lo, hi = remainders.get(d, (0, 0))
        assert lo == hi, describe(report)
        assert sum(figures[p].lo for p in parts) + lo == figures[node].lo, describe(report)


def constraints_of(key: str) -> set[str]:
    """The dimensions a figure takes part in: its own, and the one it is a part of."""
    own = {d for d in DIMENSIONS if d.split(".")[0] == key}
    above = "launched.outcome" if key in OUTCOME else key.rsplit(".", 1)[0] if key.count(".") == 2 else None
    return own | ({above} if above else set())


@given(consistent_cases(kinds=(HIDDEN, EXACT, EXACT), closed_upward=True), st.data())
def test_one_finding_per_broken_constraint_and_none_but_where_the_changed_figure_is(
    case: tuple[Report, dict[str, int]], data: st.DataObject,
) -> None:
    """What "one wrong figure, one finding" promises, precisely: each constraint
    the changed figure breaks (a dimension it is the node or a part of) gives
    one error finding, and nothing is reported again further on.  Every
    ancestor is stated here, so no constraint depends on another through an
    inferred bound."""
    report, _ = case
    stated = sorted(k for k in report.figures if constraints_of(k))
    if not stated:
        return
    key = data.draw(st.sampled_from(stated))
    figures = dict(report.figures)
    value = max(0, figures[key].lo + data.draw(st.sampled_from([-5, -2, -1, 1, 2, 5])))
    figures[key] = Count(value, value)
    changed = Report(source="changed", figures=figures, complete=report.complete)
    errors = list(changed.check().errors)
    at = [f.dimension for f in errors]
    assert set(at) <= constraints_of(key), describe(changed)
    assert len(at) == len(set(at)), describe(changed)  # one finding a broken constraint


def test_a_figure_between_two_checks_breaks_both_and_gives_two_findings() -> None:
    # launched 10 is below both its outcome (shot down 12) and its weapons (Shahed 15): two constraints
    found = Report(source="t", figures={"launched": 10, "shot_down": 12,  # type: ignore[arg-type]
                                        "launched.weapon.Shahed": 15}).check()
    assert [(f.rule, f.dimension) for f in found.errors] == [
        ("over-accounted", "launched.outcome"), ("over-accounted", "launched.weapon")]
    # shot down 12 (truly 8): above launched 10, and above its complete regions 5 + 3; nothing below repeats it
    found = Report(source="t", figures={"launched": 10, "shot_down": 12, "shot_down.region.A": 5,  # type: ignore
                                        "shot_down.region.B": 3, "lost_track": 2},
                   complete=frozenset({"shot_down.region"})).check()
    assert [(f.rule, f.dimension) for f in found.errors] == [
        ("over-accounted", "launched.outcome"), ("under-accounted", "shot_down.region")]


@st.composite
def raised_cases(draw: st.DrawFn) -> tuple[Report, str, str, int]:
    """A consistent report with one complete dimension that balances exactly,
    one of whose stated parts is then raised by k > 0.
    Returns (report, dimension, raised part, k)."""
    t = draw(truths())
    dimension = draw(st.sampled_from(DIMENSIONS))
    node = dimension.split(".")[0]
    # make the truth balance the dimension: what its parts leave goes to a leaf part
    leaf = "hit" if dimension == "launched.outcome" else all_parts(dimension)[-1]
    t[leaf] += t[node] - sum(t[p] for p in all_parts(dimension))
    figures = draw(revealed(t, MIXED))
    figures[node] = t[node]
    for p in all_parts(dimension):
        if t[p] > 0 or draw(st.booleans()):
            figures[p] = t[p]
        else:  # a part of 0 left out, with everything below it
            for gone in [p, *(key for key in figures if is_below(key, p))]:
                figures.pop(gone, None)
    stated = [p for p in all_parts(dimension) if p in figures]
    if not stated:
        p = draw(st.sampled_from(all_parts(dimension)))
        figures[p] = t[p]
        stated = [p]
    victim = draw(st.sampled_from(stated))
    k = draw(st.integers(1, 50))
    others = [d for d in balanced(figures, t) if d != dimension and d not in dimensions_of(victim)]
    complete = draw(subsets(others)) | {dimension}
    assert dimension in balanced(figures, t)
    figures[victim] = t[victim] + k
    report = Report(source="raised", figures=figures, complete=complete)  # type: ignore[arg-type]
    return report, dimension, victim, k


@given(raised_cases())
def test_raising_one_part_of_a_balanced_dimension_is_one_over_accounted(case: tuple[Report, str, str, int]) -> None:
    """(b) One wrong figure, one finding, where it is, by exactly how much."""
    report, dimension, _, k = case
    errors = [(f.rule, f.node, f.dimension, f.lo, f.hi) for f in report.check().errors]
    assert errors == [("over-accounted", dimension.split(".")[0], dimension, k, k)], describe(report)
