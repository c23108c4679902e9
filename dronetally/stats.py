"""Statistics of the claims: what share of the drones a source says were
shot down, what the unexplained ones could change, and how much the share
varies from night to night.

Every figure here is a claim, not a measurement: the shares are the
sources' own, pooled as a ratio of sums over the reports that give both the
part and the whole.  Three kinds of number come out, and stay apart:

* **ranges**: where figures are intervals (``>40``, ``~100``, ``?``), the
  smallest and largest share that all the figures and the tree allow
  together (worked out at the corners of what each report allows, and for
  a group by Dinkelbach's method, exactly as a ratio of whole counts);
* **what-if bounds**: the share if none, and if all, of the unexplained
  drones belonged to the part;
* **intervals**: the night-to-night interval (``cluster``) describes how
  the nightly share varies, nights taken as exchangeable; the binomial
  (``wilson``) treats every drone as an independent trial, which drones of
  one night (one route, one defence, one weather) are not.  Neither covers
  error in the claims themselves.

All of it runs on the ledger's columns and the engine's state.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from dronetally.engine import State, propagate
from dronetally.findings import percent_text, plural
from dronetally.table import UNBOUNDED, Strings, Table

if TYPE_CHECKING:
    import numpy.typing as npt

    from dronetally.schema import Schema

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

#: How reports can be grouped: metadata, the weapon's class, periods of the window's end, or each report alone.
PERIODS = ("day", "week", "month", "year")
GROUPINGS = ("scope", "source", "weapon", "weapon_class", "attacker", "defender", *PERIODS, "report")
METHODS = ("cluster", "bootstrap", "wilson", "jeffreys", "clopper-pearson")
#: The methods that treat each drone as an independent trial.
BINOMIAL = ("wilson", "jeffreys", "clopper-pearson")
#: The bootstrap's resamples, unless asked otherwise; fewer nights than FEW_FOR_BOOTSTRAP: a warning.
RESAMPLES = 2000
FEW_FOR_BOOTSTRAP = 10
#: A group whose nights span more weeks than this is resampled in ISO-week blocks.
BLOCK_WEEKS = 8
#: Nights whose residuals correlate more than this with the night before: a warning.
LAG1_WARNING = 0.2
#: Fewer nights than this: no night-to-night interval.
FEWEST_NIGHTS = 5
#: Why a report gives no share: the codes of ``Stats.left_out``.
LEFT_OUT = ("no whole", "no part", "whole unbounded", "whole 0", "error")


@dataclass(frozen=True)
class Rate:
    """A share: some parts of one dimension of a node, over the node
    (``shot_down/launched``, ``shot_down+lost_track/launched``)."""

    parts: tuple[str, ...]
    whole: str
    dimension: str

    @classmethod
    def parse(cls, text: str, schema: Schema) -> Rate:
        """``PART[+PART...]/WHOLE``; ValueError naming what is wrong."""
        top, slash, whole = text.replace(" ", "").partition("/")
        parts = tuple(p for p in top.split("+") if p)
        if not slash or not parts or not whole:
            raise ValueError(f"{text!r} is not a rate such as shot_down/launched or shot_down+lost_track/launched")
        if whole not in schema.nodes:
            raise ValueError(f"{whole!r} in the rate {text!r} is not a node of the schema; its nodes are "
                             f"{', '.join(schema.nodes)} (--rate PART/WHOLE chooses the rate)")
        dimensions = set()
        for part in parts:
            parent = schema.parent_of(part) if part in schema.nodes else None
            if parent is None or parent.node != whole:
                raise ValueError(f"{part!r} is not a part of {whole!r}")
            dimensions.add(parent.key)
        if len(dimensions) > 1 or len(set(parts)) < len(parts):
            raise ValueError(f"{text!r}: the parts must be different parts of one breakdown of {whole!r}")
        return cls(parts, whole, dimensions.pop())

    def __str__(self) -> str:
        return f"{'+'.join(self.parts)}/{self.whole}"


# -- each report: what it allows ------------------------------------------------------------


@dataclass(eq=False)
class _Terms:
    """Per report used, the bounds that tie the part ``a`` to the whole ``l``:
    ``a`` in [a_lo, a_hi], ``l`` in [l_lo, l_hi], the other parts in
    [o_lo, o_hi], and ``l - a`` (the other parts and the unexplained) in
    [o_lo, d_hi]: up to o_hi where the breakdown is complete, else without
    bound.  Floats, with inf for no upper bound: every count is an integer
    well below 2**53, so they are exact."""

    a_lo: Floats
    a_hi: Floats
    l_lo: Floats
    l_hi: Floats
    o_lo: Floats
    o_hi: Floats
    partial: npt.NDArray[np.bool_]

    @property
    def d_hi(self) -> Floats:
        return np.where(self.partial, np.inf, self.o_hi)

    def take(self, index: npt.NDArray[np.intp]) -> _Terms:
        return _Terms(*(getattr(self, f)[index] for f in ("a_lo", "a_hi", "l_lo", "l_hi", "o_lo", "o_hi", "partial")))


def _bound(values: Ints) -> Floats:
    out: Floats = values.astype(np.float64)
    out[values == UNBOUNDED] = np.inf
    return out


def _terms(table: Table, state: State, rate: Rate) -> tuple[_Terms, npt.NDArray[np.int8]]:
    """The terms of every report, and why each report gives no share (-1:
    it does; else an index into :data:`LEFT_OUT`)."""
    n = len(table)
    dim = next(gs for gs in state.groups if gs.group.dimension.key == rate.dimension)
    parts = list(gs_parts := dim.group.parts)
    chosen = [parts.index(p) for p in rate.parts]
    others = [i for i in range(len(gs_parts)) if i not in chosen]
    present = np.broadcast_to(dim.present, (len(parts), n))

    def total(keys: list[int], bounds: dict[str, Ints]) -> Floats:
        out = np.zeros(n)
        for i in keys:
            out += np.where(present[i], _bound(bounds[parts[i]]), 0.0)
        return out

    whole = table.columns[rate.whole]
    l_lo, l_hi = _bound(state.lo[rate.whole]), _bound(state.hi[rate.whole])
    a_lo, a_hi = total(chosen, state.lo), total(chosen, state.hi)
    o_lo, o_hi = total(others, state.lo), total(others, state.hi)
    complete = np.broadcast_to(dim.complete, (n,))
    terms = _Terms(a_lo, a_hi, np.maximum(l_lo, 1.0), l_hi, o_lo, o_hi, ~complete)

    given = np.ones(n, bool)
    for p in rate.parts:
        c = table.columns[p]
        given &= np.broadcast_to(c.stated | c.named, (n,))
    # a report the reader found a bad cell in, or whose figures cannot all hold, is an error; parts that may
    # overlap cannot be added up, so a share of several of them is one too
    error = state.erring()
    problems = getattr(table, "_problems", None)
    if problems is not None:
        rows = problems.arrays["report"]
        error[rows[rows >= 0]] = True
    if len(rate.parts) > 1:
        error |= np.broadcast_to(dim.overlapping, (n,))
    why = np.full(n, -1, np.int8)
    for code, bad in reversed(list(enumerate((
        ~np.broadcast_to(whole.stated, (n,)), ~given, np.isinf(l_hi), l_hi == 0, error,
    )))):
        why[bad] = code
    why[error] = LEFT_OUT.index("error")  # whatever else is missing, the report is in error first
    return terms, why


def _corners(a_lo: Floats, a_hi: Floats, l_lo: Floats, l_hi: Floats, d_lo: Floats, d_hi: Floats,
             ) -> tuple[Floats, Floats, npt.NDArray[np.bool_]]:
    """The corners of each report's set of (a, l): every crossing of two of
    its six edges, and which of them lie in the set (k x reports).  A ratio
    a / l, and a - R * l, are smallest and largest at corners."""
    a = np.stack([a_lo, a_lo, a_hi, a_hi, a_lo, a_lo, a_hi, a_hi, l_lo - d_lo, l_lo - d_hi, l_hi - d_lo, l_hi - d_hi])
    w = np.stack([l_lo, l_hi, l_lo, l_hi, a_lo + d_lo, a_lo + d_hi, a_hi + d_lo, a_hi + d_hi, l_lo, l_lo, l_hi, l_hi])
    with np.errstate(invalid="ignore"):  # inf - inf: no corner
        inside = ((a >= a_lo) & (a <= a_hi) & (w >= l_lo) & (w <= l_hi) & (w - a >= d_lo) & (w - a <= d_hi)
                  & np.isfinite(a) & np.isfinite(w))
    return np.where(inside, a, 0.0), np.where(inside, w, 1.0), inside


# -- groups: pooled as a ratio of sums -------------------------------------------------------


def _pooled(a_lo: Floats, a_hi: Floats, l_lo: Floats, l_hi: Floats, d_lo: Floats, d_hi: Floats,
            group: npt.NDArray[np.intp], groups: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Per group, the smallest and largest ratio of sums sum(a) / sum(l)
    over every choice of a point in each report's set, as exact fractions
    (numerator, denominator).  Dinkelbach's method: from a ratio R, take in
    each report the corner with the least (most) a - R * l; the sums there
    give a better R; when none does, R is the extreme.  A report whose set
    is one point (its figures exact) adds the same in every step: it is
    summed once, and only the others' corners are looked at."""
    point = (l_lo == l_hi) & ((a_lo == a_hi) | (d_lo == d_hi))
    fixed_a = np.where(a_lo == a_hi, a_lo, l_lo - d_lo)[point]
    base_num, base_den = _sums(fixed_a, group[point], groups), _sums(l_lo[point], group[point], groups)
    loose = np.flatnonzero(~point)
    if not len(loose):
        both = list(zip(base_num, base_den, strict=True))
        return both, both
    a, w, inside = _corners(a_lo[loose], a_hi[loose], l_lo[loose], l_hi[loose], d_lo[loose], d_hi[loose])
    grp, columns = group[loose], np.arange(len(loose))
    out = []
    for sign in (1.0, -1.0):  # the smallest; then the largest, as the smallest of -a / l
        ratio = np.full(groups, 1.0 if sign > 0 else 0.0)
        best: list[tuple[int, int]] = []
        for _ in range(64):
            pick = np.where(inside, sign * (a - ratio[grp] * w), np.inf).argmin(axis=0)
            num, den = _sums(a[pick, columns], grp, groups), _sums(w[pick, columns], grp, groups)
            best = [(x + bx, y + by) for x, y, bx, by in zip(num, den, base_num, base_den, strict=True)]
            new = np.array([x / y if y else 0.0 for x, y in best])
            if not (sign * (ratio - new) > 1e-15).any():
                break
            ratio = new
        out.append(best)
    return out[0], out[1]


