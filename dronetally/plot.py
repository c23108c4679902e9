"""Charts of the accounts and of a rate, drawn with matplotlib (the optional
extra ``dronetally[plot]``).

Two kinds of picture, each from numbers the rest of the library already
works out, and each in two steps: the numbers first (:func:`outcome_bars`,
or :func:`dronetally.stats.stats` for a rate), with no matplotlib, then the
drawing.

* :func:`outcomes`: what became of the drones launched, a stacked bar per
  report or per period: each outcome part at the least its figures allow
  (its stated figure where exact), the unexplained remainder as a hatched
  band of its own, and where figures are ranges, what may also be
  unexplained as a lighter band above it.  A bar whose parts exceed the
  whole (over-accounted) is flagged.
* :func:`rate`: a share over time (``shot_down/launched`` by month), with
  two bands that are different kinds of number: how the share varies from
  night to night (the interval of :func:`~dronetally.stats.stats`) and what
  the unexplained drones could change (from the share as claimed to the
  share if all of them were the part).  The pooled share is the line.

matplotlib is imported only when a chart is drawn; without it, drawing
raises :class:`ImportError` naming the extra.  With ``ax`` the chart is drawn
into those axes; without, into a new figure (pyplot's, so that a notebook
shows it).  Either way the axes are returned; ``ax.figure`` is the figure.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from dronetally.engine import propagate
from dronetally.extras import require
from dronetally.stats import PERIODS, Stats, group_by, stats, superseded_reports, time_order, window_times
from dronetally.table import UNBOUNDED, Table

if TYPE_CHECKING:
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

#: The most bars a chart of one bar per report draws; more are to be grouped by a period.
MAX_REPORT_BARS = 60

#: The most bars (or points) any chart draws: more take minutes to draw and cannot be read; group them further.
MAX_BARS = 2000


def _too_many(bars: int, by: str | None) -> None:
    if bars > MAX_BARS:
        longer = {"day": "week, month or year", "week": "month or year", "month": "year"}.get(by or "", "a period")
        raise ValueError(f"{bars:,} bars are too many to draw (at most {MAX_BARS:,}): group them by {longer}")


#: What grouping by ``by`` puts on the x axis.
_AXIS_NAMES = {None: "report", "report": "report", "day": "day (window's end)", "week": "ISO week (window's end)",
               "month": "month (window's end)", "year": "year (window's end)"}

#: Each outcome's colour (colour-blind safe, Okabe-Ito); parts of other names take the next of _MORE.
_COLOURS = {"shot_down": "#009E73", "lost_track": "#E69F00", "diverted": "#56B4E9", "hit": "#D55E00",
            "airborne": "#CC79A7"}
_MORE = ("#0072B2", "#F0E442", "#999999", "#882255", "#44AA99")
_FLAG = "#C00000"


def _matplotlib() -> Any:
    """matplotlib's pyplot, or an ImportError that names the extra to install."""
    return require("matplotlib.pyplot", "plot", "charts need")


def _words(key: str) -> str:
    return key.rsplit(".", 1)[-1].replace("_", " ")


@dataclass(frozen=True, eq=False)
class OutcomeBars:
    """The numbers of an outcomes chart: one entry per bar (a report, or a
    group of ``by``).

    ``parts[name]``: the outcome part's lower bound (its figure where exact),
    summed over the bar's reports; ``unexplained_lo``/``_hi``: the remainder
    of the whole by outcome, as :class:`~dronetally.accounts.Accounts` gives
    it, summed (``inf``: no upper bound); ``whole``: the whole's figure as
    the reports state it (not as the parts imply), summed over the reports
    that state it (NaN: none does), where a stated figure is not exact
    (``>10``, ``10-20``) its lower bound (11, 10); ``whole_open``: whether
    any of those stated figures is not exact (then the bar's whole is at
    least ``whole``; the chart draws its tick dashed); ``over``: how many of the bar's reports are over-accounted (their
    parts exceed the whole); ``open``: how many have a remainder with no
    upper bound."""

    labels: list[str]
    by: str | None
    node: str
    dimension: str
    parts: dict[str, Ints]
    unexplained_lo: Floats
    unexplained_hi: Floats
    whole: Floats
    whole_open: npt.NDArray[np.bool_]
    over: Ints
    open: Ints
    reports: Ints
    scopes: list[str]

    def __len__(self) -> int:
        return len(self.labels)

    def rows(self) -> list[dict[str, Any]]:
        """One dict a bar, of plain numbers (None for no upper bound, or no stated whole)."""
        out = []
        for k, label in enumerate(self.labels):
            hi = float(self.unexplained_hi[k])
            whole = float(self.whole[k])
            out.append({"label": label, "reports": int(self.reports[k]),
                        **{_words(p): int(v[k]) for p, v in self.parts.items()},
                        "unexplained_lo": float(self.unexplained_lo[k]),
                        "unexplained_hi": None if math.isinf(hi) else hi,
                        self.node: None if math.isnan(whole) else whole,
                        f"{self.node}_at_least": bool(self.whole_open[k]),
                        "over_accounted": int(self.over[k])})
        return out


