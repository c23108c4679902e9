"""The rules of DESIGN.md (2-7) over a whole ledger at once.

:func:`propagate` makes one upward sweep (each node from its own figure and
its parts' totals, leaves first) and one downward sweep (each part from its
node and its siblings, root first).  The accounts form a tree, so the two
sweeps give the tightest bounds.  Checks happen during the upward sweep: a
dimension whose parts cannot fit its node (over- or under-accounted), or two
dimensions of one node that cannot both hold, is marked *broken* in that
report, and propagation goes on from the node's own figure without it.  So
one wrong figure gives one finding, at the dimension where it is.

Every operation is on arrays of one entry per report; the Python loops run
over the schema's nodes and dimensions, never over reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from dronetally.count import format_bounds
from dronetally.findings import Finding, Findings, Severity, amount_text, share_text
from dronetally.ledger import UNBOUNDED, Group, Ledger, sum_hi, sum_lo, to_python
from dronetally.report import Report

if TYPE_CHECKING:
    from dronetally.ledger import Bools, Int64s


@dataclass(eq=False)
class GroupState:
    """One dimension across the ledger, as the upward sweep left it."""

    group: Group
    present: Bools  # parts x reports: the part takes part in the dimension
    active: Bools  # some part takes part
    complete: Bools  # declared complete, and active
    lo: Int64s  # the parts' lower bounds summed (upward bounds)
    lo_max: Int64s  # the largest of them
    hi_finite: Int64s  # their finite upper bounds summed
    hi_unbounded: Int64s  # how many parts have no upper bound
    over: Bools  # the parts cannot fit the node (an error; in a loose breakdown a warning): broken
    under: Bools
    overlap_excess: Bools  # parts that may overlap add up to more than the node: a warning
    broken: Bools = field(init=False)

    def __post_init__(self) -> None:
        self.broken = self.over | self.under

    @property
    def implied_lo(self) -> Int64s:
        """The node's lower bound this dimension implies: the parts' sum, or
        the largest part where parts may overlap."""
        return self.lo_max if self.group.dimension.overlapping else self.lo

    @property
    def hi(self) -> Int64s:
        return np.where(self.hi_unbounded > 0, UNBOUNDED, self.hi_finite)

    @property
    def implied_hi(self) -> Int64s:
        """The node's upper bound this dimension implies (complete only)."""
        return np.where(self.complete, self.hi, UNBOUNDED)


@dataclass(frozen=True, eq=False)
class Disagreement:
    node: str
    rows: Bools
    first: list[GroupState]  # per report: the dimension giving the high floor
    second: list[GroupState]  # per report: the one giving the low ceiling
    floor: Int64s
    ceiling: Int64s


@dataclass(eq=False)
class State:
    """What propagation leaves: final bounds per node, and the raw checks."""

    present: dict[str, Bools]
    own_lo: dict[str, Int64s]
    own_hi: dict[str, Int64s]
    lo: dict[str, Int64s]
    hi: dict[str, Int64s]
    groups: list[GroupState]
    disagreements: list[Disagreement]


