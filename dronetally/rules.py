"""The rules: plain check functions over a table and the engine's state.

Each rule is a :class:`Rule`: a ``check`` that returns its findings as
arrays (see :data:`~dronetally.findings.FIELDS`), and a ``describe`` that
writes one finding's message and figures when someone asks for them.
:func:`check` runs :data:`CHECKS` in order; a report's findings are sorted
by node in tree order, then by the order of this list.

1. **over-accounted** (error): in a dimension, the parts' smallest total is
   more than the node's largest stated value (in a breakdown whose parts may
   overlap, always a warning: where their total is more, and where one part
   alone is, which also keeps the breakdown out of propagation).
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
one, propagation goes on without that dimension, so each broken constraint
is one finding, where it is, and is not reported again further on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from dronetally.across import Index, Rows, disagreements, duplicates, revisions
from dronetally.count import format_bounds
from dronetally.engine import GroupState, State, propagate, ratio
from dronetally.findings import (
    FIELDS,
    KINDS,
    Arrays,
    Findings,
    Severity,
    amount_text,
    concat,
    empty_arrays,
    report_lines,
    share_text,
    take_arrays,
)
from dronetally.findings import (
    RULES as RULES,
)
from dronetally.hints import hint_text, repairs
from dronetally.table import UNBOUNDED, Table, is_constant, repeat, to_python

if TYPE_CHECKING:
    import numpy.typing as npt

    from dronetally.table import Bools, Int64s


def _prose(name: str) -> str:
    return name.replace("_", " ")


class Context:
    """What the rules share while checking one table: its state, and the codes of names."""

    def __init__(self, table: Table, state: State, index: Index) -> None:
        self.table = table
        self.state = state
        self.index = index
        self.rows: Rows | None = None  # the rules across reports: see _across
        self.start = 0
        self.offset = index.seen  # the table's first report is this one of the whole input
        self.names: list[str] = [*table.keys, *(g.dimension.key for g in table.groups), ""]
        self.code = {name: i for i, name in enumerate(self.names)}
        self.group = {gs.group.dimension.key: gs for gs in state.groups}

    def at(self, found: Findings, k: int) -> tuple[int, GroupState]:
        """Finding ``k``'s row in the table, and the state of its dimension."""
        return found.row(k), self.group[found.name("dimension", k) or ""]

    def file_code(self, j: int) -> int:
        """The index's number for the file report ``j`` was read from; -1 for none."""
        file = self.table.file.get(j)
        return -1 if file is None else self.index.files.number.get(file, -1)

    def block(
        self, rule: str, severity: Severity, kind: str, rows: npt.NDArray[np.intp], node: str,
        lo: Int64s | int, hi: Int64s | int, *, dimension: str | npt.NDArray[np.int32] | None = None,
        share_lo: Any = np.nan, share_hi: Any = np.nan,
        other_dimension: npt.NDArray[np.int32] | None = None, other_report: npt.NDArray[np.int64] | None = None,
        nodes: npt.NDArray[np.int32] | None = None,
    ) -> Arrays:
        """Findings of one rule at ``rows`` (report indices), as arrays.  A
        field that is the same for every finding of the block is one value
        repeated (no memory); ``hi`` is ``lo``'s array where they are one."""
        n = len(rows)

        def field(name: str, value: Any) -> npt.NDArray[Any]:
            if isinstance(value, np.ndarray) and value.ndim:
                return value.astype(FIELDS[name], copy=False)
            return repeat(value, n, FIELDS[name])

        lo_field = field("lo", lo)
        return {
            "report": rows + self.offset if self.offset else rows.astype(np.int64, copy=False),
            "rule": repeat(RULES.index(rule), n, np.int8),
            "severity": repeat(severity.rank, n, np.int8),
            "kind": repeat(KINDS.index(kind), n, np.int8),
            "node": field("node", self.code[node] if nodes is None else nodes),
            "dimension": field("dimension", -1 if dimension is None else
                               self.code[dimension] if isinstance(dimension, str) else dimension),
            "other_dimension": field("other_dimension", -1 if other_dimension is None else other_dimension),
            "other_report": field("other_report", -1 if other_report is None else other_report),
            "lo": lo_field,
            "hi": lo_field if hi is lo else field("hi", hi),
            "share_lo": (share := field("share_lo", share_lo)),
            "share_hi": share if share_hi is share_lo else field("share_hi", share_hi),
            "line": repeat(0, n, np.int64),  # each its report's: see findings.report_lines
            "note": repeat(-1, n, np.int32),
        }

    # -- text, made only when a finding is shown -------------------------------------
    def name(self, key: str) -> str:
        return self.table.schema.locate(key)[2]

    def text(self, key: str, j: int) -> str:
        """A node's figure as written, ``?`` when named, or its bounds in brackets when neither."""
        written = self.table.figure_text(key, j)
        if written is not None:
            return written
        return f"[{format_bounds(int(self.state.lo[key][j]), to_python(self.state.hi[key][j]))}]"

    @staticmethod
    def parts(gs: GroupState, j: int) -> list[str]:
        """The parts of a dimension that take part in it in report ``j``."""
        parts = gs.group.parts
        return [parts[i] for i in np.flatnonzero(gs.present[:, j]).tolist()]

    def figures(self, node: str, gs: GroupState | None, j: int) -> dict[str, str]:
        out = {node: self.text(node, j)}
        for p in self.parts(gs, j) if gs is not None else ():
            out[p] = self.text(p, j)
        return out

    def parts_text(self, gs: GroupState, j: int) -> str:
        return ", ".join(f"{_prose(self.name(p))} {self.text(p, j)}" for p in self.parts(gs, j))

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
        own = ctx.table.columns[node].hi
        for mask in (gs.over, gs.overlap_excess):
            rows = _rows(mask)
            if not len(rows):
                continue
            # a breakdown whose parts may overlap is a loose one (a dataset's undocumented
            # column): whatever exceeds its node is a warning, never an error
            loose = gs.overlapping[rows]
            for severity, these in ((Severity.ERROR, rows[~loose]), (Severity.WARNING, rows[loose])):
                if not len(these):
                    continue
                # over: the parts' sum, or the largest where they may overlap; excess: their sum
                total = (gs.lo_max if mask is gs.over else gs.lo)[these]
                excess = total - own[these]
                share = ratio(excess, own[these], default=1.0)
                out.append(ctx.block("over-accounted", severity, "excess", these, node, excess, excess,
                                     dimension=dim.key, share_lo=share, share_hi=share))
    return out