def outcome_bars(table: Table, by: str | None = None, dimension: str = "launched.outcome",
                 max_reports: int | None = MAX_REPORT_BARS) -> OutcomeBars:
    """The numbers of :func:`outcomes`: a bar per report (``by`` None or
    ``"report"``), or per period (``day``, ``week``, ``month``, ``year`` of
    the window's end) or other grouping of :func:`dronetally.stats.stats`.
    Grouped, a later report of the same source, scope, weapon and window
    replaces an earlier one, as in the statistics.  ``max_reports``: a bar
    per report for more reports than this is a ValueError (group them)."""
    if by == "report":
        by = None
    node, _, dim_name = dimension.partition(".")
    if node not in table.schema.nodes or not any(d.key == dimension for d in table.schema.dimensions()):
        keys = ", ".join(d.key for d in table.schema.dimensions())
        raise ValueError(f"dimension={dimension!r} is not a dimension of the schema; there are {keys}")
    if by is None and max_reports is not None and len(table) > max_reports:
        raise ValueError(f"{len(table):,} reports are too many bars to read (at most {max_reports}): group them "
                         f"by a period, such as by='month'")
    if by is not None:
        superseded = superseded_reports(table)
        if superseded.any():
            table = table.select(~superseded)
    n = len(table)
    state = propagate(table)
    if by is None:  # in time order (by the window's end, else start; reports with neither last, in file order)
        undated = window_times(table)[0] < 0
        order = np.lexsort((np.arange(n), time_order(table), undated))
        group = np.empty(n, np.intp)
        group[order] = np.arange(n)
        one_source = len({table.meta["source"].get(j) for j in range(n)}) == 1  # then the title's to say
        labels = [_report_label(table, j, not one_source) for j in order.tolist()]
    else:
        group, values = group_by(table, (by,))
        _too_many(len(values), by)
        labels = [value[0] if value[0] is not None else f"no {by}" for value in values]
    g = len(labels)

    def counted(values: npt.NDArray[Any]) -> Ints:  # exact: int64 sums, not float weights
        out: Ints = np.zeros(g, np.int64)
        np.add.at(out, group, np.asarray(values, np.int64))
        return out

    def summed(values: npt.NDArray[Any]) -> Floats:
        out: Floats = np.bincount(group, weights=np.asarray(values, np.float64), minlength=g).astype(np.float64)
        return out

    found = [gs for gs in state.groups if gs.group.dimension.key == dimension]
    parts: dict[str, Ints] = {}
    zero = np.zeros(g)
    rem_lo, rem_hi, over, open_ = zero.copy(), zero.copy(), np.zeros(g, np.int64), np.zeros(g, np.int64)
    if found:
        gs = found[0]
        present = np.broadcast_to(gs.present, (len(gs.group.parts), n))
        for i, key in enumerate(gs.group.parts):
            parts[key] = counted(np.where(present[i], state.lo[key], 0))
        remainder = state.remainder(gs)
        rows = np.broadcast_to(remainder.rows, (n,))
        lo = np.broadcast_to(remainder.lo, (n,))
        hi = np.broadcast_to(remainder.hi, (n,))
        unbounded = rows & (hi == UNBOUNDED)
        rem_lo = summed(np.where(rows, lo, 0))
        rem_hi = summed(np.where(rows & ~unbounded, hi, 0))
        rem_hi[np.bincount(group, weights=unbounded, minlength=g) > 0] = math.inf
        open_ = np.bincount(group, weights=unbounded, minlength=g).astype(np.int64)
        wrong = np.broadcast_to(gs.over & ~gs.overlapping, (n,))
        over = np.bincount(group, weights=wrong, minlength=g).astype(np.int64)
    if node in table.columns:  # the figure as stated, not the lower bound the parts propagate to it
        column = table.columns[node]
        stated = np.broadcast_to(np.asarray(column.stated, bool), (n,))
        stated_lo = np.broadcast_to(np.asarray(column.lo, np.int64), (n,))
        inexact = stated & (np.broadcast_to(np.asarray(column.hi, np.int64), (n,)) != stated_lo)
    else:
        stated, stated_lo, inexact = np.zeros(n, bool), np.zeros(n, np.int64), np.zeros(n, bool)
    whole = summed(np.where(stated, stated_lo, 0))
    whole[np.bincount(group, weights=stated, minlength=g) == 0] = math.nan
    whole_open = np.bincount(group, weights=inexact, minlength=g) > 0
    scope = table.meta["scope"]  # the scopes pooled, from the codes (no loop a report, at any size)
    codes = np.unique(np.broadcast_to(np.asarray(scope.codes), (n,)))
    scopes = sorted({scope.values[c] for c in codes.tolist() if c >= 0 and scope.values[c]})
    return OutcomeBars(labels, by, node, dim_name, parts, rem_lo, rem_hi, whole, whole_open, over, open_,
                       np.bincount(group, minlength=g).astype(np.int64), scopes)


