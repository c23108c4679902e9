"""Schemas: what an account may contain, and every way a schema can be wrong."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dronetally import DEFAULT_SCHEMA, InputError, Schema, SchemaError
from dronetally.io import load_schema
from dronetally.schema import check_date
from dronetally.table import normal_dates


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"nodes": {"a": {"d": ["b"]}, "b": {"e": ["a"]}}}, "cycle"),
        ({"nodes": {"a": {"d": ["c"]}, "b": {"e": ["c"]}, "c": {}}}, "part of both"),
        ({"nodes": {"a": {"d": ["zzz"]}}}, "not a node"),
        ({"nodes": {"a-b": {}}}, "letters, digits"),
        ({"nodes": {"source": {}}}, "a name the input formats use"),
        ({"nodes": {"a": {"d": "open"}}, "defaults": {"b": "d"}}, "unknown node"),
        ({"nodes": {}, "extends": "other"}, "extends"),
        ({"nodes": {"a": {"d": 3}}}, "parts must be"),
    ],
)
def test_bad_schemas_are_rejected(spec: dict[str, object], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        Schema.from_dict(spec)


@pytest.mark.parametrize("spec", [{"nodes": {"x": {}}, "defaults": ["abc"]}, {"nodes": {}, "remainder_labels": 5},
                                  {"nodes": {"x": {}}, "defaults": {"x": ["d"]}}])
def test_schema_parts_of_the_wrong_type(spec: dict[str, object]) -> None:
    with pytest.raises(SchemaError, match="must be an object of strings"):
        Schema.from_dict(spec)


def test_resolve_and_locate_keys() -> None:
    assert DEFAULT_SCHEMA.resolve("diverted.Belarus") == "diverted.destination.Belarus"
    assert DEFAULT_SCHEMA.resolve("shot_down.region.Kharkiv\\.city") == "shot_down.region.Kharkiv\\.city"
    assert DEFAULT_SCHEMA.locate("shot_down.region.Kharkiv\\.city")[2] == "Kharkiv.city"
    with pytest.raises(SchemaError, match="no default dimension"):
        DEFAULT_SCHEMA.resolve("launched.Shahed")


def test_dates_are_normalised_and_a_date_alone_stays_a_date() -> None:
    assert check_date("2024-12-21 19:00", "window_start") == "2024-12-21T19:00"
    assert check_date("2024-12-21", "window_start") == "2024-12-21"
    with pytest.raises(SchemaError, match="ISO 8601"):
        check_date("2024-02-30", "window_start")


def date_like() -> st.SearchStrategy[str]:
    """Texts that are dates, date-times, or nearly: out of range, a character changed, one too many."""
    year = st.integers(0, 2) | st.integers(1999, 2025) | st.integers(9998, 9999)
    day = st.builds("{:04d}-{:02d}-{:02d}".format, year, st.integers(0, 13), st.integers(0, 32))
    minute = st.builds("{}T{:02d}:{:02d}".format, day, st.integers(0, 25), st.integers(0, 61))
    plain = day | minute | st.builds("{}{}{:02d}:{:02d}:{:02d}".format, day, st.sampled_from(" T"),
                                     st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
    changed = st.tuples(plain, st.integers(0, 18), st.sampled_from("0-9T: x")).map(
        lambda t: t[0][:t[1]] + t[2] + t[0][t[1] + 1:])
    return plain | changed | st.tuples(plain, st.sampled_from(["Z", "+02:00", "0", " "])).map("".join)


@given(st.lists(date_like(), min_size=1, max_size=6))
def test_the_numpy_pass_over_dates_takes_only_what_check_date_leaves_as_it_is(values: list[str]) -> None:
    def fast(texts: list[str]) -> list[bool]:
        return normal_dates(np.array([v.encode() for v in texts], dtype=bytes)).tolist()

    for value in values:  # alone: exactly the texts check_date keeps as they are
        assert fast([value]) == [check_date_keeps(value)], value
    together = fast(values)  # together: never one check_date would refuse or change; all, when all are kept
    assert all(check_date_keeps(v) for v, f in zip(values, together, strict=True) if f)
    assert all(together) or not all(map(check_date_keeps, values))


def check_date_keeps(value: str) -> bool:
    try:
        return check_date(value, "window_start") == value and len(value) in (10, 16)
    except SchemaError:
        return False


# -- schema files follow the rules of report files ------------------------------------------


@pytest.mark.parametrize(("text", "where", "message"), [
    ("[" * 100_000, "1:65", "JSON nested 100000 deep"),
    ('{"nodes": {"a": {}}, "x": ' + "9" * 100_000 + "}", "1:27", "more digits than any count"),
    ('{"nodes": {"a": {}}, "nodes": {"b": {}}}', "1:22", "key 'nodes' is given twice"),
    ('{"nodes": {\n  "a": {"d": ["zz"]}}}', "2:9", "part 'zz' is not a node"),
    ('{"nodes": {"a": {}}, "colour": 1}', "1:22", "unknown schema key 'colour'"),
    ('{"nodes": {"a": {"d": "\\udc00"}}}', "1:24", "half of a UTF-16 pair"),
])
def test_a_bad_schema_file_is_one_located_error(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "schema.json"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_schema(path)
    assert str(caught.value).startswith(f"{path}:{where}: ") and message in str(caught.value)


def test_a_chain_of_nodes_deeper_than_the_limit_is_refused_without_recursion() -> None:
    from dronetally.limits import MAX_TREE_DEPTH

    def chain(n: int) -> dict[str, object]:
        nodes: dict[str, object] = {f"n{i}": {"d": [f"n{i + 1}"]} for i in range(n - 1)}
        nodes[f"n{n - 1}"] = {}
        return {"nodes": nodes}

    assert list(Schema.from_dict(chain(MAX_TREE_DEPTH)).nodes)[-1] == f"n{MAX_TREE_DEPTH - 1}"
    for n in (MAX_TREE_DEPTH + 1, 5000):
        with pytest.raises(SchemaError, match="nested more than"):
            Schema.from_dict(chain(n))


def test_a_directory_given_as_a_schema_is_called_what_it_should_be(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_schema(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, not a schema file"


@pytest.mark.parametrize("name", ["overlapping", "complete", "quotes"])
def test_a_node_may_not_take_a_name_the_formats_use_for_declarations(name: str) -> None:
    spec = {"extends": "default", "nodes": {"launched": {"outcome": ["shot_down", name], "weapon": "open"},
                                            name: {}}}
    with pytest.raises(SchemaError, match=f"'{name}' is a name the input formats use"):
        Schema.from_dict(spec)
