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
        (lambda: dts.reports(names={"colour": ["red"]}), "names"),
        (lambda: dts.reports(names={"region": []}), "names"),
        (lambda: dts.reports(metadata="yes"), "metadata"),
        (lambda: dts.reports(metadata={"source": "x"}), "metadata"),
        (lambda: dts.reports(metadata={"window_start": "22/12/2024"}), "window_start"),
        (lambda: dts.reports(metadata={"window_start": "2025-01-02", "window_end": "2025-01-01"}), "window_end"),
        (lambda: dts.reports(metadata={"timezone": "Europe/Nowhere"}), "timezone"),
        (lambda: dts.ledgers(dates=("2025-01-01",)), "dates"),
        (lambda: dts.mutants(dates=("2025-02-01", "2025-01-01")), "dates"),
        (lambda: dts.ledgers(metadata={"scope": "Ukraine", "window_start": "2025-01-01"}), "fix at most one"),
    ],
)
def test_arguments_are_checked_at_once(call: object, parameter: str) -> None:
    with pytest.raises(InvalidArgument, match=parameter):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    "strategy",
    [dts.reports(), dts.reports(consistent=False, max_value=50), dts.counts(exact=True), dts.ledgers(max_size=3),
     dts.mutants(names=("a", "b")), dts.accounts(exact=False), dts.reports(schema=MEANS),
     dts.reports(names={"region": ("Kyiv", "Lviv")}), dts.reports(metadata=False),
     dts.ledgers(metadata={"scope": "Ukraine", "timezone": None}, dates=("2025-01-01", "2025-12-31"))],
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
    assert troubles(report) == []  # reports(): consistent


@pytest.mark.parametrize("predicate", [lambda r: True, lambda r: "airborne" in r.figures, lambda r: bool(r.scope)])
def test_from_type_is_reports(predicate: object) -> None:
    # the same strategy draws the same examples: the same smallest one for any predicate
    fast = settings(database=None, max_examples=300)
    assert find(st.from_type(dt.Report), predicate, settings=fast) == find(dts.reports(), predicate, settings=fast)