def _report_label(table: Table, j: int, with_source: bool = True) -> str:
    """A report's name on the x axis: its id, else its window's end (or start) and source, else its line."""
    report_id = table.meta["id"].get(j)
    if report_id:
        return report_id
    when = table.meta["window_end"].get(j) or table.meta["window_start"].get(j)
    source = (table.meta["source"].get(j) or "") if with_source else ""
    if when:
        return f"{when[:16].replace('T', ' ')} {source}".strip()
    _, line = table.location(j)
    if line:
        return f"{source} (line {line})" if source else f"line {line}"
    return source or f"report {j + 1}"


def _new_axes(ax: Any, bars: int) -> Any:
    """``ax``, or the axes of a new figure as wide as the bars need (9 to 16 inches)."""
    if ax is not None:
        return ax
    plt = _matplotlib()
    width = min(16.0, max(9.0, 3.0 + 0.32 * bars))
    _, new = plt.subplots(figsize=(width, 5.6), layout="constrained")
    return new


def _categories(ax: Any, labels: Sequence[str], axis_name: str) -> None:
    """Label the x axis with ``labels`` at 0, 1, ...; at most about 30 shown, evenly, where there are more,
    turned aslant where they would run into each other."""
    n = len(labels)
    step = max(1, math.ceil(n / 30))
    ticks = list(range(0, n, step))
    ax.set_xticks(ticks, [labels[i] for i in ticks])
    if _overlap(ax):
        ax.tick_params(axis="x", labelrotation=40)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_xlabel(axis_name + (f" (labelled every {step})" if step > 1 else ""))


def _overlap(ax: Any) -> bool:
    """Whether the x axis's labels, laid out flat, run into each other."""
    figure = ax.figure
    figure.canvas.draw()  # lays out the figure (the legend's room included), for the labels' extents
    boxes = sorted((b.x0, b.x1) for b in (t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()))
    gap = 4 * figure.dpi / 72  # four points between two labels
    return any(right + gap > left for (_, right), (left, _) in itertools.pairwise(boxes))