def _total(values: npt.NDArray[Any], group: npt.NDArray[np.intp], groups: int) -> list[int | None]:
    """Each group's exact sum of counts (int64, or floats with inf), None where one has no upper bound."""
    bound = _bound(values) if values.dtype == np.int64 else np.asarray(values, np.float64)
    unbounded = np.bincount(group, np.isinf(bound), minlength=groups) > 0
    sums = _sums(np.where(np.isinf(bound), 0.0, bound), group, groups)
    return [None if no else x for x, no in zip(sums, unbounded.tolist(), strict=True)]


def _sums(values: Floats, group: npt.NDArray[np.intp], groups: int) -> list[int]:
    """Each group's sum of ``values`` (whole counts, finite, at most 10**12),
    exactly: as float64 where no sum can pass 2**53 (below it, every whole
    number is exact), else in two halves (for fewer than 2**27 reports)."""
    if not len(values):
        return [0] * groups
    if float(np.abs(values).max()) * len(values) < 2.0**53:
        return [int(x) for x in np.bincount(group, values, minlength=groups).tolist()]
    # larger: each count split at 2**26 into two halves whose sums stay exact, joined as Python integers
    whole = values.astype(np.int64)
    high, low = (np.bincount(group, part.astype(np.float64), minlength=groups).tolist()
                 for part in (whole >> 26, whole & ((1 << 26) - 1)))
    return [(int(h) << 26) + int(lo) for h, lo in zip(high, low, strict=True)]


# -- intervals ----------------------------------------------------------------------------


def _beta_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of the regularized incomplete beta function
    (evaluated by the modified Lentz method), for x < (a + 1) / (a + b + 2)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    value = d
    for m in range(1, 400):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            value *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return value


