"""The rules: plain check functions over a table and the engine's state.

Each rule is a :class:`Rule`: a ``check`` that returns its findings as
arrays (see :data:`~dronetally.findings.FIELDS`), and a ``describe`` that
writes one finding's message and figures when someone asks for them.
:func:`check` runs :data:`RULES` in order; a report's findings are sorted
by node in tree order, then by the order of this list.

1. **over-accounted** (error): in a dimension, the parts' smallest total is
   more than the node's largest stated value (in a breakdown whose parts may
   overlap, a warning; an error only where one part alone is more).
2. **under-accounted** (error): in a complete dimension, the parts' largest
   total is less than the node's smallest stated value.
3. **dimensions-disagree** (error): two dimensions of one node put it in
   ranges that do not meet.
4. **remainder** (info): a partial dimension of a stated node leaves
   ``[node.lo - sum(parts.hi), node.hi - sum(parts.lo)]``, clipped at 0.
5. **inferred-bound** (info): a node not stated whose bounds say more than
   its parent's: a floor above 0, or a ceiling below the parent's.
6. **possible-duplicate** (warning): same scope, window, weapon, target and
   stated figures as an earlier report from another post.
7. **disagreement** (error): a report whose figures cannot be true together
   with an earlier one's from another source about the same scope, window,
   weapon and target; reported once per report, against the earliest such
   report, at the first node in tree order where they conflict.

The first three are found by propagation (:mod:`dronetally.engine`): after
one, propagation goes on without that dimension, so one wrong figure is one
finding, where it is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from dronetally.count import MAX_COUNT, format_bounds
from dronetally.engine import GroupState, State, propagate, ratio
from dronetally.findings import (
    KINDS,
    Arrays,
    Findings,
    Severity,
    amount_text,
    concat,
    empty_arrays,
    share_text,
)
from dronetally.findings import (
    RULES as RULE_NAMES,
)
from dronetally.table import UNBOUNDED, Table, to_python

if TYPE_CHECKING:
    import numpy.typing as npt

    from dronetally.table import Bools, Int64s


def _prose(name: str) -> str:
    return name.replace("_", " ")


class Context:
    """What the rules share while checking one table: its state, and the codes of names."""

    def __init__(self, table: Table, state: State) -> None:
        self.table = table
        self.state = state
        self.names: list[str] = [*table.keys, *(g.dimension.key for g in table.groups), ""]
        self.code = {name: i for i, name in enumerate(self.names)}
        self.group = {gs.group.dimension.key: gs for gs in state.groups}

    @functools.cached_property
    def about(self) -> npt.NDArray[np.int64]:
        """:func:`about` of the table, worked out once for the rules across reports."""
        return about(self.table)

    def block(
        self, rule: str, severity: Severity, kind: str, rows: npt.NDArray[np.intp], node: str,
        lo: Int64s | int, hi: Int64s | int, *, dimension: str | None = None,
        share_lo: Any = np.nan, share_hi: Any = np.nan,
        other_dimension: npt.NDArray[np.int32] | None = None, other_report: npt.NDArray[np.int64] | None = None,
        nodes: npt.NDArray[np.int32] | None = None,
    ) -> Arrays:
        """Findings of one rule at ``rows`` (report indices), as arrays."""
        n = len(rows)
        out = empty_arrays(n)
        out["report"][:] = rows
        out["rule"][:] = RULE_NAMES.index(rule)
        out["severity"][:] = severity.rank
        out["kind"][:] = KINDS.index(kind)
        out["node"][:] = self.code[node] if nodes is None else nodes
        if dimension is not None:
            out["dimension"][:] = self.code[dimension]
        if other_dimension is not None:
            out["other_dimension"][:] = other_dimension
        if other_report is not None:
            out["other_report"][:] = other_report
        out["lo"][:] = lo
        out["hi"][:] = hi
        out["share_lo"][:] = share_lo
        out["share_hi"][:] = share_hi
        out["line"][:] = self.table.line[rows]
        return out

    # -- text, made only when a finding is shown -------------------------------------
    def name(self, key: str) -> str:
        return self.table.schema.locate(key)[2]

    def text(self, key: str, j: int) -> str:
        """A node's figure as written, ``?`` when named, or its bounds in brackets when neither."""
        written = self.table.figure_text(key, j)
        if written is not None:
            return written
        return f"[{format_bounds(int(self.state.lo[key][j]), to_python(self.state.hi[key][j]))}]"

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

    def where(self, j: int, seen_from: int) -> str:
        """Where report ``j`` is, as seen from another: "line 12" in the same file."""
        file, line = self.table.location(j)
        if file is None:
            return self.table.label(j)
        if file == self.table.location(seen_from)[0] and line is not None:
            return f"line {line}"
        return file if line is None else f"{file}:{line}"