def propagate(ledger: Ledger) -> State:
    """Both sweeps over every report at once; the checks of the upward sweep
    are kept on the returned state for :func:`check` to turn into findings."""
    cols = ledger.columns
    schema = ledger.schema
    groups_of: dict[str, list[Group]] = {name: [] for name in schema.nodes}
    for g in ledger.groups:
        if g.parts:
            groups_of[g.dimension.node].append(g)

    own_lo = {k: np.where(c.stated, c.lo, 0) for k, c in cols.items()}
    own_hi = {k: np.where(c.stated, c.hi, UNBOUNDED) for k, c in cols.items()}

    present = {k: c.stated | c.named for k, c in cols.items()}
    for key in reversed(ledger.keys):
        for g in groups_of.get(key, ()):
            present[key] = present[key] | np.stack([present[p] for p in g.parts]).any(axis=0)

    up_lo = dict(own_lo)
    up_hi = dict(own_hi)
    states: list[GroupState] = []
    states_of: dict[str, list[GroupState]] = {}
    disagreements: list[Disagreement] = []
    for node in reversed(list(schema.nodes)):
        mine = []
        for g in groups_of[node]:
            mask = np.stack([present[p] for p in g.parts])
            part_lo = np.where(mask, np.stack([up_lo[p] for p in g.parts]), 0)
            s_lo = part_lo.sum(axis=0, dtype=np.int64)  # already 0 where a part takes no part
            s_fin, s_inf = sum_hi(np.stack([up_hi[p] for p in g.parts]), mask)
            active: Bools = np.asarray(mask.any(axis=0))
            complete = ledger.complete[g.dimension.key] & active
            s_hi = np.where(s_inf > 0, UNBOUNDED, s_fin)  # as GroupState.hi
            lo_max = part_lo.max(axis=0)
            # where parts may overlap, only a part alone above the node is impossible;
            # parts that add up to more are a warning, and the breakdown still counts
            beyond = active & (s_lo > own_hi[node])
            over = active & (lo_max > own_hi[node]) if g.dimension.overlapping else beyond
            under = complete & ~over & (s_hi < own_lo[node])
            mine.append(GroupState(g, mask, active, complete, s_lo, lo_max, s_fin, s_inf, over, under,
                                   beyond & ~over))
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
            disagreements.append(
                Disagreement(node, rows, [mine[i] for i in a], [mine[i] for i in b], floor, ceiling)
            )
        lo, hi = own_lo[node], own_hi[node]
        for s in mine:
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
        for s in states_of[node]:
            go = s.active & ~s.broken
            for i, p in enumerate(s.group.parts):
                here = go & s.present[i]
                p_lo = np.where(s.present[i], up_lo[p], 0)
                others_lo = 0 if s.group.dimension.overlapping else s.lo - p_lo
                cap = np.where(n_hi == UNBOUNDED, UNBOUNDED, n_hi - others_lo)
                p_unb = s.present[i] & (up_hi[p] == UNBOUNDED)
                others_unb = s.hi_unbounded - p_unb
                others_fin = s.hi_finite - np.where(s.present[i] & ~p_unb, up_hi[p], 0)
                floor = np.where(others_unb > 0, 0, np.maximum(n_lo - others_fin, 0))
                hi_final[p] = np.where(here, np.minimum(up_hi[p], cap), up_hi[p])
                lo_final[p] = np.where(here & s.complete, np.maximum(up_lo[p], floor), up_lo[p])
    return State(present, own_lo, own_hi, lo_final, hi_final, states, disagreements)


# -- findings ----------------------------------------------------------------


def _rows(mask: Bools) -> list[int]:
    """The reports (row numbers) where ``mask`` holds, as Python ints."""
    return [int(j) for j in np.flatnonzero(mask)]


def _prose(name: str) -> str:
    return name.replace("_", " ")


def _ratio(num: int | None, den: int | None, *, default: float) -> float:
    """num / den as a share in [0, 1]; an unbounded or zero term gives ``default``."""
    if num is None or den is None or den == 0:
        return default
    return min(num / den, 1.0)


class _Builder:
    def __init__(self, ledger: Ledger, state: State) -> None:
        self.ledger = ledger
        self.state = state
        self.order = {k: i for i, k in enumerate(ledger.keys)}
        self.found: list[tuple[int, int, int, Finding]] = []

    def name(self, key: str) -> str:
        return self.ledger.schema.locate(key)[2]

    def text(self, key: str, j: int) -> str:
        """A node's figure as written, ``?`` when named, or its bounds in
        brackets when neither."""
        report = self.ledger.reports[j]
        fig = report.figures.get(key)
        if fig is not None:
            return str(fig)
        if key in report.named:
            return "?"
        lo, hi = self.state.lo[key][j], self.state.hi[key][j]
        return f"[{format_bounds(int(lo), to_python(hi))}]"

    def figures(self, node: str, gs: GroupState | None, j: int) -> dict[str, str]:
        out = {node: self.text(node, j)}
        if gs is not None:
            for i, p in enumerate(gs.group.parts):
                if gs.present[i, j]:
                    out[p] = self.text(p, j)
        return out

    def parts_text(self, gs: GroupState, j: int) -> str:
        return ", ".join(
            f"{_prose(self.name(p))} {self.text(p, j)}"
            for i, p in enumerate(gs.group.parts) if gs.present[i, j]
        )

    def add(self, j: int, node: str, rule_rank: int, **kw: object) -> None:
        report = self.ledger.reports[j]
        finding = Finding(
            report=j, source=report.source, node=node, location=report.location,
            report_id=report.id, window=report.window, **kw,  # type: ignore[arg-type]
        )
        self.found.append((j, self.order[node], rule_rank, finding))