def incomplete_beta(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(x, a, b) / a
    return 1.0 - front * _beta_fraction(1.0 - x, b, a) / b


@functools.lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t with ``df`` degrees of freedom (p > 0.5):
    Newton's method on its distribution function from the normal quantile,
    bisection where a step would leave the bracket."""
    import statistics

    def upper_tail(t: float) -> float:  # P(T > t), t >= 0
        return 0.5 * incomplete_beta(df / (df + t * t), df / 2.0, 0.5)

    log_scale = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    lo, hi = 0.0, max(statistics.NormalDist().inv_cdf(p), 1e-3)
    while upper_tail(hi) > 1.0 - p:
        lo, hi = hi, hi * 2.0
    t = (lo + hi) / 2.0
    for _ in range(100):
        excess = upper_tail(t) - (1.0 - p)  # > 0: t is too small
        if abs(excess) < 1e-15:
            break
        lo, hi = (t, hi) if excess > 0 else (lo, t)
        density = math.exp(log_scale - (df + 1) / 2 * math.log1p(t * t / df))
        step = t + excess / density
        t = step if lo < step < hi else (lo + hi) / 2.0
        if hi - lo < 1e-14 * hi:
            break
    return t


def beta_quantile(p: float, a: float, b: float) -> float:
    """The p-quantile of the beta distribution Beta(a, b): Newton's method on
    :func:`incomplete_beta` (which grows with x, its slope the beta density),
    from the mean, with bisection where a step would leave the bracket."""
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    lo, hi = 0.0, 1.0
    x = a / (a + b)
    for _ in range(200):
        excess = incomplete_beta(x, a, b) - p  # > 0: x is too large
        if abs(excess) < 1e-15:
            break
        lo, hi = (lo, x) if excess > 0 else (x, hi)
        density = math.exp(log_norm + (a - 1) * math.log(x) + (b - 1) * math.log1p(-x))
        step = x - excess / density if density > 0 else -1.0
        x = step if lo < step < hi else (lo + hi) / 2.0
        if hi - lo < 1e-15:
            break
    return x


def clopper_pearson(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Clopper-Pearson ("exact") interval for x successes in n independent
    trials: the beta quantiles that invert the binomial test at each end."""
    tail = (1.0 - level) / 2.0
    return (0.0 if x == 0 else beta_quantile(tail, x, n - x + 1),
            1.0 if x == n else beta_quantile(1.0 - tail, x + 1, n - x))


def jeffreys(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Jeffreys interval: the equal-tailed interval of the posterior
    Beta(x + 1/2, n - x + 1/2), with 0 and 1 at the ends where x is 0 or n."""
    tail = (1.0 - level) / 2.0
    return (0.0 if x == 0 else beta_quantile(tail, x + 0.5, n - x + 0.5),
            1.0 if x == n else beta_quantile(1.0 - tail, x + 0.5, n - x + 0.5))


def wilson(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for x successes in n independent trials."""
    import statistics

    z = statistics.NormalDist().inv_cdf(0.5 + level / 2.0)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (0.0 if x == 0 else centre - half), (1.0 if x == n else centre + half)  # exact ends, no rounding


def cluster(a: Sequence[int] | Floats, w: Sequence[int] | Floats, level: float = 0.95,
            scale: str = "logit") -> tuple[float, float, str]:
    """The night-to-night interval of the ratio of sums sum(a) / sum(w):
    the ratio's linearised standard error from the nights' residuals
    a - R * w, with n / (n - 1), and a t quantile with n - 1 degrees of
    freedom; on the logit scale (so that it stays in [0, 1]) or ``linear``.
    Where the ratio is 0 or 1 the logit has no slope: the linear interval,
    clipped to [0, 1], and a note that says so.  (One group of :class:`_Nights`.)"""
    a_, w_ = np.asarray(a, np.float64), np.asarray(w, np.float64)
    n = len(a_)
    nights = _Nights(a_, w_, np.zeros(n, np.intp), np.zeros(n, np.int32), np.array([0, n]), np.zeros(n, np.intp))
    low, high, clipped = nights.cluster(level, fewest=2, scale=scale)
    return float(low[0]), float(high[0]), _CLIPPED if clipped[0] and scale == "logit" else ""


#: What a logit interval says where the share is 0 or 1.
_CLIPPED = "linear, clipped: the share is 0 or 1"


@dataclass(frozen=True)
class Difference:
    """The first group's pooled share less the second's, with a night-to-night
    interval: ``paired`` where both groups speak of the same nights (two
    sources on one set of windows: per-night differences, t with nights - 1
    degrees of freedom), else independent groups (Welch's t)."""

    first: tuple[str | None, ...]
    second: tuple[str | None, ...]
    difference: float
    interval_lo: float
    interval_hi: float
    paired: bool
    nights: int
    df: float
    level: float

    def to_dict(self) -> dict[str, Any]:
        return {"first": list(self.first), "second": list(self.second), "difference": self.difference,
                "interval_lo": self.interval_lo, "interval_hi": self.interval_hi, "paired": self.paired,
                "nights": self.nights, "df": self.df, "level": self.level}


def difference(a1: Floats, w1: Floats, a2: Floats, w2: Floats, level: float = 0.95, *, paired: bool = False,
               ) -> tuple[float, float, float, float]:
    """sum(a1)/sum(w1) - sum(a2)/sum(w2), its interval's ends and its degrees
    of freedom.  Each ratio's linearised error is its nights' residuals over
    its total; ``paired`` nights (the same windows, in the same order) are
    differenced night by night, else the two errors add (Welch)."""
    r1, r2 = a1.sum() / w1.sum(), a2.sum() / w2.sum()
    e1, e2 = (a1 - r1 * w1) / w1.sum(), (a2 - r2 * w2) / w2.sum()
    if paired:
        n = len(e1)
        z = e1 - e2
        se2, df = n / (n - 1) * float((z * z).sum()), float(n - 1)
    else:
        v1 = len(e1) / (len(e1) - 1) * float((e1 * e1).sum())
        v2 = len(e2) / (len(e2) - 1) * float((e2 * e2).sum())
        se2 = v1 + v2
        spread = v1 * v1 / (len(e1) - 1) + v2 * v2 / (len(e2) - 1)
        df = se2 * se2 / spread if spread > 0 else float(len(e1) + len(e2) - 2)
    d = float(r1 - r2)
    t = t_quantile(0.5 + level / 2.0, max(df, 1.0)) if se2 > 0 else 0.0
    half = t * math.sqrt(se2)
    return d, max(d - half, -1.0), min(d + half, 1.0), df


def bootstrap(a: Floats, w: Floats, level: float, rng: np.random.Generator, resamples: int = RESAMPLES,
              ) -> tuple[float, float]:
    """The percentile bootstrap interval of sum(a) / sum(w), resampling the
    units (nights, or blocks of them) with replacement."""
    m = len(a)
    ratios = np.empty(resamples)
    batch = max(1, (1 << 22) // m)  # resamples drawn at a time: at most 4M indices in memory
    for start in range(0, resamples, batch):
        count = min(batch, resamples - start)
        pick = rng.integers(0, m, (count, m))
        ratios[start:start + count] = a[pick].sum(axis=1) / w[pick].sum(axis=1)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(ratios, [tail, 1.0 - tail])
    return float(low), float(high)


_BINOMIAL = {"wilson": wilson, "jeffreys": jeffreys, "clopper-pearson": clopper_pearson}


class _Nights:
    """The nights that state both figures exactly, sorted by group and then in
    time (``bounds``: where each group's begin), with what every group's
    statistics need worked out for all groups at once."""

    def __init__(self, a: Floats, w: Floats, group: npt.NDArray[np.intp], week: npt.NDArray[np.int32],
                 bounds: npt.NDArray[np.intp], series: npt.NDArray[np.intp]) -> None:
        self.a, self.w, self.group, self.week, self.bounds = a, w, group, week, bounds
        self.series = series  # one source's reports of one scope: the night before is in the same series
        g = len(bounds) - 1
        self.n = np.diff(bounds)
        self.sum_a, self.sum_w = np.bincount(group, a, minlength=g), np.bincount(group, w, minlength=g)
        self.ratio = np.divide(self.sum_a, self.sum_w, out=np.zeros(g), where=self.sum_w > 0)
        self.residual = a - self.ratio[group] * w

    def quartiles(self) -> tuple[Floats, Floats, Floats]:
        """Each group's quartiles of the nightly shares weighted by the whole: the first share, in
        order, whose cumulative weight reaches each quarter of the group's.  One cumulative sum over
        all groups, each sorted by share; the weights are whole counts, so the sums are exact."""
        order = np.lexsort((self.a / self.w, self.group))
        share, cumulative = (self.a / self.w)[order], np.cumsum(self.w[order])
        before = np.concatenate([[0.0], cumulative])[self.bounds[:-1]]
        out = []
        for q in (0.25, 0.5, 0.75):
            at = np.searchsorted(cumulative, before + q * self.sum_w)
            at = np.clip(np.minimum(at, self.bounds[1:] - 1), 0, max(len(share) - 1, 0))
            out.append(np.where(self.n > 0, share[at] if len(share) else 0.0, math.nan))
        return out[0], out[1], out[2]

    @functools.cached_property
    def lag1(self) -> Floats:
        """Each group's lag-1 autocorrelation of its nights' residuals in time order (0 where they do
        not vary; NaN under 3 nights)."""
        g = len(self.n)
        mean = np.divide(np.bincount(self.group, self.residual, minlength=g), self.n, out=np.zeros(g),
                         where=self.n > 0)
        centred = self.residual - mean[self.group]
        same = (self.group[1:] == self.group[:-1]) & (self.series[1:] == self.series[:-1])
        num = np.bincount(self.group[1:][same], (centred[1:] * centred[:-1])[same], minlength=g)
        den = np.bincount(self.group, centred * centred, minlength=g)
        lag = np.divide(num, den, out=np.zeros(g), where=den > 0)
        return np.where(self.n > 2, lag, math.nan)

    def cluster(self, level: float, fewest: int = FEWEST_NIGHTS, scale: str = "logit",
                ) -> tuple[Floats, Floats, npt.NDArray[np.bool_]]:
        """:func:`cluster` for every group of ``fewest`` nights or more at once (NaN for the others);
        and where the linear interval stands in for the logit one."""
        g, n = len(self.n), self.n
        ok = n >= fewest
        squares = np.bincount(self.group, self.residual * self.residual, minlength=g)
        se = np.sqrt(np.divide(n * squares, n - 1, out=np.zeros(g), where=ok)) / np.where(ok, self.sum_w, 1.0)
        t = np.array([t_quantile(0.5 + level / 2.0, int(k) - 1) if k >= fewest else math.nan
                      for k in n.tolist()]) if g else np.zeros(0)
        r = self.ratio
        inner = ok & (r > 0) & (r < 1) & (scale == "logit")
        with np.errstate(divide="ignore", invalid="ignore"):
            centre = np.log(r / (1 - r))
            spread = t * se / (r * (1 - r))
            low = np.where(inner, 1 / (1 + np.exp(-(centre - spread))), np.maximum(r - t * se, 0.0))
            high = np.where(inner, 1 / (1 + np.exp(-(centre + spread))), np.minimum(r + t * se, 1.0))
        return np.where(ok, low, math.nan), np.where(ok, high, math.nan), ok & ~inner

    def intervals(self, method: str, level: float, seed: int, resamples: int, key_of: Callable[[int], str],
                  ) -> tuple[Floats, Floats, list[str]]:
        """Each group's interval and note: the cluster interval for all groups at once; a binomial or
        bootstrap one group by group, for the groups that have nights.  ``key_of(k)``: group k's
        values, named, in an order of their own: with ``seed``, what seeds its bootstrap."""
        g, n = len(self.n), self.n
        low, high = np.full(g, math.nan), np.full(g, math.nan)
        notes = np.array(["no report states both figures exactly", *(
            f"no interval: {k} night{'' if k == 1 else 's'}, fewer than {FEWEST_NIGHTS}"
            for k in range(1, FEWEST_NIGHTS))], dtype=object)[np.minimum(n, 0 if method in BINOMIAL else
                                                                         FEWEST_NIGHTS - 1)]
        notes[n > 0 if method in BINOMIAL else n >= FEWEST_NIGHTS] = ""
        if method == "cluster":
            low, high, clipped = self.cluster(level)
        lag = self.lag1
        # each group's distinct ISO weeks, counted for all groups at once
        pairs = np.unique(self.group.astype(np.int64) * (int(self.week.max(initial=0)) + 2) + self.week + 1)
        weeks_in = np.bincount(pairs // (int(self.week.max(initial=0)) + 2), minlength=g) if len(pairs) else n * 0
        for k in np.flatnonzero(n > 0 if method in BINOMIAL else n >= FEWEST_NIGHTS).tolist():
            rows = slice(self.bounds[k], self.bounds[k + 1])
            if method in BINOMIAL:
                low[k], high[k] = _BINOMIAL[method](round(self.sum_a[k]), round(self.sum_w[k]), level)
                continue
            said = []
            if lag[k] > LAG1_WARNING:
                said.append(f"a night's residual follows the night before's (lag-1 {lag[k]:.2f}): taken as "
                            "exchangeable, the interval is too narrow")
            elif weeks_in[k] > BLOCK_WEEKS:
                said.append(f"over {weeks_in[k]} weeks; lag-1 autocorrelation of the nights {lag[k]:.2f}")
            if method == "cluster":
                if clipped[k]:
                    said.append(_CLIPPED)
            else:
                a, w = self.a[rows], self.w[rows]
                weeks = np.unique(self.week[rows])
                if len(weeks) > BLOCK_WEEKS:  # a long period: nights of a week move together, so weeks are drawn
                    block = np.searchsorted(weeks, self.week[rows])
                    a, w = np.bincount(block, a).astype(np.float64), np.bincount(block, w).astype(np.float64)
                    said.append(f"resampled in {len(weeks)} ISO-week blocks")
                if n[k] < FEW_FOR_BOOTSTRAP:
                    said.append(f"only {n[k]} nights: a bootstrap of so few is rough")
                key = int.from_bytes(hashlib.blake2b(key_of(k).encode(), digest_size=8).digest(), "little")
                low[k], high[k] = bootstrap(a, w, level, np.random.default_rng([seed, key]), resamples)
            if low[k] == high[k]:
                said.append("every night's share is the same: the interval has no width, which is no "
                            "promise of the next night's")
            notes[k] = "; ".join(said)
        return low, high, notes.tolist()


# -- grouping -----------------------------------------------------------------------------


def _period(text: str | None, period: str) -> str | None:
    """The period a window's end (or start) falls in."""
    if not text:
        return None
    day = datetime.date.fromisoformat(text[:10])
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return {"day": text[:10], "month": text[:7], "year": text[:4]}[period]


def _grouping(table: Table, name: str) -> Strings:
    """The column of ``name`` to group by; a period from each window's end, or its start where it has none."""
    if name == "report":  # each report its own group, named by where it stands, in file order
        n = len(table)
        where = [(file, line) for file, line in map(table.location, range(n))]
        return Strings(np.arange(n, dtype=np.int32),
                       tuple(f"{file}:{line}" if file else table.label(i) for i, (file, line) in enumerate(where)))
    if name not in PERIODS:
        return table.weapon_classes() if name == "weapon_class" else table.meta[name]
    picked, texts = window_times(table)
    names = [_period(v, name) for v in texts]
    periods = sorted({p for p in names if p is not None})
    number = {p: i for i, p in enumerate(periods)}
    lookup = np.array([number[p] if p is not None else -1 for p in names] + [-1], np.int32)
    return Strings(lookup[picked], tuple(periods))


def window_times(table: Table) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Each report's window end, or its start where it has no end: an index
    into the texts (the ends' distinct values, then the starts'), -1 for neither."""
    end, start = table.meta["window_end"], table.meta["window_start"]
    e, s = np.asarray(end.codes, np.intp), np.asarray(start.codes, np.intp)
    picked = np.where(e >= 0, e, np.where(s >= 0, s + len(end.values), -1))
    return np.broadcast_to(picked, (len(table),)), [*end.values, *start.values]


def time_order(table: Table) -> npt.NDArray[np.int64]:
    """Each report's place in time by its window's end (or start): a rank of the texts, which sort as times."""
    picked, texts = window_times(table)
    rank = np.empty(len(texts) + 1, np.int64)  # the last for neither: ranked as ""
    rank[np.argsort(np.array([*texts, ""], dtype=object), kind="stable")] = np.arange(len(texts) + 1)
    return rank[picked]


def _combined(columns: Sequence[Strings], n: int) -> npt.NDArray[np.intp]:
    """One number per distinct combination of the columns' values (None a value too)."""
    key = np.zeros(n, np.int64)
    for s in columns:
        key = key * (len(s.values) + 1) + (np.asarray(s.codes, np.int64) + 1)
        key = np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)  # kept below n
    return key.astype(np.intp)


def group_by(table: Table, by: Sequence[str]) -> tuple[npt.NDArray[np.intp], list[tuple[str | None, ...]]]:
    """Each report's group number, and each group's values of ``by``, in order of those values."""
    n = len(table)
    if not by:
        return np.zeros(n, np.intp), [()]
    columns = [_grouping(table, name) for name in by]
    _, first, group = np.unique(_combined(columns, n), return_index=True, return_inverse=True)
    found = [tuple(s.get(int(row)) for s in columns) for row in first.tolist()]
    # groups in the order of their values' codes: periods in time, reports in file order, other
    # values as the file first meets them; no value last
    codes = np.stack([np.broadcast_to(np.asarray(s.codes, np.int64), (n,))[first] for s in columns])
    codes[codes < 0] = np.iinfo(np.int64).max
    order = np.lexsort(codes[::-1]).tolist()
    rank = np.empty(len(order), np.intp)
    rank[order] = np.arange(len(order))
    return rank[group.reshape(-1)], [found[k] for k in order]


def superseded_reports(table: Table) -> npt.NDArray[np.bool_]:
    """Reports of a night that a later report of the same source, scope, weapon
    and window replaces (a revision, or the same report read twice)."""
    n = len(table)
    key = _combined([table.meta[name] for name in ("source", "scope", "weapon", "window_start", "window_end")], n)
    windowed = np.broadcast_to((table.meta["window_start"].codes >= 0) | (table.meta["window_end"].codes >= 0), (n,))
    _, last = np.unique(key[::-1], return_index=True)
    keep = np.zeros(n, bool)
    keep[n - 1 - last] = True
    return ~keep & windowed


_METHOD_NAMES = {"wilson": "Wilson", "jeffreys": "Jeffreys", "clopper-pearson": "Clopper-Pearson"}


def _level(level: float) -> str:
    """95%, 99.5%, 99.58%: as many decimals as the level has, up to two."""
    return f"{100 * level:.2f}".rstrip("0").rstrip(".") + "%"


# -- the result ---------------------------------------------------------------------------


@dataclass(eq=False)
class Stats:
    """Statistics of one rate per group, as columns (one entry per group).

    ``share_*``: the pooled share as claimed (sum of parts over sum of
    wholes) over the reports used, its smallest and largest value the
    figures allow; ``unexplained_*``: the pooled share of the whole that no
    part accounts for; ``if_all_*``: the pooled share if all of the
    unexplained were the part (if none were, it is ``share_*``);
    ``interval_*``: the interval of ``method`` at ``level`` over the
    ``nights`` that state both figures exactly (NaN with a ``note`` where
    there is none); ``q1``, ``median``, ``q3``: the nightly shares'
    quartiles, weighted by the whole ("a typical night", against the
    pooled "share of drones")."""

    rate: Rate
    by: tuple[str, ...]
    method: str
    level: float
    labels: list[tuple[str | None, ...]]
    columns: dict[str, npt.NDArray[Any]]
    notes: list[str]
    sources: list[str]
    superseded: int = 0
    left_out: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)
    scopes: list[str] = field(default_factory=list)  # each group's scopes, pooled together where several
    seed: int = 0
    resamples: int = RESAMPLES
    adjust: str | None = None
    each_level: float = 0.95  # each interval's own level: ``level``, or higher where adjusted (every row says)
    compared: Difference | str | None = None  # the two groups' difference, or why there is none
    totals: dict[str, tuple[list[int | None], list[int | None]]] = field(default_factory=dict)

    FIELDS = ("reports", "used", "left_out", "part_lo", "part_hi", "whole_lo", "whole_hi", "share_lo",
              "share_hi", "unexplained_lo", "unexplained_hi", "if_all_lo", "if_all_hi", "nights",
              "interval_lo", "interval_hi", "lag1", "q1", "median", "q3")

    def __len__(self) -> int:
        return len(self.labels)

    def __repr__(self) -> str:
        by = f" by {', '.join(self.by)}" if self.by else ""
        return f"<Stats of {self.rate}{by}: {len(self)} group{'' if len(self) == 1 else 's'}>"

    def rows(self) -> list[dict[str, Any]]:
        """One dict a group: its values of ``by``, then :attr:`FIELDS`, the
        method and level, the note and the sources."""
        out = []
        for g, label in enumerate(self.labels):
            row: dict[str, Any] = dict(zip(self.by, label, strict=True))
            for name in self.FIELDS:
                value = self.columns[name][g]
                value = value.item() if isinstance(value, np.generic) else value
                row[name] = None if isinstance(value, float) and math.isnan(value) else value
            row["left_out_why"] = {why: int(self.left_out[why][g]) for why in LEFT_OUT if self.left_out[why][g]}
            row["totals"] = {node: [lo[g], hi[g]] for node, (lo, hi) in self.totals.items()}
            row.update(rate=str(self.rate), method=self.method, level=self.level, each_level=self.each_level,
                       adjust=self.adjust, note=self.notes[g], sources=self.sources[g], scopes=self.scopes[g])
            out.append(row)
        return out

    def layout(self) -> tuple[list[str], list[list[str]], list[str]]:
        """The statistics as ``tally stats`` lays them out: headers, a row of
        text per group, and the lines under the table that say what each
        column is and what no interval covers."""
        found, rows = self, self.rows()
        rate = found.rate
        part = " + ".join(p.replace("_", " ") for p in rate.parts)
        level = _level(found.each_level)
        interval = (f"night to night {level}" if found.method in ("cluster", "bootstrap")
                    else f"{_METHOD_NAMES[found.method]} {level}")
        headers = [*found.by, "reports", "claimed", "unexplained", f"if all {part}", interval, "typical night",
                   "claimed by"]
        table = []
        for r in rows:
            typical = "" if r["median"] is None else percent_text(r["median"], r["median"])
            if r["q1"] is not None and percent_text(r["q1"], r["q3"]) != typical:
                typical += f" ({percent_text(r['q1'], r['q3'])})"
            table.append([*(r[b] or "(none)" for b in found.by), f"{r['used']} of {r['reports']}",
                          percent_text(r["share_lo"], r["share_hi"]),
                          percent_text(r["unexplained_lo"], r["unexplained_hi"]),
                          percent_text(r["if_all_lo"], r["if_all_hi"]),
                          percent_text(r["interval_lo"], r["interval_hi"]) or r["note"], typical, r["sources"]])
        lines = [
            f"Claimed: the share {part} / {rate.whole} as the sources claim it, pooled as a ratio of sums over the "
            f"reports used (those that give both); a range is every value the figures allow.",
            f"Unexplained: the share of {rate.whole} that no figure accounts for.  If all {part}: the claimed "
            f"share if all of the unexplained were {part} (if none were, it is the claimed one).",
            "Typical night: the median of the nightly shares, weighted by " + rate.whole.replace("_", " ")
            + f", and their quartiles; the claimed share is that of all {rate.whole.replace('_', ' ')} taken together.",
        ]
        if found.method == "cluster":
            lines.append(f"The interval is how the share varies from night to night (nights taken as exchangeable; "
                         f"t with nights - 1 degrees of freedom, logit scale), over nights that state both figures "
                         f"exactly; under {FEWEST_NIGHTS} nights there is none.")
        elif found.method == "bootstrap":
            lines.append(f"The interval is how the share varies from night to night: a percentile bootstrap of "
                         f"{found.resamples:,} resamples of the nights (seed {found.seed}; whole ISO weeks where a "
                         f"group spans more than 8), over nights that state both figures exactly; under "
                         f"{FEWEST_NIGHTS} nights there is none.")
        else:
            lines.append(f"The {_METHOD_NAMES[found.method]} interval is binomial: it treats every drone as an "
                         "independent trial, which drones of one night are not; where nights vary, it is too narrow.")
        lines.append("No interval covers error in the claims themselves.")
        shown = sum(r["interval_lo"] is not None for r in rows)
        if found.adjust:
            lines.append(f"Bonferroni: each interval is at {_level(found.each_level)}, so that the {shown} hold "
                         f"together at {_level(found.level)}.")
        elif shown > 1:
            lines.append(f"Each interval is {_level(found.level)} on its own: over {shown} of them some miss by chance "
                         "(--adjust bonferroni makes them hold together).")
        lines.extend(f"{', '.join(str(r[b]) for b in found.by) or 'All'}: {r['note']}." for r in rows
                     if r["note"] and r["interval_lo"] is not None)
        if isinstance(found.compared, str):
            lines.append(found.compared + ".")
        elif found.compared is not None:
            c = found.compared
            how = (f"paired: the same {c.nights} nights, t with {c.df:.0f} degrees of freedom" if c.paired
                   else f"independent groups, {c.nights} nights, Welch's t with {c.df:.1f} degrees of freedom")
            first, second = (" ".join(v or "(none)" for v in label) or "all" for label in (c.first, c.second))
            lines.append(f"{first} less {second}: {100 * c.difference:+.1f} "
                         f"points, night to night {_level(c.level)} from {100 * c.interval_lo:+.1f} to "
                         f"{100 * c.interval_hi:+.1f} ({how}).")
        mixed = [r for r in rows if "," in r["scopes"]]
        if mixed:
            pools = "pools" if len(mixed) == 1 else "pool"
            lines.append(f"{plural(len(mixed), 'group')} {pools} reports of several scopes ({mixed[0]['scopes']}): "
                         "national and regional reports can speak of the same drones; --by scope keeps them apart.")
        if found.superseded:
            lines.append(f"{plural(found.superseded, 'report')} left out: a later report of the same source, scope, "
                         "weapon and window replaces it.")
        left = {why: sum(int(n[g]) for g in range(len(found))) for why, n in found.left_out.items()}
        if any(left.values()):
            lines.append("Reports that give no share: " + ", ".join(f"{why} {n}" for why, n in left.items() if n) + ".")
        return headers, table, lines

    def _repr_html_(self) -> str:
        """The statistics as ``tally stats`` lays them out, with what each column is (Jupyter)."""
        from dronetally import html

        headers, rows, lines = self.layout()
        return html.notebook(html.table(headers, rows, caption=repr(self).strip("<>")), len(rows), len(rows),
                             "groups", lines)

    def to_dict(self) -> dict[str, Any]:
        return {"rate": str(self.rate), "by": list(self.by), "method": self.method, "level": self.level,
                **({"seed": self.seed, "resamples": self.resamples} if self.method == "bootstrap" else {}),
                **({"compared": self.compared if isinstance(self.compared, str) else self.compared.to_dict()}
                   if self.compared is not None else {}),
                "superseded": self.superseded, "groups": self.rows()}

    def to_pandas(self) -> Any:
        """The groups as a pandas DataFrame (pandas is an optional extra: ``dronetally[pandas]``)."""
        from dronetally.extras import require

        return require("pandas", "pandas", "to_pandas() needs").DataFrame(self.rows())


def stats(
    table: Table, rate: str | Rate = "shot_down/launched", *, by: Iterable[str] = (), level: float = 0.95,
    method: str = "cluster", seed: int = 0, resamples: int = RESAMPLES, adjust: str | None = None,
    compare: bool = False,
) -> Stats:
    """The share ``rate`` of a ledger's reports, pooled per group of ``by``
    (see :data:`GROUPINGS`), with its range, what-if bounds and an interval
    of ``method`` (``cluster``: night to night; ``wilson``: binomial, each
    drone an independent trial) at ``level``.  A later report of the same
    source, scope, weapon and window replaces an earlier one.  The
    bootstrap draws ``resamples`` resamples from a generator seeded by
    ``seed`` and the group's values, so a group's interval does not depend
    on the other groups, the filters or the order of ``by``.  ``adjust``
    ``"bonferroni"`` widens each group's interval so that all of them hold
    together at ``level``.  ``compare``: the first group's share less the
    second's, with an interval (there must be two groups; see :class:`Difference`)."""
    by = tuple(by)
    for name in by:
        if name not in GROUPINGS:
            close = difflib.get_close_matches(name, GROUPINGS, n=1, cutoff=0.6)
            raise ValueError(f"cannot group by {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                             + f"; groupings are {', '.join(GROUPINGS)}")
    if method not in METHODS:
        raise ValueError(f"method={method!r} is not one of {', '.join(METHODS)}")
    if len(set(by)) < len(by):
        raise ValueError(f"by={list(by)!r} names a grouping twice")
    if resamples < 1:
        raise ValueError(f"resamples={resamples!r} must be at least 1")
    if adjust not in (None, "bonferroni"):
        raise ValueError(f"adjust={adjust!r}: the one adjustment is 'bonferroni'")
    if not 0.5 <= level < 1.0:
        raise ValueError(f"level={level!r} must be at least 0.5 and below 1 (0.95 is 95%)")
    rate = rate if isinstance(rate, Rate) else Rate.parse(rate, table.schema)
    superseded = superseded_reports(table)
    if superseded.any():
        table = table.select(~superseded)
    state = propagate(table)
    terms, why = _terms(table, state, rate)
    group, labels = group_by(table, by)
    g = len(labels)
    each = level
    columns: dict[str, npt.NDArray[Any]] = {"reports": np.bincount(group, minlength=g)}
    left = {name: np.bincount(group[why == code], minlength=g) for code, name in enumerate(LEFT_OUT)}
    used = np.flatnonzero(why < 0)
    columns["used"] = np.bincount(group[used], minlength=g)
    columns["left_out"] = columns["reports"] - columns["used"]
    t, gu = terms.take(used), group[used]
    for name, values in (("part_lo", t.a_lo), ("part_hi", t.a_hi), ("whole_lo", t.l_lo), ("whole_hi", t.l_hi)):
        columns[name] = np.array(_total(values, gu, g), dtype=object)
    # every node's bounds summed over the reports used (None: no upper bound), and the unexplained drones
    totals = {node: (_total(state.lo[node][used], gu, g), _total(state.hi[node][used], gu, g))
              for node in table.keys if "." not in node}
    totals["unexplained"] = (_total(np.where(t.partial, np.maximum(t.l_lo - t.a_hi - t.o_hi, 0.0), 0.0), gu, g),
                             _total(np.where(t.partial, np.maximum(t.l_hi - t.a_lo - t.o_lo, 0.0), 0.0), gu, g))

    def pooled(a_lo: Floats, a_hi: Floats, d_lo: Floats, d_hi: Floats) -> tuple[Floats, Floats]:
        smallest, largest = _pooled(a_lo, a_hi, t.l_lo, t.l_hi, d_lo, d_hi, gu, g)
        return (np.array([x / y if y else math.nan for x, y in smallest]),
                np.array([x / y if y else math.nan for x, y in largest]))

    columns["share_lo"], columns["share_hi"] = pooled(t.a_lo, t.a_hi, t.o_lo, t.d_hi)
    # the unexplained: the whole less every part; where the dimension is complete, none
    u_hi = np.where(t.partial, t.l_hi - t.a_lo - t.o_lo, 0.0)
    columns["unexplained_lo"], columns["unexplained_hi"] = pooled(
        np.zeros_like(u_hi), np.maximum(u_hi, 0.0), np.where(t.partial, t.a_lo + t.o_lo, t.l_lo),
        np.where(t.partial, t.a_hi + t.o_hi, t.l_hi))
    # all of the unexplained in the part: the part is the whole less the other parts
    columns["if_all_lo"], columns["if_all_hi"] = pooled(
        t.a_lo, np.where(t.partial, np.inf, t.a_hi), t.o_lo, t.o_hi)

    exact = (t.a_lo == t.a_hi) & (t.l_lo == t.l_hi)
    columns["nights"] = np.bincount(gu[exact], minlength=g)
    when = time_order(table)[used][exact]  # each night's place in time
    week = _grouping(table, "week").codes[used][exact]
    series = _combined([table.meta["source"], table.meta["scope"]], len(table))[used][exact]
    ea, ew, eg = t.a_lo[exact], t.l_lo[exact], gu[exact]
    order = np.lexsort((when, series, eg))  # by group, then one source's nights of one scope in time
    bounds = np.searchsorted(eg[order], np.arange(g + 1))
    if adjust:  # Bonferroni: the groups that get an interval share the level's error
        sizes = np.diff(bounds)
        counted = int(((sizes > 0) if method in BINOMIAL else (sizes >= FEWEST_NIGHTS)).sum())
        each = 1.0 - (1.0 - level) / max(counted, 1)
    nights = _Nights(ea[order], ew[order], eg[order], week[order], bounds, series[order])
    columns["q1"], columns["median"], columns["q3"] = nights.quartiles()
    columns["lag1"] = nights.lag1
    low, high, notes = nights.intervals(method, each, seed, resamples,
                                        lambda k: repr(sorted(zip(by, labels[k], strict=True))))
    columns["interval_lo"], columns["interval_hi"] = low, high
    for k in np.flatnonzero((columns["nights"] < columns["used"]) & (columns["nights"] > 0)).tolist():
        fewer = (f"the interval and the typical night are over the {columns['nights'][k]} of "
                 f"{columns['used'][k]} reports whose figures are exact")
        notes[k] = f"{notes[k]}; {fewer}" if notes[k] else fewer
    compared = None
    if compare:
        if g != 2:
            raise ValueError(f"comparing needs exactly two groups; the reports make {g}" + (
                f" by {', '.join(by)}" if by else " (group them with by)"))
        night = _combined([table.meta["window_start"], table.meta["window_end"]], len(table))[used][exact]
        compared = _compare(ea, ew, night, [order[bounds[k]:bounds[k + 1]] for k in (0, 1)], labels, level)
    sources, scopes = (_values_in(table.meta[name], used, gu, g) for name in ("source", "scope"))
    return Stats(rate, by, method, level, labels, columns, notes, [", ".join(s) for s in sources],
                 int(superseded.sum()), left, [", ".join(s) for s in scopes], seed, resamples, adjust, each,
                 compared, totals)


def _compare(a: Floats, w: Floats, night: npt.NDArray[np.intp], rows: list[npt.NDArray[np.intp]],
             labels: list[tuple[str | None, ...]], level: float) -> Difference | str:
    """The difference of the two groups' shares over their exact nights, paired where they are the same nights."""
    first, second = rows
    if min(len(first), len(second)) < FEWEST_NIGHTS:
        return f"no difference: a group has fewer than {FEWEST_NIGHTS} nights that state both figures exactly"
    one, two = first[np.argsort(night[first], kind="stable")], second[np.argsort(night[second], kind="stable")]
    paired = len(one) == len(two) and bool((night[one] == night[two]).all()) and len(np.unique(night[one])) == len(one)
    d, low, high, df = difference(a[one], w[one], a[two], w[two], level, paired=paired)
    return Difference(labels[0], labels[1], d, low, high, paired, len(one) if paired else len(one) + len(two), df,
                      level)


def _values_in(column: Strings, rows: npt.NDArray[np.intp], group: npt.NDArray[np.intp], groups: int,
               ) -> list[list[str]]:
    """Each group's distinct values of ``column`` among ``rows``, sorted."""
    base = len(column.values) + 1
    codes = np.broadcast_to(np.asarray(column.codes, np.int64), (len(column),))[rows]
    pairs = np.unique(group.astype(np.int64) * base + codes + 1)
    out: list[list[str]] = [[] for _ in range(groups)]
    for k, code in zip((pairs // base).tolist(), (pairs % base).tolist(), strict=True):
        if code:
            out[k].append(column.values[code - 1])
    return [sorted(values) for values in out]


__all__ = ["GROUPINGS", "METHODS", "PERIODS", "Difference", "Rate", "Stats", "beta_quantile", "bootstrap",
           "clopper_pearson", "cluster", "difference", "incomplete_beta", "jeffreys", "stats", "t_quantile", "wilson"]
