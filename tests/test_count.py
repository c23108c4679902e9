import pytest
from hypothesis import given
from hypothesis import strategies as st

from dronetally import Count, CountError
from dronetally.count import MAX_COUNT


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("52", 52, 52),
        (" 52 ", 52, 52),
        (">40", 41, None),
        (">=30", 30, None),
        ("≥30", 30, None),
        ("<10", 0, 9),
        ("<=10", 0, 10),
        ("40-50", 40, 50),
        ("40–50", 40, 50),
        ("~100", 90, 110),
        ("~5", 4, 6),
        ("~0", 0, 0),
        ("<~100", 90, 100),
        ("≈100", 90, 110),
        ("≤10", 0, 10),
        ("40+", 40, None),
        ("100 +", 100, None),
        ("1,200", 1200, 1200),
        ("1 200", 1200, 1200),
        ("1\u00a0200", 1200, 1200),
        ("12 000 000", 12_000_000, 12_000_000),
        (">1,200", 1201, None),
        ("1,200-1,500", 1200, 1500),
        (">= 1,200", 1200, None),  # an operator and a blank before the groups
        ("1 200 - 1 500", 1200, 1500),
    ],
)
def test_written_forms(text: str, lo: int, hi: int | None) -> None:
    count = Count.parse(text)
    assert (count.lo, count.hi) == (lo, hi)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "negative"),
        ("abc", "not a count"),
        ("", "empty"),
        ("50-40", "backwards"),
        ("<0", "below 0"),
        ("5.5", "not a whole number"),
        ("1.000", "read two ways"),  # a thousand in some languages, one in others
        ("10.00", "without the point"),
        (str(MAX_COUNT + 1), "larger than"),
        ("1" * 30, "larger than"),
        ("1,20", "not a whole number"),  # groups are of three digits: a decimal comma
        ("1,2000", "not a whole number"),
        ("1,200 300", "not a count"),  # one separator throughout
        ("40 50", "not a count"),  # two numbers, not one in groups
        ("+40", "not a count"),
        ("0,500", "not a whole number"),  # a first group of 0: a decimal, perhaps (0.5 in a ;-separated export)
        ("001,200", "not a whole number"),
    ],
)
def test_bad_forms_are_rejected_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(CountError, match=message):
        Count.parse(text)


def test_count_errors_are_value_errors() -> None:
    with pytest.raises(ValueError):
        Count.parse("x")


@pytest.mark.parametrize(("lo", "hi"), [(-1, 3), (5, 4), (0, MAX_COUNT + 1), (True, 1)])
def test_invalid_bounds(lo: int, hi: int) -> None:
    with pytest.raises(CountError):
        Count(lo, hi)


def test_about_beyond_the_largest_count_is_rejected() -> None:
    with pytest.raises(CountError):
        Count.parse(f"~{MAX_COUNT}")


def test_text_is_kept_but_not_compared() -> None:
    assert str(Count.parse("~100")) == "~100"
    assert Count.parse("~100") == Count(90, 110)
    assert str(Count(3, None)) == ">=3"
    assert str(Count(0, 6)) == "0-6"


@given(st.integers(0, MAX_COUNT // 2))
def test_about_contains_its_value_and_is_a_band(n: int) -> None:
    about = Count.about(n)
    assert n in about
    assert about.lo <= n <= about.hi  # type: ignore[operator]
    assert n == 0 or about.lo < about.hi  # type: ignore[operator]


@given(st.integers(0, MAX_COUNT // 2), st.integers(0, MAX_COUNT // 2))
def test_written_form_round_trips(a: int, b: int) -> None:
    lo, hi = min(a, b), max(a, b)
    for count in (Count(lo, hi), Count(lo, None), Count.about(hi), Count.nearly(hi)):
        assert Count.parse(str(count)) == count


@given(st.integers(0, MAX_COUNT), st.sampled_from([",", " ", "\u00a0", "\u202f"]))
def test_a_number_in_groups_of_three_reads_as_written_plain(n: int, separator: str) -> None:
    grouped = f"{n:,}".replace(",", separator)
    assert Count.parse(grouped) == Count.parse(str(n)) == Count(n, n)
