"""The public Hypothesis strategies, and the rules as properties built on them."""

import json
import subprocess
import sys

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import dronetally as dt
from dronetally import strategies as dts
from dronetally.strategies import Mutant

ROOT_EXAMPLES = __import__("pathlib").Path(__file__).resolve().parents[1] / "examples"
MEANS = dt.Schema.from_dict(json.loads((ROOT_EXAMPLES / "schema.json").read_text()))


def errors(report: dt.Report) -> list[tuple[object, ...]]:
    return [(f.rule, f.node, f.dimension, f.lo) for f in report.check().errors]


def troubles(report: dt.Report) -> list[dt.Finding]:
    return list(report.check().filter(at_least="warning"))


# -- the strategies themselves ---------------------------------------------------------


def test_public_surface() -> None:
    assert set(dts.__all__) == {"NAMES", "Expected", "Mutant", "accounts", "counts", "ledgers", "mutants", "reports"}


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (lambda: dts.reports(max_value="x"), "max_value"),
        (lambda: dts.reports(consistent="yes"), "consistent"),
        (lambda: dts.reports(schema={}), "schema"),
        (lambda: dts.reports(names=[]), "names"),
        (lambda: dts.reports(names="Oryol"), "names"),
        (lambda: dts.reports(sources=[""]), "sources"),
        (lambda: dts.counts(min_value=5, max_value=2), "min_value"),
        (lambda: dts.counts(exact=1), "exact"),
        (lambda: dts.ledgers(min_size=-1), "min_size"),
        (lambda: dts.ledgers(min_size=3, max_size=2), "min_size"),
        (lambda: dts.mutants(max_value=-1), "max_value"),
        (lambda: dts.mutants(schema=dt.Schema.from_dict({"nodes": {"a": {}}})), "no node with a dimension"),
    ],
)
def test_arguments_are_checked_at_once(call: object, parameter: str) -> None:
    with pytest.raises(InvalidArgument, match=parameter):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    "strategy",
    [dts.reports(), dts.reports(consistent=False, max_value=50), dts.counts(exact=True), dts.ledgers(max_size=3),
     dts.mutants(names=("a", "b")), dts.accounts(exact=False), dts.reports(schema=MEANS)],
)
def test_repr_reproduces_the_call(strategy: st.SearchStrategy[object]) -> None:
    namespace = {"reports": dts.reports, "counts": dts.counts, "ledgers": dts.ledgers, "mutants": dts.mutants,
                 "accounts": dts.accounts, "Schema": dt.Schema}
    again = eval(repr(strategy), namespace)
    assert repr(again) == repr(strategy)