Check = Callable[[Context], list[Arrays]]
Describe = Callable[[Context, Findings, int], tuple[str, dict[str, str]]]


@dataclass(frozen=True)
class Rule:
    name: str
    check: Check
    describe: Describe


def _rows(mask: Bools) -> npt.NDArray[np.intp]:
    return np.flatnonzero(mask)


# -- 1-3: what propagation found ---------------------------------------------------------


def _over(ctx: Context) -> list[Arrays]:
    out = []
    for gs in ctx.state.groups:
        node, dim = gs.node, gs.group.dimension
        # a breakdown whose parts may overlap is a loose one (a dataset's undocumented
        # column): whatever exceeds its node is a warning, never an error
        severity = Severity.WARNING if dim.overlapping else Severity.ERROR
        own = ctx.table.columns[node].hi
        for mask in (gs.over, gs.overlap_excess):
            rows = _rows(mask)
            if not len(rows):
                continue
            alone = dim.overlapping and mask is gs.over
            total = (gs.lo_max if alone else gs.lo)[rows]
            excess = total - own[rows]
            share = ratio(excess, own[rows], default=1.0)
            out.append(ctx.block("over-accounted", severity, "excess", rows, node, excess, excess,
                                 dimension=dim.key, share_lo=share, share_hi=share))
    return out


