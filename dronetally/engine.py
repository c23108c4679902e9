"""The one engine: bounds propagated through every report's account tree at once.

:func:`propagate` makes one upward sweep (each node from its own figure and
its parts' totals, leaves first) and one downward sweep (each part from its
node and its siblings, root first).  The accounts form a tree, so the two
sweeps give the tightest bounds.  The checks happen during the upward
sweep: a dimension whose parts cannot fit its node (over- or
under-accounted), or two dimensions of one node that cannot both hold, is
marked *broken* in that report, and propagation goes on from the node's own
figure without it.  So each broken constraint gives one finding, at its
dimension, and none further on: a figure that is a part of one dimension and
has none of its own gives one finding; a figure between two checks (a node
with a breakdown of its own) can break both, and gives two.

Every operation is on arrays of one entry per report; the Python loops run
over the schema's nodes and dimensions, never over reports.  The
:class:`State` keeps what the rules (:mod:`dronetally.rules`) and the
accounts view (:mod:`dronetally.accounts`) read; it shares the table's
arrays wherever propagation leaves them unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from dronetally.table import UNBOUNDED, Group, Table, constant, is_constant, repeat, sum_hi, sum_lo

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    import numpy.typing as npt

    from dronetally.table import Bools, Int64s


def _and(a: Bools, b: Bools) -> Bools:
    if is_constant(a, False) or is_constant(b, True):
        return a
    if is_constant(b, False) or is_constant(a, True):
        return b
    out: Bools = a & b
    return out


def _or(a: Bools, b: Bools) -> Bools:
    if is_constant(a, True) or is_constant(b, False):
        return a
    if is_constant(b, True) or is_constant(a, False):
        return b
    out: Bools = a | b
    return out


def _where(mask: Bools, a: Callable[[], Any], b: Any) -> Any:
    """``np.where(mask, a(), b)``; no call of ``a`` where ``mask`` is all False."""
    if is_constant(mask, False):
        return b
    return a() if is_constant(mask, True) else np.where(mask, a(), b)


def _total(op: np.ufunc, columns: list[Int64s]) -> Int64s:
    """``op`` folded over ``columns`` into one new int64 array, a column at a
    time: no stacked copy of them all (which costs more than the adding)."""
    out: Int64s = np.array(columns[0], dtype=np.int64)
    for column in columns[1:]:
        op(out, column, out=out)
    return out


@dataclass(eq=False)
class GroupState:
    """One dimension across the table, as the upward sweep left it."""

    group: Group
    present: Bools  # parts x reports: the part takes part in the dimension
    active: Bools  # some part takes part
    complete: Bools  # declared complete, and active
    lo: Int64s  # the parts' lower bounds summed (upward bounds)
    lo_max: Int64s  # the largest of them where parts may overlap; elsewhere the sum
    hi_finite: Int64s  # their finite upper bounds summed
    hi_unbounded: Int64s  # how many parts have no upper bound
    over: Bools  # the parts cannot fit the node (an error; in a loose breakdown a warning): broken
    under: Bools
    overlap_excess: Bools  # parts that may overlap add up to more than the node: a warning
    overlapping: Bools  # the report reads the parts as possibly overlapping (lo_max is the largest part there)
    exact: bool = False  # every part stated by every report, exactly: the fast path
    broken: Bools = field(init=False)

    def __post_init__(self) -> None:
        self.broken = _or(self.over, self.under)

    @property
    def node(self) -> str:
        return self.group.dimension.node

    @property
    def implied_lo(self) -> Int64s:
        """The node's lower bound this dimension implies: the parts' sum, or
        the largest part where parts may overlap."""
        return self.lo_max

    @property
    def hi(self) -> Int64s:
        return np.where(self.hi_unbounded > 0, UNBOUNDED, self.hi_finite)

    @property
    def implied_hi(self) -> Int64s:
        """The node's upper bound this dimension implies (complete only)."""
        return np.where(self.complete, self.hi, UNBOUNDED)