def _remainders(b: _Builder) -> None:
    """Rule 6: what each partial breakdown of a stated node leaves over."""
    ledger, state = b.ledger, b.state
    for gs in state.groups:
        node, dim = gs.group.dimension.node, gs.group.dimension
        rows = gs.active & ~gs.broken & ~gs.complete & ledger.columns[node].stated
        if not rows.any():
            continue
        final_lo = np.where(gs.present, np.stack([state.lo[p] for p in gs.group.parts]), 0)
        f_lo = final_lo.max(axis=0) if dim.overlapping else sum_lo(final_lo, gs.present)
        f_fin, f_unb = sum_hi(np.stack([state.hi[p] for p in gs.group.parts]), gs.present)
        n_lo, n_hi = state.lo[node], state.hi[node]
        rem_lo = np.where(f_unb > 0, 0, np.maximum(n_lo - f_fin, 0))
        rem_hi = np.where(n_hi == UNBOUNDED, UNBOUNDED, n_hi - f_lo)
        for j in _rows(rows & (rem_hi > 0)):
            lo, hi = int(rem_lo[j]), to_python(rem_hi[j])
            node_lo, node_hi = int(n_lo[j]), to_python(n_hi[j])
            share_lo = _ratio(lo, node_hi, default=0.0)
            share_hi = _ratio(hi, node_lo, default=1.0)
            b.add(
                j, node, 3, rule="remainder", severity=Severity.INFO, dimension=dim.key,
                kind="remainder", lo=lo, hi=hi, figures=b.figures(node, gs, j),
                share_lo=share_lo, share_hi=share_hi,
                message=(
                    f"leaves {amount_text(lo, hi)} of {b.text(node, j)} {_prose(node)}"
                    f"{share_text(share_lo, share_hi)} {dim.remainder_label}"
                ),
            )


def remainders(ledger: Ledger, state: State) -> list[Finding]:
    """Only the remainder findings (rule 6), for a view of the accounts."""
    b = _Builder(ledger, state)
    _remainders(b)
    return [t[3] for t in b.found]


