"""Schemas: what an account may contain, and every way a schema can be wrong."""

import pytest

from dronetally import DEFAULT_SCHEMA, Schema, SchemaError
from dronetally.schema import check_date


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"nodes": {"a": {"d": ["b"]}, "b": {"e": ["a"]}}}, "cycle"),
        ({"nodes": {"a": {"d": ["c"]}, "b": {"e": ["c"]}, "c": {}}}, "part of both"),
        ({"nodes": {"a": {"d": ["zzz"]}}}, "not a node"),
        ({"nodes": {"a-b": {}}}, "letters, digits"),
        ({"nodes": {"source": {}}}, "metadata name"),
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