@pytest.mark.parametrize("first", ["from dronetally import strategies", "import hypothesis"])
def test_strategies_import_in_a_fresh_interpreter(first: str) -> None:
    # the entry point runs while hypothesis imports, perhaps from inside dronetally.strategies
    code = (f"{first}\nfrom hypothesis import strategies as st\nimport dronetally as dt\n"
            "from dronetally import strategies as dts\n"
            "print(repr(dts.reports()), type(st.from_type(dt.Report).example()).__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["reports()", "Report"]


@given(st.from_type(dt.Report), st.from_type(dt.Ledger))
def test_from_type_draws_reports_and_ledgers(report: dt.Report, ledger: dt.Ledger) -> None:
    assert isinstance(report, dt.Report) and isinstance(ledger, dt.Ledger) and 1 <= len(ledger) <= 20


def test_without_hypothesis_the_import_says_which_extra() -> None:
    code = "import sys; sys.modules['hypothesis'] = None; import dronetally.strategies"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "pip install 'dronetally[strategies]'" in done.stderr.strip().splitlines()[-1]


@given(dts.counts(min_value=3, max_value=40))
def test_counts_stay_in_their_range(count: dt.Count) -> None:
    assert 3 <= count.lo <= 40 and (count.hi is None or count.hi >= 3)


@given(dts.counts(exact=True), dts.counts(exact=False))
def test_counts_exact_or_not(exact: dt.Count, interval: dt.Count) -> None:
    assert exact.is_exact and not interval.is_exact
    assert dt.Count.parse(str(interval)) == interval


@given(dts.ledgers(min_size=2, max_size=5, consistent=True))
def test_ledgers(ledger: dt.Ledger) -> None:
    assert 2 <= len(ledger) <= 5
    assert not ledger.check().errors


def test_shrinks_to_a_small_readable_report() -> None:
    def leaves_much_unexplained(report: dt.Report) -> bool:
        return any(f.lo >= 50 for f in report.check().filter(rule="remainder", node="launched.outcome"))

    smallest = find(dts.reports(), leaves_much_unexplained, settings=settings(database=None, max_examples=2000))
    assert len(smallest.figures) + len(smallest.named) <= 3
    assert all(c.is_exact and c.lo <= 100 for c in smallest.figures.values())


# -- the rules as properties ---------------------------------------------------------


@given(dts.reports())
def test_every_consistent_report_passes(report: dt.Report) -> None:
    assert troubles(report) == []


@given(dts.reports(schema=MEANS, names=("Kyiv", "Lviv")))
def test_consistent_reports_of_a_users_schema_pass(report: dt.Report) -> None:
    assert report.schema == MEANS
    assert troubles(report) == []


@given(dts.accounts())
def test_consistent_accounts_pass(account: dts.Account) -> None:
    report = dt.Report(source="s", figures=account.figures, named=account.named, complete=account.complete)
    assert troubles(report) == []


@given(dts.mutants())
def test_every_mutant_is_caught_with_exactly_its_finding(mutant: Mutant) -> None:
    assert errors(mutant.original) == []
    assert errors(mutant.report) == [tuple(mutant.expected)]
    changed = {k for k in mutant.report.figures if mutant.report.figures[k] != mutant.original.figures.get(k)}
    assert changed == {mutant.changed}


@given(dts.reports(consistent=False))
def test_inconsistent_reports_have_an_error(report: dt.Report) -> None:
    assert len(report.check().errors) == 1


def _findings(report: dt.Report) -> set[tuple[object, ...]]:
    return {(f.rule, f.node, f.dimension, f.lo, f.hi) for f in report.check()}


@given(dts.reports(consistent=None), st.randoms(use_true_random=False))
def test_permuting_parts_changes_nothing(report: dt.Report, rnd: object) -> None:
    items = list(report.figures.items())
    rnd.shuffle(items)  # type: ignore[attr-defined]
    shuffled = report.evolve(figures=dict(items), named=report.named)
    assert _findings(shuffled) == _findings(report)


@given(dts.reports(consistent=None), st.data())
def test_adding_a_zero_part_to_a_breakdown_changes_nothing(report: dt.Report, data: st.DataObject) -> None:
    # a breakdown already in the report: a dimension with a part stated or named
    schema = report.schema
    present = set(report.figures) | set(report.named)
    active = sorted({schema.locate(k)[1].key for k in present if schema.locate(k)[1] is not None})  # type: ignore[union-attr]
    if not active:
        return
    dim = schema.dimension(data.draw(st.sampled_from(active)))
    if dim.parts is None:
        new = f"{dim.key}.Nowhere"
    else:
        free = [p for p in dim.parts if p not in present and not any(k.startswith(p + ".") for k in present)
                and not any(schema.parent_of(k) is not None and schema.parent_of(k).node == p for k in present)]
        if not free:
            return
        new = data.draw(st.sampled_from(free))
    zero = report.evolve(figures={**report.figures, new: 0}, named=report.named)
    assert _findings(zero) == _findings(report)


@given(dts.reports(consistent=None, exact=True), st.data())
def test_splitting_a_part_in_two_changes_nothing(report: dt.Report, data: st.DataObject) -> None:
    open_parts = [k for k, c in report.figures.items() if k.count(".") >= 2 and "\\" not in k]
    if not open_parts:
        return
    key = data.draw(st.sampled_from(open_parts))
    value = report.figures[key].lo
    first = data.draw(st.integers(0, value))
    split = {k: v for k, v in report.figures.items() if k != key}
    split[key + "-a"] = dt.Count.exact(first)
    split[key + "-b"] = dt.Count.exact(value - first)
    again = report.evolve(figures=split, named=report.named)

    def same(report: dt.Report) -> set[tuple[object, ...]]:
        return {f for f in _findings(report) if f[0] != "inferred-bound" or f[1] not in (key,)}

    assert same(again) == same(report)


@given(dts.reports(), st.data())
def test_widening_an_interval_keeps_a_report_consistent(report: dt.Report, data: st.DataObject) -> None:
    if not report.figures:
        return
    key = data.draw(st.sampled_from(sorted(report.figures)))
    count = report.figures[key]
    lo = data.draw(st.integers(0, count.lo))
    hi = None if count.hi is None or data.draw(st.booleans()) else count.hi + data.draw(st.integers(0, 100))
    wider = report.evolve(figures={**report.figures, key: dt.Count(lo, hi)}, named=report.named)
    assert troubles(wider) == []


@given(st.one_of(dts.reports(), dts.mutants()), st.integers(2, 50))
def test_scaling_every_bound_scales_every_amount(drawn: dt.Report | Mutant, k: int) -> None:
    report = drawn.report if isinstance(drawn, Mutant) else drawn
    scaled = report.evolve(
        figures={key: dt.Count(c.lo * k, None if c.hi is None else c.hi * k) for key, c in report.figures.items()},
        named=report.named,
    )
    assert [(r, n, d, a * k) for r, n, d, a in errors(report)] == errors(scaled)


@given(dts.ledgers(consistent=None, max_size=8))
def test_json_and_csv_round_trips_preserve_every_report(ledger: dt.Ledger) -> None:
    for fmt in ("json", "csv"):
        again = dt.loads(dt.dumps(ledger, fmt), fmt)
        assert list(again) == list(ledger)
        assert [{k: str(c) for k, c in r.figures.items()} for r in again] == [
            {k: str(c) for k, c in r.figures.items()} for r in ledger]
        assert [r.named for r in again] == [r.named for r in ledger]
        assert [r.complete for r in again] == [r.complete for r in ledger]