def outcomes(table: Table | OutcomeBars, by: str | None = None, ax: Any = None, *,
             dimension: str = "launched.outcome", title: str | None = None, source: str | None = None) -> Any:
    """Stacked bars of what became of the whole (``launched``), a bar per
    report or per group of ``by`` (see :func:`outcome_bars`): each outcome
    part, the unexplained remainder hatched, what may also be unexplained
    where figures are ranges, the whole as stated (a black tick), and an
    over-accounted bar flagged.  The tick is the whole's figure as stated
    (summed over a period's reports); where a stated figure is not exact
    (``>10``) the tick is dashed, at its lower bound (11).  ``title`` replaces the title; ``source``
    (where the numbers come from) is shown under it.  Returns the axes."""
    bars = table if isinstance(table, OutcomeBars) else outcome_bars(table, by, dimension)
    ax = _new_axes(ax, len(bars))
    from matplotlib.lines import Line2D

    handles: list[tuple[Any, str]] = []  # legend entries drawn otherwise than in the chart
    x = np.arange(len(bars))
    bottom = np.zeros(len(bars))
    width = 0.8 if len(bars) > 1 else 0.5
    extra = iter(_MORE)
    for key, heights in bars.parts.items():
        if not heights.any():
            continue
        colour = _COLOURS.get(key.rsplit(".", 1)[-1]) or next(extra, "#777777")
        ax.bar(x, heights.astype(np.float64), width, bottom=bottom, color=colour, label=_words(key), gid=f"part:{key}")
        bottom = bottom + heights.astype(np.float64)
    if bars.unexplained_lo.any():
        ax.bar(x, bars.unexplained_lo, width, bottom=bottom, color="white", edgecolor="#333333", hatch="///",
               linewidth=0.6, label="unexplained", gid="unexplained")
    bottom = bottom + bars.unexplained_lo
    may = np.where(np.isinf(bars.unexplained_hi), 0.0, bars.unexplained_hi - bars.unexplained_lo)
    if may.any():
        ax.bar(x, may, width, bottom=bottom, color="white", edgecolor="#999999", hatch="..", linewidth=0.6,
               label="may be unexplained (figures given as ranges)", gid="may-be-unexplained")
    top = bottom + may
    ceiling = float(np.nanmax([top.max(initial=0.0), np.nanmax(bars.whole, initial=0.0)])) or 1.0
    exact = ~np.isnan(bars.whole) & ~bars.whole_open
    if exact.any():
        ax.hlines(bars.whole[exact], x[exact] - width / 2, x[exact] + width / 2, color="black", linewidth=2,
                  zorder=3, gid="whole")
        handles.append((Line2D([], [], color="black", linewidth=2), f"{_words(bars.node)} as stated"))
    at_least = ~np.isnan(bars.whole) & bars.whole_open
    if at_least.any():
        ax.hlines(bars.whole[at_least], x[at_least] - width / 2, x[at_least] + width / 2, color="black",
                  linewidth=2, linestyles="dashed", zorder=3, gid="whole-at-least")
        handles.append((Line2D([], [], color="black", linewidth=2, linestyle="dashed"),
                        f"{_words(bars.node)} as stated, at least (given as >N or a range)"))
    if bars.open.any():
        at = np.flatnonzero(bars.open)
        ax.scatter(at, top[at] + 0.03 * ceiling, marker="^", s=40, color="#666666", zorder=3,
                   label=f"remainder with no upper bound ({_words(bars.node)} given as >N)", gid="open")
    if bars.over.any():
        at = np.flatnonzero(bars.over)
        ax.scatter(at, top[at] + 0.06 * ceiling, marker="X", s=80, color=_FLAG, zorder=4,
                   label=f"over-accounted: parts exceed {_words(bars.node)}", gid="over-accounted")
        if len(bars) <= 60 and bars.by is not None:
            for k in at.tolist():
                ax.annotate(str(int(bars.over[k])), (k, top[k] + 0.06 * ceiling), xytext=(7, 0),
                            textcoords="offset points", va="center", color=_FLAG, fontsize=9)
    ax.set_ylim(0, ceiling * 1.14)
    ax.set_ylabel(f"{_words(bars.node)} (count, as reported)")
    name = title or f"What became of the {_words(bars.node)}, by {bars.by or 'report'}"
    ax.set_title(_title(name, bars.scopes, source), loc="left")
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    if not bars.parts or not any(v.any() for v in bars.parts.values()):
        ax.text(0.5, 0.5, f"no report breaks {_words(bars.node)} down by {bars.dimension}", ha="center",
                transform=ax.transAxes, color="#666666")
    else:
        shown, names = ax.get_legend_handles_labels()
        entries = [*zip(shown, names, strict=True), *handles]
        flags = ("remainder with no", "over-accounted")  # after the bars and the tick, as the eye meets them
        entries.sort(key=lambda entry: entry[1].startswith(flags))
        ax.legend([h for h, _ in entries], [name for _, name in entries], loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    _categories(ax, bars.labels, _AXIS_NAMES.get(bars.by, bars.by or "report"))
    return ax


def _title(name: str, scopes: Sequence[str], source: str | None) -> str:
    """A chart's title: its name, the scopes it pools where several (they may speak of the same drones), its source."""
    lines = [name]
    if len(scopes) > 1:
        listed = ", ".join(scopes[:4]) + (", ..." if len(scopes) > 4 else "")
        lines.append(f"(pools {len(scopes)} scopes, which may count the same drones: {listed})")
    if source:
        lines.append(source)
    return "\n".join(lines)


def rate(table: Table | Stats, rate: str = "shot_down/launched", by: str | None = "month", ax: Any = None, *,
         level: float = 0.95, method: str = "cluster", title: str | None = None, source: str | None = None) -> Any:
    """The share ``rate`` per group of ``by`` (a period: ``month``): the
    pooled share as claimed (the line, with its range where figures are
    ranges), the night-to-night interval at ``level`` (a band), and the
    what-if bounds from the share as claimed to the share if all the
    unexplained were the part (a second, hatched band).  ``table`` may be a
    :class:`~dronetally.stats.Stats` already worked out.  ``title`` and
    ``source`` as in :func:`outcomes`.  Returns the axes."""
    if isinstance(table, Stats):
        found = table
    else:
        found = stats(table, rate, by=(by,) if by else (), level=level, method=method)
    if len(found.by) > 1:
        raise ValueError(f"a rate chart has one grouping on its x axis; the statistics are by {found.by}")
    grouping = found.by[0] if found.by else None
    keep = np.array([not (grouping in PERIODS and label[0] is None) for label in found.labels], bool)
    undated = int(found.columns["reports"][~keep].sum())  # reports in no period: no place on a time axis
    labels = [label[0] if label and label[0] is not None else (f"no {grouping}" if grouping else "all")
              for label, kept in zip(found.labels, keep, strict=True) if kept]
    _too_many(len(labels), grouping)
    ax = _new_axes(ax, len(labels))
    c = {name: np.asarray(values)[keep] for name, values in found.columns.items()}
    x = np.arange(len(labels))
    share_lo, share_hi = c["share_lo"].astype(float), c["share_hi"].astype(float)
    if_all = c["if_all_hi"].astype(float)
    low, high = c["interval_lo"].astype(float), c["interval_hi"].astype(float)
    lone = len(labels) == 1
    what_if = ~np.isnan(share_lo) & ~np.isnan(if_all)
    if what_if.any():
        if lone:
            ax.bar(x, if_all - share_lo, 0.5, bottom=share_lo, color="#F3D9A6", edgecolor="#C08A1E", hatch="//",
                   label=_what_if_label(found), gid="what-if")
        else:
            ax.fill_between(x, share_lo, if_all, where=what_if, color="#F3D9A6", edgecolor="#C08A1E", hatch="//",
                            linewidth=0.0, alpha=0.8, label=_what_if_label(found), gid="what-if")
    kind = {"cluster": "night to night", "bootstrap": "night to night (bootstrap)"}.get(found.method, found.method)
    every = f"{100 * found.level:g}%"
    has_interval = ~np.isnan(low) & ~np.isnan(high)
    if has_interval.any():
        if lone:
            ax.errorbar(x, share_lo, yerr=[share_lo - low, high - share_lo], fmt="none", ecolor="#0072B2",
                        elinewidth=8, alpha=0.45, label=f"{kind} {every}", gid="interval")
        else:
            ax.fill_between(x, low, high, where=has_interval, color="#0072B2", alpha=0.28, linewidth=0.0,
                            label=f"{kind} {every} interval", gid="interval")
    ax.plot(x, share_lo, color="black", marker="o" if len(labels) <= 60 else None, markersize=5, linewidth=1.6,
            label="claimed (pooled: sum of parts / sum of wholes)", gid="claimed", zorder=4)
    ranged = ~np.isnan(share_lo) & (share_hi > share_lo)
    if ranged.any():
        at = np.flatnonzero(ranged)
        ax.vlines(at, share_lo[at], share_hi[at], color="black", linewidth=1.2, zorder=4,
                  label="claimed: range the figures allow", gid="claimed-range")
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(_percent())
    parts = " + ".join(_words(p) for p in found.rate.parts)
    ax.set_ylabel(f"{parts} / {_words(found.rate.whole)} (%)")
    name = title or f"Share of {_words(found.rate.whole)} {parts}, as claimed" + (f", by {grouping}" if grouping
                                                                                     else "")
    scopes = sorted({s for listed, kept in zip(found.scopes, keep, strict=True) if kept
                     for s in listed.split(", ") if s})
    ax.set_title(_title(name, scopes, source), loc="left")
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    if np.isnan(share_lo).all():
        ax.text(0.5, 0.5, f"no report gives both {parts} and {_words(found.rate.whole)}", ha="center",
                transform=ax.transAxes, color="#666666")
    _categories(ax, labels, _AXIS_NAMES.get(grouping, grouping) if grouping else "all the reports, pooled")
    if undated:
        ax.set_xlabel(f"{ax.get_xlabel()}; {undated:,} report{'' if undated == 1 else 's'} with no window left out")
    return ax


def _what_if_label(found: Stats) -> str:
    parts = " + ".join(_words(p) for p in found.rate.parts)
    return f"what if: from as claimed to all unexplained {parts}"


def _percent() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)