def check(ledger: Ledger, state: State | None = None) -> Findings:
    """Every finding of rules 2-7 on every report of ``ledger``.  ``state``
    is :func:`propagate`'s result, when the caller has it already."""
    state = state or propagate(ledger)
    b = _Builder(ledger, state)
    for gs in state.groups:
        node, dim = gs.group.dimension.node, gs.group.dimension
        # a breakdown whose parts may overlap is a loose one (a dataset's undocumented
        # column): whatever exceeds its node is a warning, never an error
        severity = Severity.WARNING if dim.overlapping else Severity.ERROR
        for rows in (gs.over, gs.overlap_excess):
            for j in _rows(rows):
                own = int(state.own_hi[node][j])
                if rows is gs.over and dim.overlapping:
                    total, what = int(gs.lo_max[j]), "its largest part alone is"
                else:
                    total, what = int(gs.lo[j]), "add up to"
                excess = total - own
                b.add(
                    j, node, 0, rule="over-accounted", dimension=dim.key, severity=severity,
                    kind="excess", lo=excess, hi=excess, figures=b.figures(node, gs, j),
                    share_lo=_ratio(excess, own, default=1.0), share_hi=_ratio(excess, own, default=1.0),
                    message=(
                        f"{dim.name} parts ({b.parts_text(gs, j)}) {what} at least {total}, "
                        f"{excess} more than {_prose(node)} {b.text(node, j)}"
                        + (" (its parts may overlap)" if dim.overlapping else "")
                    ),
                )
        for j in _rows(gs.under):
            own = int(state.own_lo[node][j])
            short = own - int(gs.hi_finite[j])
            b.add(
                j, node, 1, rule="under-accounted", severity=Severity.ERROR, dimension=dim.key,
                kind="shortfall", lo=short, hi=short, figures=b.figures(node, gs, j),
                share_lo=_ratio(short, own, default=1.0), share_hi=_ratio(short, own, default=1.0),
                message=(
                    f"complete {dim.name} ({b.parts_text(gs, j)}) adds up to at most "
                    f"{gs.hi_finite[j]}, {short} short of {_prose(node)} {b.text(node, j)}"
                ),
            )
    for d in state.disagreements:
        for j in _rows(d.rows):
            first, second = d.first[j], d.second[j]
            gap = int(d.floor[j] - d.ceiling[j])
            b.add(
                j, d.node, 2, rule="dimensions-disagree", severity=Severity.ERROR,
                dimension=first.group.dimension.key, other_dimension=second.group.dimension.key,
                kind="gap", lo=gap, hi=gap,
                figures={**b.figures(d.node, first, j), **b.figures(d.node, second, j)},
                message=(
                    f"{first.group.dimension.name} ({b.parts_text(first, j)}) puts {_prose(d.node)} at "
                    f"least {d.floor[j]}, but complete {second.group.dimension.name} "
                    f"({b.parts_text(second, j)}) puts it at most {d.ceiling[j]}"
                ),
            )
    _remainders(b)
    for key in ledger.keys:
        # an inferred bound is news when it says more than the node's parent
        # does: a floor above 0, or a ceiling below the parent's
        lo_a, hi_a = state.lo[key], state.hi[key]
        parent = ledger.schema.locate(key)[1]
        ceiling = state.hi[parent.node] if parent is not None else UNBOUNDED
        rows = state.present[key] & ~ledger.columns[key].stated & ((lo_a > 0) | (hi_a < ceiling))
        for j in _rows(rows):
            lo, hi = int(lo_a[j]), to_python(hi_a[j])
            if hi is None:
                what = f"at least {lo}"
            elif lo == hi:
                what = f"exactly {lo}"
            elif lo == 0:
                what = f"at most {hi}"
            else:
                what = f"between {lo} and {hi}"
            b.add(
                j, key, 4, rule="inferred-bound", severity=Severity.INFO, dimension=None,
                kind="bounds", lo=lo, hi=hi, figures={key: format_bounds(lo, hi)},
                message=f"{_prose(b.name(key))} is {what}",
            )
    b.found.extend((f.report or 0, b.order.get(f.node, 0), 5, f) for f in across(ledger, state))
    b.found.sort(key=lambda t: t[:3])
    found = [t[3] for t in b.found]
    if ledger.problems:
        # input problems first on their line; rows that are no report by their line
        found = sorted(
            [*ledger.problems, *found],
            key=lambda f: (f.location.line or 0) if f.location else (f.report or 0),
        )
    return Findings(found, len(ledger), overview(ledger, state, found))


def overview(ledger: Ledger, state: State, found: list[Finding]) -> dict[str, object]:
    """How the reports stand, counted: what ``tally check`` prints under its table.

    A report *balances* when no finding but an inferred bound concerns it.
    It leaves a *positive remainder* when some remainder is certainly above
    0, and *may leave* one when its only remainders are ranges from 0.  A
    report can be counted under a remainder and an error at once.
    """
    positive: dict[str, set[int]] = {}
    possible: set[int] = set()
    unbalanced: set[int] = set()
    over: set[int] = set()
    other_errors: set[int] = set()
    warned: set[int] = set()
    for f in found:
        if f.report is None or f.rule == "inferred-bound":
            continue
        unbalanced.add(f.report)
        if f.rule == "remainder":
            if f.lo > 0:
                positive.setdefault(f.dimension or "", set()).add(f.report)
            else:
                possible.add(f.report)
        elif f.rule == "over-accounted" and f.severity == Severity.ERROR:
            over.add(f.report)
        elif f.severity == Severity.ERROR:
            other_errors.add(f.report)
        elif f.severity == Severity.WARNING:
            warned.add(f.report)
    with_positive = set().union(*positive.values()) if positive else set()
    roots = [n for n in ledger.schema.nodes if ledger.schema.parent_of(n) is None]
    no_root = {
        root: int((~ledger.columns[root].stated).sum()) for root in roots if state.present[root].any()
    }
    return {
        "rows": ledger.rows_read,
        "reports": len(ledger),
        "unreadable_rows": sum(1 for p in ledger.problems if p.report is None),
        "bad_cells": sum(1 for p in ledger.problems if p.rule == "bad-cell"),
        "balanced": len(ledger) - len(unbalanced),
        "positive_remainder": len(with_positive),
        "positive_remainder_by_dimension": {k: len(v) for k, v in sorted(positive.items())},
        "possible_remainder": len(possible - with_positive),
        "over_accounted": len(over),
        "other_errors": len(other_errors - over),
        "warnings": len(warned),
        "not_stated": no_root,
    }


