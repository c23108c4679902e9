"""The nested form of a report in dronetally's JSON format, to and from a :class:`Report`.

``{"source": ..., "figures": {"launched": {"count": 103, "outcome":
{"shot_down": 52, ...}}}, "complete": [...]}``: a node's value is a figure,
or an object with its figure as ``"count"`` and one key per dimension (see
README, "JSON").  Errors are :class:`TreeError`, with the JSON path of the
bad value, so that the reader can give its line and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dronetally.count import NAMED, Count, read_figure
from dronetally.errors import CountError, SchemaError
from dronetally.findings import Location
from dronetally.limits import quote
from dronetally.report import Report
from dronetally.schema import DEFAULT_SCHEMA, METADATA_FIELDS, Schema, check_date, check_part_name, part_key

Path = tuple[str | int, ...]
REPORT_KEYS = {*METADATA_FIELDS, "figures", "complete", "overlapping", "quotes", "metadata", "provenance"}


class TreeError(SchemaError):
    """A bad figure or key inside a report's tree; ``path`` says where."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message, path)


def _figure(value: object, path: Path) -> Count | None:
    """A figure value from JSON: a Count, or None for ``?`` (named)."""
    if isinstance(value, float):
        raise TreeError(f"figure must be a whole number or a string such as \">40\" or \"?\", got {quote(value)}", path)
    try:
        fig = read_figure(value)
    except CountError as exc:
        raise TreeError(str(exc), path) from None
    if fig is None:
        raise TreeError("empty figure", path)
    return None if fig == NAMED else fig  # type: ignore[return-value]


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report in dronetally's JSON form (see README, "JSON")."""
    out: dict[str, Any] = {}
    for name in METADATA_FIELDS:
        value = getattr(report, name)
        if value is not None:
            out[name] = value
    out["figures"] = figures_to_tree(report.figures, report.named, report.schema)
    if report.complete:
        out["complete"] = sorted(report.complete)
    if report.overlapping:
        out["overlapping"] = sorted(report.overlapping)
    if report.quotes:
        out["quotes"] = dict(report.quotes)
    if report.metadata:
        out["metadata"] = dict(report.metadata)
    return out



def report_from_dict(
    data: Mapping[str, Any], *, schema: Schema = DEFAULT_SCHEMA, location: Location | None = None,
) -> Report:
    """Build a report from its JSON form.  Errors are :class:`TreeError`
    with the JSON path of the bad value."""
    if not isinstance(data, Mapping):
        raise TreeError("a report is a JSON object", ())
    unknown = set(data) - REPORT_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise TreeError(f"unknown report key {quote(key)}; known keys: {', '.join(sorted(REPORT_KEYS))}", (key,))
    kwargs: dict[str, Any] = {}
    for name in METADATA_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise TreeError(f"{name} must be a string, got {quote(value)}", (name,))
        kwargs[name] = value
    if kwargs.get("source") is None:
        raise TreeError("a report needs a \"source\": who makes the statement", ())
    tree = data.get("figures", {})
    figures, named = figures_from_tree(tree, schema, ("figures",))
    declared = {}
    for name, example in (("complete", "launched.outcome"), ("overlapping", "shot_down.region")):
        dims = declared[name] = data.get(name, [])
        if not isinstance(dims, list) or not all(isinstance(c, str) for c in dims):
            raise TreeError(f"{name} must be a list of dimensions such as \"{example}\"", (name,))
        for i, dim_key in enumerate(dims):
            try:
                schema.dimension(dim_key)
            except SchemaError as exc:
                raise TreeError(str(exc), (name, i)) from None
    if not isinstance(data.get("provenance", {}), Mapping):  # tally extract's: kept for people, not read
        raise TreeError("provenance must be an object of figure: where it came from", ("provenance",))
    for name in ("quotes", "metadata"):
        value = data.get(name, {})
        if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
            raise TreeError(f"{name} must be an object of strings", (name,))
        kwargs[name] = value
    for name in ("window_start", "window_end", "published"):
        try:
            check_date(kwargs[name], name)
        except SchemaError as exc:
            raise TreeError(str(exc), (name,)) from None
    try:
        return Report(
            figures=figures, named=frozenset(named), complete=frozenset(declared["complete"]),
            overlapping=frozenset(declared["overlapping"]),
            location=location, schema=schema, **kwargs,
        )
    except (SchemaError, CountError) as exc:
        raise TreeError(str(exc), ()) from None