@pytest.mark.parametrize("plugins", [True, False])
def test_from_type_without_importing_the_strategies(plugins: bool) -> None:
    # the "hypothesis" entry point registers reports() when Hypothesis is imported; without it
    # (HYPOTHESIS_NO_PLUGINS), importing dronetally.strategies does
    code = ("from hypothesis import strategies as st, find, settings\nimport dronetally as dt\n"
            "try:\n    st.from_type(dt.Report).example()\nexcept Exception as e:\n    print('unregistered')\n"
            "from dronetally import strategies\n"
            "print(find(st.from_type(dt.Report), lambda r: 'airborne' in r.figures, settings=settings(database=None)))")
    env = {k: v for k, v in __import__("os").environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    if not plugins:
        env["HYPOTHESIS_NO_PLUGINS"] = "1"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert ("unregistered" in lines) is not plugins
    assert lines[-1] == "Report(source='air force', figures={'launched': 0, 'airborne': 0})"


def test_importing_the_strategies_keeps_a_users_own_registration() -> None:
    code = ("from hypothesis import strategies as st\nimport dronetally as dt\n"
            "st.register_type_strategy(dt.Report, st.just(dt.Report(source='mine')))\n"
            "from dronetally import strategies\nprint(st.from_type(dt.Report).example().source)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["mine"]


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


FIND = settings(database=None, max_examples=2000)


def test_shrinks_to_the_smallest_report_with_airborne() -> None:
    # smallest: the total and the one part, both stated exactly at 0, and nothing else
    smallest = find(dts.reports(), lambda r: "airborne" in r.figures, settings=FIND)
    assert smallest == dt.Report(source="air force", figures={"launched": 0, "airborne": 0})


def test_shrinks_to_the_smallest_report_with_drones_airborne() -> None:
    # at least one airborne: launched 1, airborne 1 (a partial breakdown), nothing else
    smallest = find(dts.reports(), lambda r: "airborne" in r.figures and r.figures["airborne"].lo >= 1,
                    settings=FIND)
    assert smallest == dt.Report(source="air force", figures={"launched": 1, "airborne": 1})
    assert not smallest.complete


def test_shrinks_to_the_smallest_report_with_a_destination() -> None:
    # diverted to the first destination of its pool; each node on the way stated, at 0
    smallest = find(dts.reports(), lambda r: any(k.startswith("diverted.destination.") for k in r.figures),
                    settings=FIND)
    assert smallest == dt.Report(source="air force",
                                 figures={"launched": 0, "diverted": 0, "diverted.destination.Belarus": 0})


def test_shrinks_to_the_smallest_inconsistent_report() -> None:
    # the smallest error: one part over a total of 0 by 1, in the first dimension of the first node
    smallest = find(dts.reports(consistent=False), lambda r: bool(r.check().errors), settings=FIND)
    assert smallest == dt.Report(source="air force", figures={"launched": 0, "shot_down": 1})
    assert repr(smallest) == "Report(source='air force', figures={'launched': 0, 'shot_down': 1})"
    mutant = find(dts.mutants(), lambda m: True, settings=FIND)
    assert mutant.expected == ("over-accounted", "launched", "launched.outcome", 1)


def test_shrinks_metadata_to_the_first_of_each_pool() -> None:
    # a window: the first day, as a date, ending that day; a scope: the first, with its own zone and sides
    window = find(dts.reports(), lambda r: r.window_end is not None, settings=FIND)
    assert window == dt.Report(source="air force", figures={"launched": 0}, window_start="2022-02-24",
                               window_end="2022-02-24")
    sided = find(dts.reports(), lambda r: r.timezone is not None and r.attacker is not None and bool(r.scope),
                 settings=FIND)
    assert sided == dt.Report(source="air force", figures={"launched": 0}, scope="Ukraine", timezone="Europe/Kyiv",
                              attacker="Russia", defender="Ukraine")


def test_a_failing_example_prints_only_what_is_set() -> None:
    @settings(database=None, max_examples=200, derandomize=True)
    @given(dts.reports())
    def no_report_says_what_hit(report: dt.Report) -> None:
        assert "hit" not in report.figures

    with pytest.raises(AssertionError) as raised:
        no_report_says_what_hit()
    printed = "\n".join(getattr(raised.value, "__notes__", []))
    assert "report=Report(source='air force', figures={'launched': 0, 'hit': 0})," in printed


# -- what is generated ---------------------------------------------------------------


def _pools(report: dt.Report) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for key in [*report.figures, *report.named]:
        node, dim, name = report.schema.locate(key)
        if dim is not None and dim.is_open and node != key:
            found.setdefault(dim.name, set()).add(name)
    return found


@given(dts.reports(consistent=None))
def test_open_dimensions_take_names_from_their_own_pool(report: dt.Report) -> None:
    for dimension, names in _pools(report).items():
        assert names <= set(dts.NAMES[dimension])
    assert report.weapon is None or report.weapon in dts.NAMES["weapon"]


@given(dts.reports(names={"region": ("Kyiv", "Lviv")}), dts.reports(names=("a", "b")))
def test_names_by_dimension_or_for_every_one(by_dimension: dt.Report, every: dt.Report) -> None:
    assert _pools(by_dimension).get("region", set()) <= {"Kyiv", "Lviv"}
    assert _pools(by_dimension).get("destination", set()) <= set(dts.NAMES["destination"])
    assert all(names <= {"a", "b"} for names in _pools(every).values())


def _instant(text: str, end: bool) -> __import__("datetime").datetime:
    import datetime

    if len(text) == 10:
        day = datetime.datetime.fromisoformat(text)
        return day + datetime.timedelta(days=1) if end else day
    return datetime.datetime.fromisoformat(text)


@given(dts.reports(consistent=None))
def test_metadata_is_valid_and_in_order(report: dt.Report) -> None:
    import zoneinfo

    dates = {f: getattr(report, f) for f in ("source", "window_start", "window_end", "published")}
    assert not dt.Report(**dates).check().errors  # the project's own validation: dates and their order
    if report.window_start and report.window_end:
        assert len(report.window_start) == len(report.window_end)  # one precision
        assert _instant(report.window_start, False) <= _instant(report.window_end, True)
        assert "2022-02-24" <= report.window_start[:10] <= "2026-12-31"
    if report.window_end and report.published:
        assert report.published >= report.window_end[:10]
    if report.timezone:
        zoneinfo.ZoneInfo(report.timezone)
    assert (report.attacker is None) == (report.defender is None)
    if report.attacker:
        assert {report.attacker, report.defender} == {"Russia", "Ukraine"}
        if report.scope:  # the scope's own country defends it
            assert report.defender == ("Russia" if report.scope in ("Russia", "Belgorod oblast", "Kursk oblast",
                                                                     "Moscow region") else "Ukraine")
    if any(k.startswith("launched.weapon.") for k in report.figures) or any(
            k.startswith("launched.weapon.") for k in report.named):
        assert report.weapon is None  # one weapon named for the report, or a breakdown by weapon: not both


@given(dts.reports(metadata=False), dts.reports(metadata={"scope": "Kherson oblast", "window_start": None},
                                                 dates=("2025-01-01", "2025-01-31")))
def test_metadata_off_or_fixed(bare: dt.Report, fixed: dt.Report) -> None:
    assert all(getattr(bare, f) is None for f in ("scope", "window_start", "window_end", "timezone", "published",
                                                   "attacker", "defender", "weapon"))
    assert fixed.scope == "Kherson oblast" and fixed.window_start is None and fixed.window_end is None
    assert fixed.published is None or "2025-01-01" <= fixed.published <= "2025-01-31"


@given(dts.reports(metadata={"window_start": "2025-01-01T19:00", "timezone": "Europe/Kyiv"}))
def test_a_fixed_start_gets_an_end_after_it(report: dt.Report) -> None:
    assert report.window_start == "2025-01-01T19:00" and report.timezone == "Europe/Kyiv"
    assert report.window_end is None or "2025-01-01T19:00" <= report.window_end <= "2025-01-03T19:00"


@given(dts.ledgers(consistent=True, min_size=2, max_size=12, dates=("2025-01-01", "2025-01-03")),
       dts.ledgers(consistent=None, max_size=8, metadata={"window_start": "2025-01-01", "window_end": "2025-01-01"}))
def test_the_reports_of_a_ledger_are_never_compared(crowded: dt.Ledger, one_night: dt.Ledger) -> None:
    # few days and scopes: many reports would speak of the same drones, but the rules across find nothing
    across = {"possible-duplicate", "disagreement", "revision"}
    for ledger in (crowded, one_night):
        assert not [f for f in ledger.check() if f.rule in across]
    assert not crowded.check().errors
    assert all(r.window_start == "2025-01-01" for r in one_night)


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