@dataclass(frozen=True, eq=False)
class Disagreement:
    """Two dimensions of ``node`` that cannot both hold, where ``rows``."""

    node: str
    rows: Bools
    first: npt.NDArray[np.intp]  # per report: index (in the node's dimensions) of the one giving the high floor
    second: npt.NDArray[np.intp]  # per report: the one giving the low ceiling
    dimensions: list[GroupState]
    floor: Int64s
    ceiling: Int64s


@dataclass(frozen=True, eq=False)
class Remainder:
    """What a partial breakdown leaves, per report, and of which node."""

    rows: Bools  # where rule 6 reports it: a stated node, a partial unbroken dimension, something left
    lo: Int64s
    hi: Int64s  # the same array as lo where every remainder is exact
    node_lo: Int64s
    node_hi: Int64s
    placed_hi: Int64s | None = None  # the most the parts can place (UNBOUNDED: no limit); None where exact

    def shares(
        self, at: npt.NDArray[np.intp], lo: Int64s | None = None,
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """The smallest and largest share of the node the remainder can be,
        over every value of the node and its parts the figures allow, at
        reports ``at``: ``lo / node.lo`` and ``hi / node.hi`` (1 at the top
        where the node has no upper bound).  One array where they are equal.

        The share is 1 - placed / node: it grows with the node and shrinks
        with what the parts place.  The smallest is at the smallest node
        with as much placed as fits in it (``lo`` left, or none where the
        parts could fill it); the largest at the largest node with the
        least placed (``hi`` left).  Dividing the other way round (``lo`` by
        the largest node) gives a share no values of the figures give:
        launched 100-200 and shot down 50 leave 50%-75%, not 25%-100%.

        Where the node may be 0 the share is not defined there: the smallest
        share is at a node of 1, which the parts fill if they can place one.

        ``at`` are reports where ``rows`` holds; ``lo`` is ``self.lo[at]``
        where the caller has it already."""
        lo = self.lo[at] if lo is None else lo
        node_lo = self.node_lo[at]
        if self.hi is self.lo and self.node_hi is self.node_lo:
            # exact: no unbounded term, and 0 < lo <= node where rule 6 reports (rows), so no cap is needed
            share = np.divide(lo, node_lo, dtype=np.float64)
            return share, share
        share_lo = ratio(lo, node_lo, default=0.0)
        if self.placed_hi is not None:
            share_lo = np.where((node_lo == 0) & (self.placed_hi[at] == 0), 1.0, share_lo)
        return share_lo, ratio(self.hi[at], self.node_hi[at], default=1.0)


@dataclass(eq=False)
class State:
    """What propagation leaves: final bounds per node, and the raw checks."""

    table: Table
    present: dict[str, Bools]
    lo: dict[str, Int64s]
    hi: dict[str, Int64s]
    groups: list[GroupState]
    disagreements: list[Disagreement]
    _remainders: dict[str, Remainder] = field(default_factory=dict)

    def erring(self) -> Bools:
        """Reports with an error within themselves: a breakdown that cannot
        fit its node (where its parts may overlap, only what no overlap
        explains), or two dimensions that cannot both hold."""
        n = len(self.table)
        out = np.zeros(n, bool)
        for gs in self.groups:
            out |= np.broadcast_to(gs.under | (gs.over & ~gs.overlapping), (n,))
        for d in self.disagreements:
            out |= d.rows
        return out

    def remainder(self, gs: GroupState) -> Remainder:
        """Rule 6's arithmetic for one dimension: ``[node.lo - sum(parts.hi),
        node.hi - sum(parts.lo)]`` clipped at 0, from the final bounds; and
        where it is reported: a partial dimension that holds, of a node that
        is stated or that the other figures give exactly."""
        key = gs.group.dimension.key
        if key in self._remainders:
            return self._remainders[key]
        node, parts = gs.node, gs.group.parts
        loose = not is_constant(gs.overlapping, False)
        if gs.exact:  # the parts' bounds are their figures, as the upward sweep summed them
            f_lo, f_fin, f_unb = gs.lo_max, gs.hi_finite, gs.hi_unbounded
        else:
            final_lo = np.where(gs.present, np.stack([self.lo[p] for p in parts]), 0)
            f_lo = _where(gs.overlapping, lambda: final_lo.max(axis=0), sum_lo(final_lo, gs.present))
            f_fin, f_unb = sum_hi(np.stack([self.hi[p] for p in parts]), gs.present)
        n_lo, n_hi = self.lo[node], self.hi[node]
        if gs.exact and not loose and n_hi is n_lo:
            # exact figures: no unbounded term, and one array for both bounds (negative where
            # the parts are more than the node: that dimension is broken, and no row here)
            lo = hi = n_lo - f_lo
        else:
            lo = np.where(f_unb > 0, 0, np.maximum(n_lo - f_fin, 0))
            hi = np.where(n_hi == UNBOUNDED, UNBOUNDED, n_hi - f_lo)
        rows = hi > 0
        stated = self.table.columns[node].stated
        # the node stated, or found exactly by the other figures (shot down ?, but 8 by the outcome)
        known = stated if is_constant(stated, True) else stated | (n_hi == n_lo)
        # parts that may overlap and add up to more than the node are read as overlapping, and warned of;
        # a remainder would read them as not overlapping: one reading of a dimension in a report
        for mask, value in ((gs.active, True), (gs.broken, False), (gs.complete, False), (known, True),
                            (gs.overlap_excess, False)):
            if not is_constant(mask, value):
                rows &= mask if value else ~mask
        placed_hi = None if lo is hi else np.where(f_unb > 0, UNBOUNDED, f_fin)
        found = self._remainders[key] = Remainder(rows, lo, hi, n_lo, n_hi, placed_hi)
        return found


def ratio(num: Int64s, den: Int64s, *, default: float) -> npt.NDArray[np.float64]:
    """num / den as a share in [0, 1]; an unbounded or zero term gives ``default``."""
    usable = (num != UNBOUNDED) & (den != UNBOUNDED) & (den != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.minimum(num.astype(np.float64) / den.astype(np.float64), 1.0)
    out: npt.NDArray[np.float64] = np.where(usable, share, default)
    return out


def propagate(table: Table) -> State:
    """Both sweeps over every report at once; the checks of the upward sweep
    are kept on the returned state for the rules to turn into findings."""
    cols = table.columns
    schema = table.schema
    n = len(table)
    groups_of: dict[str, list[Group]] = {name: [] for name in schema.nodes}
    for g in table.groups:
        if g.parts:
            groups_of[g.dimension.node].append(g)

    # a column's lo is 0 and its hi UNBOUNDED where it is not stated: its own bounds as they are
    own_lo = {k: c.lo for k, c in cols.items()}
    own_hi = {k: c.hi for k, c in cols.items()}

    present = {k: _or(c.stated, c.named) for k, c in cols.items()}
    for key in reversed(table.keys):
        for g in groups_of.get(key, ()):
            for p in g.parts:
                present[key] = _or(present[key], present[p])

    up_lo = dict(own_lo)
    up_hi = dict(own_hi)
    states: list[GroupState] = []
    states_of: dict[str, list[GroupState]] = {}
    disagreements: list[Disagreement] = []
    for node in reversed(list(schema.nodes)):
        mine = []
        for g in groups_of[node]:
            overlapping = table.overlapping[g.dimension.key]
            exact = all(is_constant(present[p], True) and up_lo[p] is up_hi[p] for p in g.parts)
            if exact:  # every part a stated exact figure: plain sums, no masks
                mask = np.broadcast_to(np.True_, (len(g.parts), n))
                s_lo = _total(np.add, [up_lo[p] for p in g.parts])
                s_fin, s_inf, s_hi = s_lo, repeat(0, n, np.int64), s_lo
                active = constant(True, n)
                lo_max = _where(overlapping, lambda: _total(np.maximum, [up_lo[p] for p in g.parts]),  # noqa: B023
                                s_lo)  # (the lambdas given to _where are called at once, in the loop)
            else:
                mask = np.stack([np.broadcast_to(present[p], (n,)) for p in g.parts])
                part_lo = np.where(mask, np.stack([up_lo[p] for p in g.parts]), 0)
                s_lo = part_lo.sum(axis=0, dtype=np.int64)  # already 0 where a part takes no part
                s_fin, s_inf = sum_hi(np.stack([up_hi[p] for p in g.parts]), mask)
                active = np.asarray(mask.any(axis=0))
                s_hi = np.where(s_inf > 0, UNBOUNDED, s_fin)  # as GroupState.hi
                lo_max = _where(overlapping, lambda: part_lo.max(axis=0), s_lo)  # noqa: B023
            complete = _and(table.complete[g.dimension.key], active)
            # where parts may overlap, only a part alone above the node is impossible;
            # parts that add up to more are a warning, and the breakdown still counts
            beyond = _and(active, s_lo > own_hi[node])
            loose = not is_constant(overlapping, False)
            over = _and(active, lo_max > own_hi[node]) if loose else beyond
            under = complete if is_constant(complete, False) else complete & ~over & (s_hi < own_lo[node])
            excess = _and(beyond & ~over, overlapping) if loose else constant(False, n)
            mine.append(GroupState(g, mask, active, complete, s_lo, lo_max, s_fin, s_inf, over, under, excess,
                                   overlapping, exact))
        # two dimensions that cannot both hold: break the pair with the highest
        # floor and the lowest ceiling, and look again until the rest agree
        for _ in range(len(mine) // 2):
            floors = np.stack([np.where(s.active & ~s.broken, s.implied_lo, 0) for s in mine])
            ceilings = np.stack([np.where(s.active & ~s.broken, s.implied_hi, UNBOUNDED) for s in mine])
            a, b = floors.argmax(axis=0), ceilings.argmin(axis=0)
            floor, ceiling = floors.max(axis=0), ceilings.min(axis=0)
            rows = floor > ceiling
            if not rows.any():
                break
            for i, s in enumerate(mine):
                s.broken = s.broken | (rows & ((a == i) | (b == i)))
            disagreements.append(Disagreement(node, rows, a, b, mine, floor, ceiling))
        lo, hi = own_lo[node], own_hi[node]
        if cols[node].exact and is_constant(cols[node].stated, True):
            mine_ok: list[GroupState] = []  # a stated exact figure is as tight as a bound gets
        else:
            mine_ok = mine
        for s in mine_ok:
            ok = s.active & ~s.broken
            lo = np.where(ok, np.maximum(lo, s.implied_lo), lo)
            hi = np.where(ok, np.minimum(hi, s.implied_hi), hi)
        up_lo[node], up_hi[node] = lo, hi
        states_of[node] = mine
        states = mine + states

    lo_final = dict(up_lo)
    hi_final = dict(up_hi)
    for node in schema.nodes:
        n_lo, n_hi = lo_final[node], hi_final[node]
        node_exact = cols[node].exact and is_constant(cols[node].stated, True)
        for s in states_of[node]:
            if s.exact and node_exact:
                # exact parts of an exact node: where the dimension holds, the parts fit
                # between the node's figure and the others' sum already, and stay as they are
                continue
            go = s.active & ~s.broken
            for i, p in enumerate(s.group.parts):
                here = go & s.present[i]
                p_lo = np.where(s.present[i], up_lo[p], 0)
                others_lo = _where(s.overlapping, lambda: 0, s.lo - p_lo)
                cap = np.where(n_hi == UNBOUNDED, UNBOUNDED, n_hi - others_lo)
                p_unb = s.present[i] & (up_hi[p] == UNBOUNDED)
                others_unb = s.hi_unbounded - p_unb
                others_fin = s.hi_finite - np.where(s.present[i] & ~p_unb, up_hi[p], 0)
                floor = np.where(others_unb > 0, 0, np.maximum(n_lo - others_fin, 0))
                hi_final[p] = np.where(here, np.minimum(up_hi[p], cap), up_hi[p])
                lo_final[p] = np.where(here & s.complete, np.maximum(up_lo[p], floor), up_lo[p])
    present = {k: np.broadcast_to(v, (n,)) if v.shape != (n,) else v for k, v in present.items()}
    return State(table, present, lo_final, hi_final, states, disagreements)