def figures_from_tree(
    tree: object, schema: Schema, path: Path = ()
) -> tuple[dict[str, Count], set[str]]:
    """Flatten the nested JSON form into (figures by key, named keys).

    A node's value is a figure (``103``, ``">40"``, ``"?"``) or an object with
    an optional ``"count"`` and one key per dimension, whose value maps part
    names to part values.  Schema nodes may also stand at the top level.
    """
    figures: dict[str, Count] = {}
    named: set[str] = set()
    if not isinstance(tree, Mapping):
        raise TreeError("figures must be an object of node: figure", path)

    def put(key: str, value: object, where: Path) -> None:
        if value is None:  # JSON null: not stated, as an absent key
            return
        if key in figures or key in named:
            raise TreeError(f"{quote(key)} is given twice", where)
        fig = _figure(value, where)
        if fig is None:
            named.add(key)
        else:
            figures[key] = fig

    def node(name: str, value: object, where: Path) -> None:
        if not isinstance(value, Mapping):
            put(name, value, where)
            return
        spec = schema.nodes[name]
        for key, sub in value.items():
            here = (*where, key)
            if key == "count":
                put(name, sub, here)
                continue
            dim = spec.dimension(key)
            if dim is None:
                dims = ", ".join(d.name for d in spec.dimensions) or "none"
                raise TreeError(
                    f"{name} has no dimension {quote(key)} (its dimensions: {dims}; its figure is \"count\")", here
                )
            if not isinstance(sub, Mapping):
                raise TreeError(f"{dim.key} must be an object of part: figure", here)
            for part, part_value in sub.items():
                there = (*here, part)
                if dim.parts is None:
                    try:
                        key_ = part_key(name, dim.name, check_part_name(part))
                    except SchemaError as exc:
                        raise TreeError(str(exc), there) from None
                    if isinstance(part_value, Mapping):
                        raise TreeError(
                            f"{quote(part)} is a part of the open dimension {dim.key} and has no dimensions", there
                        )
                    put(key_, part_value, there)
                elif part in dim.parts:
                    node(part, part_value, there)
                else:
                    raise TreeError(f"{quote(part)} is not a part of {dim.key} (its parts: {', '.join(dim.parts)})",
                                    there)

    for name, value in tree.items():
        where = (*path, name)
        if name in schema.nodes:
            node(name, value, where)
            continue
        try:
            key = schema.resolve(name)
        except SchemaError as exc:
            raise TreeError(str(exc), where) from None
        if isinstance(value, Mapping):
            raise TreeError(f"{quote(name)} is a part of an open dimension and has no dimensions", where)
        put(key, value, where)
    return figures, named


def figures_to_tree(
    figures: Mapping[str, Count], named: Iterable[str], schema: Schema
) -> dict[str, Any]:
    """The nested JSON form of flat figures: every node under its parent."""
    named = set(named)
    present = set(figures) | named

    def value(key: str) -> Any:
        if key in named:
            return "?"
        fig = figures[key]
        return fig.lo if fig.text is None and fig.is_exact else str(fig)

    def has_any(name: str) -> bool:
        if name in present:
            return True
        spec = schema.nodes[name]
        prefix = tuple(f"{name}.{d.name}." for d in spec.dimensions if d.is_open)
        if prefix and any(k.startswith(prefix) for k in present):
            return True
        return any(has_any(p) for d in spec.dimensions for p in d.parts or ())

    def node(name: str) -> Any:
        spec = schema.nodes[name]
        out: dict[str, Any] = {}
        for dim in spec.dimensions:
            parts: dict[str, Any] = {}
            if dim.parts is None:
                for key in sorted(k for k in present if schema.locate(k)[:2] == (name, dim) and k != name):
                    parts[schema.locate(key)[2]] = value(key)
            else:
                for part in dim.parts:
                    if has_any(part):
                        parts[part] = node(part)
            if parts:
                out[dim.name] = parts
        if not out:
            return value(name)
        if name in present:
            out = {"count": value(name), **out}
        return out

    return {name: node(name) for name in schema.nodes if schema.parent_of(name) is None and has_any(name)}