def has_windows(table: Table) -> bool:
    """Whether any report has a window (an end or a start): a chart over time needs them."""
    return bool((np.asarray(table.meta["window_end"].codes) >= 0).any()
                or (np.asarray(table.meta["window_start"].codes) >= 0).any())


def _schema_has(table: Table) -> str:
    nodes = ", ".join(table.schema.nodes)
    dimensions = ", ".join(d.key for d in table.schema.dimensions()) or "none"
    return f"its nodes are {nodes}; its dimensions {dimensions}"


def why_not(table: Table, kind: str = "outcomes", rate: str = "shot_down/launched", by: str | None = None,
            dimension: str = "launched.outcome") -> str | None:
    """Why a chart of ``kind`` (``outcomes`` or ``rate``) cannot be drawn
    from ``table``, in words for a reader (None: it can): the schema has no
    such dimension or nodes, or the reports have no window for a chart over
    time."""
    if kind == "outcomes":
        if not any(d.key == dimension for d in table.schema.dimensions()):
            return f"the schema has no {dimension} ({_schema_has(table)})"
        return None
    parts, _, whole = rate.partition("/")
    missing = [name.strip() for name in (*parts.split("+"), whole) if name.strip() and name.strip() not in
               table.schema.nodes]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        verb = "is not a node" if len(missing) == 1 else "are not nodes"
        return f"{names} in the rate {rate!r} {verb} of the schema ({_schema_has(table)})"
    if (by in PERIODS) and not has_windows(table):
        return "no report has a window (a date or time): a rate over time needs windows"
    return None


def fitting_period(table: Table, most: int = MAX_REPORT_BARS) -> str | None:
    """The shortest period (``day``, ``week``, ``month``, ``year``) that puts
    ``table``'s reports in at most ``most`` bars; ``year`` if none does, None
    if the reports have no window."""
    if not has_windows(table):
        return None
    for period in PERIODS:
        if len(group_by(table, (period,))[1]) <= most:
            return period
    return "year"


__all__ = ["MAX_BARS", "MAX_REPORT_BARS", "OutcomeBars", "fitting_period", "has_windows", "outcome_bars", "outcomes",
           "rate", "why_not"]