# -- rule 8: across reports ----------------------------------------------------


def _same_about(report: Report) -> tuple[object, ...] | None:
    """What two reports must share to speak of the same drones: scope,
    window, weapon and target.  None when the scope or window is unknown."""
    if report.scope is None or report.window_start is None:
        return None
    return (report.scope, report.window_start, report.window_end, report.weapon, report.metadata.get("target"))


def across(ledger: Ledger, state: State) -> list[Finding]:
    """Rule 8: possible duplicates (warning) and disagreements (error).

    Reports are compared only when they speak of the same drones: the same
    scope, window, weapon and target (reports of different scopes never
    are).  A possible duplicate has the same stated figures as an earlier
    report from another post; a disagreement is two reports from different
    sources where some node's bounds cannot both hold.
    """
    groups: dict[tuple[object, ...], list[int]] = {}
    for j, report in enumerate(ledger.reports):
        about = _same_about(report)
        if about is not None:
            groups.setdefault(about, []).append(j)
    found: list[Finding] = []
    for rows in groups.values():
        if len(rows) > 1:
            found.extend(_duplicates(ledger, rows))
            found.extend(_disagreements(ledger, state, rows))
    return found


def _duplicates(ledger: Ledger, rows: list[int]) -> list[Finding]:
    found = []
    first_with: dict[frozenset[tuple[str, int, int | None]], int] = {}
    for j in rows:
        report = ledger.reports[j]
        figures = frozenset((k, c.lo, c.hi) for k, c in report.figures.items())
        if not figures:
            continue
        earlier = first_with.setdefault(figures, j)
        other = ledger.reports[earlier]
        same_post = report.link is not None and report.link == other.link
        if earlier != j and not same_post:
            message = f"same window, weapon and figures as {_where(other, report)} ({other.link or 'no link'})"
            found.append(_cross(ledger, j, earlier, "possible-duplicate", Severity.WARNING, "", 0, message))
    return found


def _disagreements(ledger: Ledger, state: State, rows: list[int]) -> list[Finding]:
    """The first node, in tree order, whose bounds differ beyond overlap, per pair."""
    found = []
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            first, second = ledger.reports[a], ledger.reports[b]
            if first.source == second.source:
                continue
            for key in ledger.keys:
                if not (state.present[key][a] and state.present[key][b]):
                    continue
                lo_a, hi_a = int(state.lo[key][a]), to_python(state.hi[key][a])
                lo_b, hi_b = int(state.lo[key][b]), to_python(state.hi[key][b])
                gap = max(lo_a - (hi_b if hi_b is not None else lo_a), lo_b - (hi_a if hi_a is not None else lo_b))
                if gap > 0:
                    message = (
                        f"{_prose(ledger.schema.locate(key)[2])} {format_bounds(lo_b, hi_b)} here, "
                        f"{format_bounds(lo_a, hi_a)} in {first.source} at {_where(first, second)}"
                    )
                    found.append(_cross(ledger, b, a, "disagreement", Severity.ERROR, key, gap, message))
                    break
    return found


def _where(report: Report, seen_from: Report) -> str:
    """Where a report is, as seen from another: "line 12" in the same file."""
    here, there = report.location, seen_from.location
    if here is None:
        return report.label()
    if there is not None and here.file == there.file and here.line is not None:
        return f"line {here.line}"
    return str(here)


def _cross(ledger: Ledger, j: int, other: int, rule: str, severity: Severity, node: str, gap: int,
           message: str) -> Finding:
    report = ledger.reports[j]
    return Finding(
        rule=rule, severity=severity, report=j, source=report.source, node=node, dimension=None,
        kind="gap" if gap else "match", lo=gap, hi=gap, message=message, location=report.location,
        report_id=report.id, window=report.window, other_report=other,
    )