def _describe_over(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, gs = found.value("report", k), ctx.group[found.name("dimension", k) or ""]
    node, dim = gs.node, gs.group.dimension
    excess = found.value("lo", k)
    own = int(ctx.table.columns[node].hi[j])
    what = "its largest part alone is" if dim.overlapping and gs.over[j] else "add up to"
    message = (
        f"{dim.name} parts ({ctx.parts_text(gs, j)}) {what} at least {own + excess}, "
        f"{excess} more than {_prose(node)} {ctx.text(node, j)}"
        + (" (its parts may overlap)" if dim.overlapping else "")
    )
    return message, ctx.figures(node, gs, j)


def _under(ctx: Context) -> list[Arrays]:
    out = []
    for gs in ctx.state.groups:
        rows = _rows(gs.under)
        if not len(rows):
            continue
        own = ctx.table.columns[gs.node].lo[rows]
        short = own - gs.hi_finite[rows]
        share = ratio(short, own, default=1.0)
        out.append(ctx.block("under-accounted", Severity.ERROR, "shortfall", rows, gs.node, short, short,
                             dimension=gs.group.dimension.key, share_lo=share, share_hi=share))
    return out


def _describe_under(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, gs = found.value("report", k), ctx.group[found.name("dimension", k) or ""]
    short = found.value("lo", k)
    message = (
        f"complete {gs.group.dimension.name} ({ctx.parts_text(gs, j)}) adds up to at most "
        f"{gs.hi_finite[j]}, {short} short of {_prose(gs.node)} {ctx.text(gs.node, j)}"
    )
    return message, ctx.figures(gs.node, gs, j)


def _dimensions(ctx: Context) -> list[Arrays]:
    out = []
    for d in ctx.state.disagreements:
        rows = _rows(d.rows)
        gap = (d.floor - d.ceiling)[rows]
        first = np.array([ctx.code[s.group.dimension.key] for s in d.dimensions], np.int32)
        block = ctx.block("dimensions-disagree", Severity.ERROR, "gap", rows, d.node, gap, gap,
                          other_dimension=first[d.second[rows]])
        block["dimension"][:] = first[d.first[rows]]
        out.append(block)
    return out


def _describe_dimensions(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j = found.value("report", k)
    first = ctx.group[found.name("dimension", k) or ""]
    second = ctx.group[found.name("other_dimension", k) or ""]
    node = first.node
    d = next(d for d in ctx.state.disagreements
             if d.node == node and d.rows[j] and d.dimensions[d.first[j]] is first
             and d.dimensions[d.second[j]] is second)
    message = (
        f"{first.group.dimension.name} ({ctx.parts_text(first, j)}) puts {_prose(node)} at "
        f"least {d.floor[j]}, but complete {second.group.dimension.name} "
        f"({ctx.parts_text(second, j)}) puts it at most {d.ceiling[j]}"
    )
    return message, {**ctx.figures(node, first, j), **ctx.figures(node, second, j)}


# -- 4-5: what the accounts leave and imply -----------------------------------------------


def _remainders(ctx: Context) -> list[Arrays]:
    out = []
    for gs in ctx.state.groups:
        rem = ctx.state.remainder(gs)
        rows = _rows(rem.rows)
        if len(rows):
            out.append(ctx.block("remainder", Severity.INFO, "remainder", rows, gs.node, rem.lo[rows], rem.hi[rows],
                                 dimension=gs.group.dimension.key,
                                 share_lo=rem.share_lo[rows], share_hi=rem.share_hi[rows]))
    return out


def _describe_remainder(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, gs = found.value("report", k), ctx.group[found.name("dimension", k) or ""]
    lo, hi = found.value("lo", k), to_python(found.arrays["hi"][k])
    share = share_text(found.value("share_lo", k), found.value("share_hi", k))
    message = (
        f"leaves {amount_text(lo, hi)} of {ctx.text(gs.node, j)} {_prose(gs.node)}"
        f"{share} {gs.group.dimension.remainder_label}"
    )
    return message, ctx.figures(gs.node, gs, j)


def _inferred(ctx: Context) -> list[Arrays]:
    out = []
    state, table = ctx.state, ctx.table
    for key in table.keys:
        # an inferred bound is news when it says more than the node's parent
        # does: a floor above 0, or a ceiling below the parent's
        lo, hi = state.lo[key], state.hi[key]
        parent = table.schema.locate(key)[1]
        ceiling = state.hi[parent.node] if parent is not None else UNBOUNDED
        rows = _rows(state.present[key] & ~table.columns[key].stated & ((lo > 0) | (hi < ceiling)))
        if len(rows):
            out.append(ctx.block("inferred-bound", Severity.INFO, "bounds", rows, key, lo[rows], hi[rows]))
    return out


def _describe_inferred(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    key = found.name("node", k) or ""
    lo, hi = found.value("lo", k), to_python(found.arrays["hi"][k])
    if hi is None:
        what = f"at least {lo}"
    elif lo == hi:
        what = f"exactly {lo}"
    elif lo == 0:
        what = f"at most {hi}"
    else:
        what = f"between {lo} and {hi}"
    return f"{_prose(ctx.name(key))} is {what}", {key: format_bounds(lo, hi)}


# -- 6-7: across reports ------------------------------------------------------------------


def about(table: Table) -> npt.NDArray[np.int64]:
    """For each report, a number for what it speaks of (scope, window,
    weapon and target), shared only with other reports: -1 where the scope
    or window is unknown (never compared) or no other report speaks of it."""
    n = len(table)
    meta = table.meta
    target = table.extra.get("target")
    columns = [meta["scope"], meta["window_start"], meta["window_end"], meta["weapon"]]
    if target is not None:
        columns.append(target)
    known = (columns[0].codes >= 0) & (columns[1].codes >= 0)
    radix = 1
    for c in columns:
        radix *= len(c.values) + 1
    if radix < 2**62:  # one int64 holds every combination
        key = np.zeros(n, np.int64)
        for c in columns:
            key = key * (len(c.values) + 1) + (c.codes + 1)
        _, inverse = np.unique(key[known], return_inverse=True)
    else:
        stacked = np.stack([c.codes for c in columns])
        _, inverse = np.unique(stacked[:, known], axis=1, return_inverse=True)
    group = np.full(n, -1, np.int64)
    if not known.any():
        return group
    group[known] = inverse.reshape(-1)
    shared = known & (np.bincount(group[known])[np.maximum(group, 0)] > 1)
    # number the shared groups 0, 1, ... in order
    _, compact = np.unique(group[shared], return_inverse=True)
    group[:] = -1
    group[shared] = compact.reshape(-1)
    return group


def _duplicates(ctx: Context) -> list[Arrays]:
    """Same group and the same stated figures as an earlier report, from another post."""
    table = ctx.table
    group = ctx.about
    stated_any = np.zeros(len(table), bool)
    digest = np.zeros(len(table), np.uint64)
    with np.errstate(over="ignore"):
        for i, key in enumerate(table.keys):
            c = table.columns[key]
            if not c.stated.any():
                continue
            stated_any |= c.stated
            mixed = (c.lo.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
                     ^ c.hi.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)) + np.uint64(i + 1)
            mixed ^= mixed >> np.uint64(29)
            digest += np.where(c.stated, mixed * np.uint64(0xBF58476D1CE4E5B9), np.uint64(0))
    rows = _rows((group >= 0) & stated_any)
    if len(rows) < 2:
        return []
    order = rows[np.lexsort((rows, digest[rows], group[rows]))]
    starts = np.ones(len(order), bool)
    starts[1:] = (group[order][1:] != group[order][:-1]) | (digest[order][1:] != digest[order][:-1])
    first = order[np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
    later, earlier = order[~starts], first[~starts]
    # the digest only proposes: keep the pairs whose stated figures are equal
    same = np.ones(len(later), bool)
    for key in table.keys:
        c = table.columns[key]
        same &= (c.stated[later] == c.stated[earlier]) & (
            ~c.stated[later] | ((c.lo[later] == c.lo[earlier]) & (c.hi[later] == c.hi[earlier])))
    link = table.meta["link"].codes
    other_post = (link[later] < 0) | (link[later] != link[earlier])
    keep = same & other_post
    later, earlier = later[keep], earlier[keep]
    sort = np.argsort(later, kind="stable")
    later, earlier = later[sort], earlier[sort]
    if not len(later):
        return []
    return [ctx.block("possible-duplicate", Severity.WARNING, "match", later, "", 0, 0, other_report=earlier)]


def _describe_duplicate(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, other = found.value("report", k), found.value("other_report", k)
    link = ctx.table.meta["link"].get(other)
    return f"same window, weapon and figures as {ctx.where(other, j)} ({link or 'no link'})", {}


def _earliest_conflict(
    group: npt.NDArray[np.int64], lo: Int64s, hi: Int64s, candidates: Bools, queries: Bools,
) -> npt.NDArray[np.int64]:
    """For each query row b: the earliest candidate row a < b of the same
    group whose bounds cannot meet b's (a's floor above b's ceiling, or a's
    ceiling below b's floor); -1 where there is none.  Sorting and binary
    search: n log n, whatever the size of a group."""
    n = len(group)
    out = np.full(n, -1, np.int64)
    rows = _rows((candidates | queries) & (group >= 0))
    if len(rows) < 2:
        return out
    rows = rows[np.argsort(group[rows], kind="stable")]  # by group, then by row
    g = group[rows]
    r_lo, r_hi = lo[rows], np.minimum(hi[rows], MAX_COUNT + 1)  # no upper bound: above every count
    span = MAX_COUNT + 2
    if int(g[-1]) >= 2**62 // (2 * span + 2):  # too many groups to share one int64 with a count: use ranks
        values, inverse = np.unique(np.concatenate([r_lo, r_hi]), return_inverse=True)
        r_lo, r_hi, span = inverse[: len(rows)], inverse[len(rows):], len(values) + 1
    band = 2 * span + 2  # each group's keys lie in [g * band, (g + 1) * band)
    is_candidate = candidates[rows]
    position = np.arange(len(rows))
    for floor, ceiling in ((r_lo, r_hi), (-r_hi, -r_lo)):
        # floor above ceiling; the second pass mirrors it: ceiling below floor
        best = np.where(is_candidate, floor, -span - 1)
        prefix = np.maximum.accumulate(g * band + span + 1 + best)  # per group, the highest floor so far
        at = np.searchsorted(prefix, g * band + span + 1 + ceiling, side="right")  # the first above: earliest
        ok = queries[rows] & (at < position)
        found = np.where(ok, rows[np.minimum(at, len(rows) - 1)], -1)
        here = out[rows]
        out[rows] = np.where((found >= 0) & ((here < 0) | (found < here)), found, here)
    return out


def _disagreements(ctx: Context) -> list[Arrays]:
    table, state = ctx.table, ctx.state
    group = ctx.about
    source = table.meta["source"].codes
    n = len(table)
    earliest = np.full(n, -1, np.int64)
    for key in table.keys:
        present = state.present[key] & (group >= 0)
        if present.sum() < 2:
            continue
        found = _earliest_conflict(group, state.lo[key], state.hi[key], present, present)
        # the earliest conflict may be the report's own source: look again among the others only
        own = (found >= 0) & (source[np.maximum(found, 0)] == source)
        for s in np.unique(source[own]):
            mine = own & (source == s)
            again = _earliest_conflict(group, state.lo[key], state.hi[key], present & (source != s), mine)
            found = np.where(mine, again, found)
        better = (found >= 0) & ((earliest < 0) | (found < earliest))
        earliest = np.where(better, found, earliest)
    rows = _rows(earliest >= 0)
    if not len(rows):
        return []
    other = earliest[rows]
    node = np.full(len(rows), -1, np.int32)
    gap = np.zeros(len(rows), np.int64)
    for key in table.keys:  # the first node, in tree order, where the two cannot both hold
        p = state.present[key]
        lo_b, hi_b = state.lo[key][rows], state.hi[key][rows]
        lo_a, hi_a = state.lo[key][other], state.hi[key][other]
        high = np.where(hi_b == UNBOUNDED, 0, lo_a - np.where(hi_b == UNBOUNDED, 0, hi_b))
        low = np.where(hi_a == UNBOUNDED, 0, lo_b - np.where(hi_a == UNBOUNDED, 0, hi_a))
        g = np.maximum(high, low)
        hit = (node < 0) & p[rows] & p[other] & (g > 0)
        node[hit] = ctx.code[key]
        gap[hit] = g[hit]
    return [ctx.block("disagreement", Severity.ERROR, "gap", rows, "", gap, gap, other_report=other, nodes=node)]


def _describe_disagreement(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, other = found.value("report", k), found.value("other_report", k)
    key = found.name("node", k) or ""
    state = ctx.state
    here = format_bounds(int(state.lo[key][j]), to_python(state.hi[key][j]))
    there = format_bounds(int(state.lo[key][other]), to_python(state.hi[key][other]))
    source = ctx.table.meta["source"].get(other)
    return f"{_prose(ctx.name(key))} {here} here, {there} in {source} at {ctx.where(other, j)}", {}


#: The rules in the order they run; a report's findings at one node are listed in this order.
RULES: tuple[Rule, ...] = (
    Rule("over-accounted", _over, _describe_over),
    Rule("under-accounted", _under, _describe_under),
    Rule("dimensions-disagree", _dimensions, _describe_dimensions),
    Rule("remainder", _remainders, _describe_remainder),
    Rule("inferred-bound", _inferred, _describe_inferred),
    Rule("possible-duplicate", _duplicates, _describe_duplicate),
    Rule("disagreement", _disagreements, _describe_disagreement),
)
_BY_NAME = {rule.name: rule for rule in RULES}


def check(
    table: Table, state: State | None = None, *, rules: tuple[Rule, ...] = RULES,
    problems: Problems | None = None,
) -> Findings:
    """Every finding of ``rules`` on every report of ``table``, with the
    reading ``problems`` merged in by line.  ``state`` is :func:`propagate`'s
    result, when the caller has it already."""
    state = state or propagate(table)
    ctx = Context(table, state)
    blocks: list[Arrays] = []
    ranks: list[npt.NDArray[np.int64]] = []
    for rank, rule in enumerate(rules):
        for block in rule.check(ctx):
            blocks.append(block)
            ranks.append(np.full(len(block["report"]), rank, np.int64))
    found = concat(blocks)
    node_order = np.where(found["node"] < len(table.keys), found["node"], 0)
    order = np.lexsort((np.concatenate(ranks) if ranks else np.zeros(0, np.int64), node_order, found["report"]))
    found = {name: a[order] for name, a in found.items()}
    names = list(ctx.names)
    notes: tuple[str, ...] = ()
    problem_file = None
    if problems is not None and len(problems.arrays["report"]):
        extra = problems.arrays
        offset = len(names)
        names += problems.names
        notes, problem_file = problems.notes, problems.file
        extra = {**extra, "node": extra["node"] + offset}
        merged = concat([extra, found])
        order = np.argsort(merged["line"], kind="stable")  # input problems first on their line
        found = {name: a[order] for name, a in merged.items()}

    def describe(findings: Findings, k: int) -> tuple[str, dict[str, str]]:
        return _BY_NAME[RULE_NAMES[findings.arrays["rule"][k]]].describe(ctx, findings, k)

    result = Findings(found, table=table, names=names, describe=describe, notes=notes, problem_file=problem_file)
    result.overview = overview(table, state, result, problems)
    return result


@dataclass(frozen=True, eq=False)
class Problems:
    """What reading a published dataset found wrong, as finding arrays:
    ``bad-cell`` and ``unreadable-row`` errors with their messages."""

    arrays: Arrays
    names: tuple[str, ...]  # the columns the node codes stand for
    notes: tuple[str, ...]
    file: str | None

    @classmethod
    def of(cls, items: list[tuple[str, int, int | None, str, str]], file: str | None) -> Problems:
        """From (rule, line, report index or None, column, message) per problem."""
        arrays = empty_arrays(len(items))
        names: dict[str, int] = {}
        for k, (rule, line, report, column, _message) in enumerate(items):
            arrays["rule"][k] = RULE_NAMES.index(rule)
            arrays["line"][k] = line
            arrays["report"][k] = -1 if report is None else report
            arrays["node"][k] = names.setdefault(column, len(names))
            arrays["note"][k] = k
        arrays["severity"][:] = Severity.ERROR.rank
        arrays["kind"][:] = KINDS.index("input")
        arrays["hi"][:] = 0
        return cls(arrays, tuple(names), tuple(item[4] for item in items), file)

    def take(self, index: npt.NDArray[np.intp]) -> Problems:
        """The problems of the reports at ``index`` (renumbered), and of rows that are no report."""
        position = np.full(int(index.max()) + 2 if len(index) else 1, -1, np.int64)
        position[index] = np.arange(len(index))
        report = self.arrays["report"]
        inside = report < len(position) - 1
        new = np.where(report >= 0, position[np.where(inside, report, len(position) - 1)], -1)
        keep = (report < 0) | (new >= 0)
        arrays = {name: a[keep] for name, a in self.arrays.items()}
        arrays["report"] = new[keep]
        return Problems(arrays, self.names, self.notes, self.file)

    @property
    def unreadable(self) -> int:
        return int((self.arrays["report"] < 0).sum())


def overview(table: Table, state: State, found: Findings, problems: Problems | None = None) -> dict[str, Any]:
    """How the reports stand, counted: what ``tally check`` prints under its table.

    A report *balances* when no finding but an inferred bound concerns it.
    It leaves a *positive remainder* when some remainder is certainly above
    0, and *may leave* one when its only remainders are ranges from 0.  A
    report can be counted under a remainder and an error at once.
    """
    a = found.arrays
    n = len(table)
    rule, report, severity = a["rule"], a["report"], a["severity"]

    def reports(mask: Bools) -> Bools:
        out = np.zeros(n, bool)
        out[report[mask & (report >= 0)]] = True
        return out

    is_rule = {name: rule == RULE_NAMES.index(name) for name in ("remainder", "over-accounted", "inferred-bound")}
    error, warning = severity == Severity.ERROR.rank, severity == Severity.WARNING.rank
    unbalanced = reports(~is_rule["inferred-bound"])
    positive_rows = is_rule["remainder"] & (a["lo"] > 0)
    by_dim: dict[str, int] = {}
    for code in np.unique(a["dimension"][positive_rows]):
        by_dim[found.names[code]] = int(reports(positive_rows & (a["dimension"] == code)).sum())
    with_positive = reports(positive_rows)
    over = reports(is_rule["over-accounted"] & error)
    other_errors = reports(error & ~is_rule["over-accounted"] & ~is_rule["remainder"])
    roots = [name for name in table.schema.nodes if table.schema.parent_of(name) is None]
    arrays = problems.arrays if problems is not None else empty_arrays()
    return {
        "rows": table.rows_read,
        "reports": n,
        "unreadable_rows": int((arrays["report"] < 0).sum()),
        "bad_cells": int((arrays["rule"] == RULE_NAMES.index("bad-cell")).sum()),
        "balanced": n - int(unbalanced.sum()),
        "positive_remainder": int(with_positive.sum()),
        "positive_remainder_by_dimension": dict(sorted(by_dim.items())),
        "possible_remainder": int((reports(is_rule["remainder"]) & ~with_positive).sum()),
        "over_accounted": int(over.sum()),
        "other_errors": int((other_errors & ~over).sum()),
        "warnings": int(reports(warning & ~is_rule["remainder"]).sum()),
        "not_stated": {
            root: int((~table.columns[root].stated).sum()) for root in roots if state.present[root].any()
        },
    }