def _describe_over(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, gs = ctx.at(found, k)
    node, dim = gs.node, gs.group.dimension
    excess = found.value("lo", k)
    own = int(ctx.table.columns[node].hi[j])
    loose = bool(gs.overlapping[j])
    parts = ctx.parts_text(gs, j)
    said = (f"the largest of the {dim.name} parts ({parts}) is" if loose and gs.over[j]
            else f"{dim.name} parts ({parts}) add up to")
    message = (
        f"{said} at least {own + excess}, "
        f"{excess} more than {_prose(node)} {ctx.text(node, j)}"
        + (" (its parts may overlap)" if loose else "")
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
    j, gs = ctx.at(found, k)
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
        out.append(ctx.block("dimensions-disagree", Severity.ERROR, "gap", rows, d.node, gap, gap,
                             dimension=first[d.first[rows]], other_dimension=first[d.second[rows]]))
    return out


def _describe_dimensions(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j = found.row(k)
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
            lo = rem.lo[rows]
            share_lo, share_hi = rem.shares(rows, lo)
            out.append(ctx.block("remainder", Severity.INFO, "remainder", rows, gs.node,
                                 lo, lo if rem.hi is rem.lo else rem.hi[rows], dimension=gs.group.dimension.key,
                                 share_lo=share_lo, share_hi=share_hi))
    return out


def _describe_remainder(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, gs = ctx.at(found, k)
    node, column = gs.node, ctx.table.columns[gs.node]
    lo, hi = found.value("lo", k), to_python(found.arrays["hi"][k])
    share = share_text(found.value("share_lo", k), found.value("share_hi", k))
    label = gs.group.dimension.remainder_label
    bounds = (int(ctx.state.lo[node][j]), to_python(ctx.state.hi[node][j]))
    if column.stated[j] and (int(column.lo[j]), to_python(column.hi[j])) == bounds:
        message = f"leaves {amount_text(lo, hi)} of {ctx.text(node, j)} {_prose(node)}{share} {label}"
    else:  # the other figures bound the node more tightly than its own: the remainder and share are of that
        final = format_bounds(*bounds)
        written = ctx.table.figure_text(node, j)
        whole = f"written {written} and {final} by the other figures" if written else f"{final} by the other figures"
        share = f"{share[:-1]} of {final})" if share else ""
        message = f"leaves {amount_text(lo, hi)} of {_prose(node)}, {whole}{share}, {label}"
    return message, ctx.figures(node, gs, j)


def _inferred(ctx: Context) -> list[Arrays]:
    out = []
    state, table = ctx.state, ctx.table
    for key in table.keys:
        # an inferred bound is news when it says more than the node's parent
        # does: a floor above 0, or a ceiling below the parent's
        lo, hi = state.lo[key], state.hi[key]
        parent = table.schema.locate(key)[1]
        ceiling = state.hi[parent.node] if parent is not None else UNBOUNDED
        if is_constant(table.columns[key].stated, True):
            continue  # every report states it
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
    # The figure as written ("?"), or its bounds in brackets when the report does not name it:
    # the bounds found are the finding's lo and hi, not a figure anybody stated.
    return f"{_prose(ctx.name(key))} is {what}", {key: ctx.text(key, found.row(k))}


# -- 6-7: across reports ------------------------------------------------------------------


def _across(ctx: Context) -> tuple[Rows, int]:
    """The chunk's reports among the index rows of their groups, and where the chunk starts."""
    if ctx.rows is None:
        chunk = ctx.index.view(ctx.table, ctx.state)
        ctx.rows = ctx.index.context(chunk)
        ctx.start = len(ctx.rows) - len(chunk)
    return ctx.rows, ctx.start


def _duplicates(ctx: Context) -> list[Arrays]:
    """Same group and the same stated figures as the first such report, from another post."""
    rows, start = _across(ctx)
    queries = np.arange(len(rows)) >= start
    later, earlier = duplicates(rows, queries)
    if not len(later):
        return []
    return [ctx.block("possible-duplicate", Severity.WARNING, "match", later - start, "", 0, 0,
                      other_report=rows.index[earlier])]


def _earlier(ctx: Context, found: Findings, k: int) -> tuple[int, int]:
    """(report, position in the index of the report it is compared with)."""
    j, other = found.row(k), found.value("other_report", k)
    rows = ctx.index.rows
    return j, int(np.searchsorted(rows.index, other))


def _describe_duplicate(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, at = _earlier(ctx, found, k)
    rows = ctx.index.rows
    link = int(rows.link[at])
    where = ctx.index.where(rows, at, ctx.file_code(j))
    return f"same window, weapon and figures as {where} ({ctx.index.links.texts[link] if link >= 0 else 'no link'})", {}


def _disagreements(ctx: Context) -> list[Arrays]:
    rows, start = _across(ctx)
    queries = np.arange(len(rows)) >= start
    at, other, node, gap = disagreements(rows, queries, ctx.table.keys)
    if not len(at):
        return []
    nodes = np.array([ctx.code[k] for k in ctx.table.keys], np.int32)[node]
    return [ctx.block("disagreement", Severity.ERROR, "gap", at - start, "", gap, gap,
                      other_report=rows.index[other], nodes=nodes)]


def _describe_disagreement(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, at = _earlier(ctx, found, k)
    rows = ctx.index.rows
    key = found.name("node", k) or ""
    state = ctx.state
    here = format_bounds(int(state.lo[key][j]), to_python(state.hi[key][j]))
    there = format_bounds(int(rows.lo[key][at]), to_python(rows.hi[key][at]))
    source = ctx.index.sources.texts[int(rows.source[at])]
    where = ctx.index.where(rows, at, ctx.file_code(j))
    return f"{_prose(ctx.name(key))} {here} here, {there} in {source} at {where}", {}


def _revisions(ctx: Context) -> list[Arrays]:
    """A later post of the same source that says something else of the same drones."""
    rows, start = _across(ctx)
    queries = np.arange(len(rows)) >= start
    later, earlier = revisions(rows, queries, ctx.table.keys)
    if not len(later):
        return []
    return [ctx.block("revision", Severity.WARNING, "change", later - start, "", 0, 0,
                      other_report=rows.index[earlier])]


def _describe_revision(ctx: Context, found: Findings, k: int) -> tuple[str, dict[str, str]]:
    j, at = _earlier(ctx, found, k)
    rows, columns = ctx.index.rows, ctx.table.columns
    changes = []
    for key in ctx.table.keys:
        if key in rows.said and rows.said[key][at] >= 0 and columns[key].stated[j]:
            there = format_bounds(int(rows.said[key][at]), to_python(rows.said_hi[key][at]))
            here = format_bounds(int(columns[key].lo[j]), to_python(columns[key].hi[j]))
            if here != there:
                changes.append(f"{_prose(ctx.name(key))} {there} there, {here} here")
    where = ctx.index.where(rows, at, ctx.file_code(j))
    return f"revises {where}, the same source's previous report of the same attack: {'; '.join(changes)}", {}


#: The rules in the order they run; a report's findings at one node are listed in this order.
CHECKS: tuple[Rule, ...] = (
    Rule("over-accounted", _over, _describe_over),
    Rule("under-accounted", _under, _describe_under),
    Rule("dimensions-disagree", _dimensions, _describe_dimensions),
    Rule("remainder", _remainders, _describe_remainder),
    Rule("inferred-bound", _inferred, _describe_inferred),
    Rule("possible-duplicate", _duplicates, _describe_duplicate),
    Rule("disagreement", _disagreements, _describe_disagreement),
    Rule("revision", _revisions, _describe_revision),
)
#: The error reports whose hints are worked out together, from the one first asked for on.
HINT_BATCH = 2048
#: The errors within one report, which a figure of the report alone may cause: these get hints.
_HINTED = frozenset({"over-accounted", "under-accounted", "dimensions-disagree"})
#: The rules within one report: all but the two across reports.
WITHIN = CHECKS[:5]
_BY_NAME = {rule.name: rule for rule in CHECKS}


def _in_order(blocks: list[Arrays], ranks: list[int], nodes: int) -> Arrays:
    """The blocks as one set of arrays, by report, then node in tree order,
    then rule; findings equal in all three stay in the order of the blocks.

    Each block is in report order already, so one block needs no sort.  With
    several, the largest (in a file of plain reports, the remainders: nearly
    every report) stays as it is: the others are sorted among themselves
    (a stable sort of a composite key) and their places among the largest
    block's findings found by binary search.  Then each field is written
    once: the largest block's straight into the places left free."""
    if len(blocks) < 2:
        return blocks[0] if blocks else concat(blocks)
    width = len(CHECKS) + 1
    span = (nodes + 1) * width  # a report's findings take keys report * span + (0 .. span - 1)

    def within(k: int) -> Int64s:
        """Block ``k``'s place among a report's findings: its node in tree order, then its rule.
        One value where the block is at one node."""
        node: Any = blocks[k]["node"]
        node = node[:1] if node.strides == (0,) else node
        node = np.where(node < nodes, node, 0).astype(np.int64)  # at no node (across reports): with the first
        out: Int64s = node * width + ranks[k]
        return out

    def key(k: int) -> Int64s:
        out: Int64s = blocks[k]["report"] * span
        out += within(k)
        return out

    def in_order(a: Int64s, strictly: bool) -> bool:
        return len(a) < 2 or bool((a[1:] > a[:-1] if strictly else a[1:] >= a[:-1]).all())

    sizes = [len(b["report"]) for b in blocks]
    big = sizes.index(max(sizes))
    big_report, big_within = blocks[big]["report"], within(big)
    one_node = len(big_within) == 1  # the largest block's keys are its reports with one offset
    big_key = big_report if one_node else key(big)
    if not in_order(big_key, strictly=one_node):  # nodes out of order within a report, or a block out of order
        return take_arrays(concat(blocks), np.argsort(np.concatenate([key(k) for k in range(len(blocks))]),
                                                       kind="stable"))
    rest = [k for k in range(len(blocks)) if k != big]
    rest_key = np.concatenate([key(k) for k in rest])
    order = np.argsort(rest_key, kind="stable")
    rest_key = rest_key[order]
    # on a tie, a finding of an earlier block goes before the largest block's, of a later one after
    before = np.repeat(np.array(rest) < big, [sizes[k] for k in rest])[order]
    if one_node:  # search the reports, then step over the largest block's finding of the report if it goes first
        report, rank = np.divmod(rest_key, span)
        first = np.searchsorted(big_report, report, "left")
        # at most one finding a report there (one_node, and reports strictly in order)
        met = big_report[np.minimum(first, len(big_report) - 1)] == report
        places = first + (met & np.where(before, big_within < rank, big_within <= rank))
    else:
        places = np.where(before, np.searchsorted(big_key, rest_key, "left"),
                          np.searchsorted(big_key, rest_key, "right"))
    places += np.arange(len(places))  # each placed finding moves the later ones on by one
    total = sum(sizes)
    free = np.ones(total, bool)
    free[places] = False
    out: Arrays = {}
    for name in FIELDS:
        parts = [b[name] for b in blocks if len(b[name])]
        if all(p.strides == (0,) and np.array_equal(p[:1], parts[0][:1], equal_nan=True) for p in parts):
            out[name] = repeat(parts[0][0] if parts else 0, total, FIELDS[name])
            continue
        same = {"hi": "lo", "share_hi": "share_lo"}.get(name)
        if same is not None and all(b[name] is b[same] for b in blocks):
            out[name] = out[same]  # the fields share an array in every block: once in the result
            continue
        column = out[name] = np.empty(total, FIELDS[name])
        theirs = blocks[big][name]
        if theirs.strides == (0,) and len(theirs):
            column.fill(theirs[0])
        else:
            column[free] = theirs
        column[places] = np.concatenate([blocks[k][name] for k in rest])[order]
    return out


def check(
    table: Table, state: State | None = None, *, rules: tuple[Rule, ...] = CHECKS,
    problems: Problems | None = None, index: Index | None = None,
) -> Findings:
    """Every finding of ``rules`` on every report of ``table``, with the
    reading ``problems`` merged in by line.  ``state`` is :func:`propagate`'s
    result, when the caller has it already.  ``index`` holds the reports of
    earlier chunks of the same input, for the rules across reports; the
    table's comparable reports are added to it."""
    state = state or propagate(table)
    chunk = index is not None  # one chunk of a check in chunks (whose index holds the reports before)
    index = index if index is not None else Index()
    ctx = Context(table, state, index)
    blocks: list[Arrays] = []
    ranks: list[int] = []
    for rank, rule in enumerate(rules):
        for block in rule.check(ctx):
            blocks.append(block)
            ranks.append(rank)
    found = _in_order(blocks, ranks, len(table.keys))
    names = list(ctx.names)
    notes: tuple[str, ...] = ()
    problem_file = None
    if problems is not None and len(problems.arrays["report"]):
        extra = problems.arrays
        offset = len(names)
        names += problems.names
        notes, problem_file = problems.notes, problems.file
        extra = {**extra, "node": extra["node"] + offset,
                 "report": np.where(extra["report"] >= 0, extra["report"] + ctx.offset, -1)}
        merged = concat([extra, {**found, "line": report_lines(found, ctx.table.line, ctx.offset)}])
        found = take_arrays(merged, np.argsort(merged["line"], kind="stable"))  # input problems first on their line

    def describe(findings: Findings, k: int) -> tuple[str, dict[str, str]]:
        return _BY_NAME[RULES[findings.arrays["rule"][k]]].describe(ctx, findings, k)

    if ctx.rows is not None:
        index.add(ctx.rows if ctx.start == 0 else ctx.rows.take(np.arange(ctx.start, len(ctx.rows))))
    else:
        index.seen += len(table)
    hinted: dict[int, str | None] = {}  # per table row: made for a batch of error rows when one is first asked

    def hint(findings: Findings, k: int) -> str | None:
        j = findings.row(k)
        if j < 0 or RULES[findings.arrays["rule"][k]] not in _HINTED:
            return None
        if j not in hinted:
            a = findings.arrays
            which = np.isin(a["rule"], [RULES.index(r) for r in _HINTED])
            errors = np.unique(a["report"][which & (a["severity"] == Severity.ERROR.rank) & (a["report"] >= 0)])
            after = errors[errors - findings.offset >= j][:HINT_BATCH] - findings.offset  # those shown next
            rows = sorted({*after.tolist(), j} - hinted.keys())
            found = repairs(table, rows)
            called = {key: ctx.name(key) for key in table.keys}
            hinted.update({r: hint_text(found[r], called) for r in rows})
        return hinted[j]

    result = Findings(found, table=table, names=names, describe=describe, notes=notes, problem_file=problem_file,
                      offset=ctx.offset, hint=hint, chunk=chunk)
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
            arrays["rule"][k] = RULES.index(rule)
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


def overview(table: Table, state: State, found: Findings, problems: Problems | None = None) -> dict[str, Any]:
    """How the reports stand, counted: what ``tally check`` prints under its table.

    A report *balances* when no finding but an inferred bound concerns it.
    It leaves a *positive remainder* when some remainder is certainly above
    0, and *may leave* one when its only remainders are ranges from 0.  A
    report can be counted under a remainder and an error at once.
    """
    a = found.arrays
    n = len(table)
    report = a["report"]
    # one finding a report (as in a file of plain reports): what a finding says is what its report has
    one_each = bool(len(report) and report[0] >= 0 and (report[1:] > report[:-1]).all())
    counts = _counted_once_each(a) if one_each else _counted(a, n, found)
    roots = [name for name in table.schema.nodes if table.schema.parent_of(name) is None]
    comparable = int(np.count_nonzero((table.meta["scope"].codes >= 0) & (table.meta["window_start"].codes >= 0)))
    arrays = problems.arrays if problems is not None else empty_arrays()
    return {
        "rows": table.rows_read,
        "reports": n,
        "unreadable_rows": int((arrays["report"] < 0).sum()),
        "bad_cells": int((arrays["rule"] == RULES.index("bad-cell")).sum()),
        "balanced": n - counts["unbalanced"],
        "positive_remainder": counts["positive"],
        "positive_remainder_by_dimension": {
            found.names[d]: k for d, k in sorted(counts["by_dimension"].items(), key=lambda dk: found.names[dk[0]])},
        "possible_remainder": counts["possible"],
        "over_accounted": counts["over"],
        "other_errors": counts["other_error"],
        "warnings": counts["warned"],
        "not_compared": n - comparable,  # no scope or no window: no rule across reports
        "not_stated": {
            root: n - int(np.count_nonzero(table.columns[root].stated)) for root in roots if state.present[root].any()
        },
    }


#: The rules :func:`overview` counts apart, and the severities.
_REMAINDER, _OVER, _INFERRED = (RULES.index(name) for name in ("remainder", "over-accounted", "inferred-bound"))
_ERROR, _WARNING = Severity.ERROR.rank, Severity.WARNING.rank


def _counted_once_each(a: Arrays) -> dict[str, Any]:
    """:func:`_counted` where each report has one finding at most: then a
    report's counts are its finding's, each a count of one narrow mask (a
    count that is 0 spares the masks that would split it)."""
    rule, severity = a["rule"], a["severity"]

    def count(mask: Bools) -> int:
        return int(np.count_nonzero(mask))

    remainder = rule == _REMAINDER
    positive_rows = remainder & (a["lo"] > 0)
    positive = count(positive_rows)
    error, warning = severity == _ERROR, severity == _WARNING
    errors, warnings = count(error), count(warning)
    over = count((rule == _OVER) & error) if errors else 0
    return {
        "unbalanced": len(rule) - count(rule == _INFERRED),
        "positive": positive,
        "by_dimension": _by_dimension(a["dimension"], positive_rows, count),
        "possible": count(remainder) - positive,
        "over": over,
        "other_error": errors - over - (count(remainder & error) if errors else 0),
        "warned": warnings - (count(remainder & warning) if warnings else 0),
    }


def _counted(a: Arrays, n: int, found: Findings) -> dict[str, Any]:
    """Reports counted by what their findings say (see :func:`overview`): a
    mask of the reports a count."""
    rule, report, severity = a["rule"], a["report"], a["severity"]
    is_rule = {code: rule == code for code in (_REMAINDER, _OVER, _INFERRED)}
    error, warning = severity == _ERROR, severity == _WARNING
    positive_rows = is_rule[_REMAINDER] & (a["lo"] > 0)
    valid = report >= 0

    def reports(mask: Bools) -> Bools:
        """Per report: some finding of it is in ``mask``."""
        seen = np.zeros(n, bool)
        seen[report[valid & mask] - found.offset] = True
        return seen

    positive = reports(positive_rows)
    over = reports(is_rule[_OVER] & error)
    return {
        "unbalanced": int(np.count_nonzero(reports(~is_rule[_INFERRED]))),
        "positive": int(np.count_nonzero(positive)),
        "by_dimension": _by_dimension(a["dimension"], positive_rows,
                                      lambda mask: int(np.count_nonzero(reports(mask)))),
        "possible": int(np.count_nonzero(reports(is_rule[_REMAINDER]) & ~positive)),
        "over": int(np.count_nonzero(over)),
        "other_error": int(np.count_nonzero(reports(error & ~is_rule[_OVER] & ~is_rule[_REMAINDER]) & ~over)),
        "warned": int(np.count_nonzero(reports(warning & ~is_rule[_REMAINDER]))),
    }


def _by_dimension(
    dimension: npt.NDArray[np.int32], positive_rows: Bools, count: Callable[[Bools], int],
) -> dict[int, int]:
    """Per dimension code, the ``count`` of the positive remainders at it (by
    finding, or by report: the caller's ``count`` of a mask of findings)."""
    if dimension.strides == (0,):  # every finding at one dimension (a file of plain reports)
        total = count(positive_rows) if len(dimension) and dimension[0] >= 0 else 0
        return {int(dimension[0]): total} if total else {}
    codes = np.unique(dimension[positive_rows])
    return {code: count(positive_rows & (dimension == code)) for code in codes[codes >= 0].tolist()}
