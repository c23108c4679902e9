"""What an account may contain: nodes, their dimensions, and which parts a
dimension has.

A schema node (``launched``, ``shot_down``) has a name of its own and may be
broken down along dimensions.  A *closed* dimension lists its parts, which are
other schema nodes (``launched.outcome`` has ``shot_down``, ``lost_track`` ...);
an *open* one takes parts of any name (``shot_down.region`` has ``Oryol``),
and those parts are leaves, keyed ``node.dimension.part``.  Each node is a part
of at most one dimension, so the accounts form a tree.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dronetally.errors import SchemaError
from dronetally.limits import MAX_TREE_DEPTH, quote

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CONTROL = re.compile(r"[\x00-\x1f]")
#: A report's metadata fields of text, in the order formats write them.
METADATA_FIELDS = (
    "id", "source", "scope", "window_start", "window_end", "timezone",
    "published", "attacker", "defender", "weapon", "link",
)
#: Names that input formats use for other things than figures.
RESERVED = frozenset({
    *METADATA_FIELDS, "complete", "overlapping", "quote", "quotes", "meta", "metadata", "figures", "count",
})
OPEN = "open"
_ISO_MINUTE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2})?")


def check_date(value: str | None, name: str) -> str | None:
    """ISO 8601 date or date-time, normalised; a date alone stays a date."""
    if value is None:
        return None
    if isinstance(value, str) and _ISO_MINUTE.fullmatch(value):  # already normal: 2024-12-21 or 2024-12-21T19:00
        try:
            (_dt.date if len(value) == 10 else _dt.datetime).fromisoformat(value)
            return value
        except ValueError:
            pass  # 2024-02-30: the full check below says what is wrong
    if not isinstance(value, str):
        raise SchemaError(f"{name} must be an ISO 8601 date or date-time string, got {quote(value)}")
    text = value.strip()
    try:
        if len(text) == 10:
            return _dt.date.fromisoformat(text).isoformat()
        moment = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise SchemaError(
            f"{name} {quote(value)} is not an ISO 8601 date (2024-12-21) or date-time (2024-12-21T19:00)"
        ) from None
    spec = "minutes" if moment.second == 0 and moment.microsecond == 0 else "seconds"
    return moment.isoformat(timespec=spec)


def escape(part: str) -> str:
    """A part name as written inside a key: ``\\`` and ``.`` are backslash-escaped."""
    return part.replace("\\", "\\\\").replace(".", "\\.")


def split_key(key: str) -> list[str]:
    """Split a dotted key on its unescaped dots and unescape each piece."""
    pieces: list[str] = []
    current: list[str] = []
    chars = iter(key)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, None)
            if nxt not in (".", "\\"):
                raise SchemaError(f"{quote(key)}: '\\' must be followed by '.' or '\\'")
            current.append(nxt)
        elif ch == ".":
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return pieces


def part_key(node: str, dimension: str, part: str) -> str:
    return f"{node}.{dimension}.{escape(part)}"


def folded(key: str) -> str:
    """A canonical key as keys are compared: the part name of an open
    dimension's part without case (``diverted.destination.belarus``); node
    and dimension names as they are."""
    node, dot, rest = key.partition(".")
    dimension, dot2, part = rest.partition(".")
    return f"{node}.{dimension}.{part.casefold()}" if dot and dot2 else key


class Spelling:
    """Keys as first spelt: a later key that differs only in the case of its
    part name (``diverted.destination.belarus`` after ``...Belarus``) is the
    first one.  Names of regions, destinations and weapons compare so."""

    def __init__(self, known: Mapping[str, str] | None = None) -> None:
        self.first: dict[str, str] = dict(known or {})  # a folded key: its first spelling

    def __call__(self, key: str) -> str:
        """``key`` as first spelt (``key`` itself, and remembered, if it is new)."""
        return self.first.setdefault(folded(key), key)

    def get(self, key: str) -> str:
        """``key`` as first spelt, if it has been; else ``key``, not remembered."""
        return self.first.get(folded(key), key)


def check_part_name(part: str) -> str:
    name = part.strip()
    if not name:
        raise SchemaError("a part name is empty")
    if len(name) > 200:
        raise SchemaError(f"part name longer than 200 characters: {name[:40]!r}...")
    if _CONTROL.search(name):
        raise SchemaError(f"part name {quote(name)} has a control character")
    return name


@dataclass(frozen=True, slots=True)
class Dimension:
    """One way of breaking a node down.  ``parts is None`` means open.

    ``overlapping`` marks a loose breakdown whose parts may overlap (a
    dataset's undocumented column that mixes commands with oblasts): the
    node is then at least its largest part rather than their sum, and parts
    that exceed the node are a warning, not an error.  Where the largest part
    alone exceeds it, the breakdown is also left out of propagation.
    """

    node: str
    name: str
    parts: tuple[str, ...] | None
    remainder_label: str
    overlapping: bool = False

    @property
    def key(self) -> str:
        return f"{self.node}.{self.name}"

    @property
    def is_open(self) -> bool:
        return self.parts is None


@dataclass(frozen=True, slots=True)
class NodeSpec:
    name: str
    dimensions: tuple[Dimension, ...]
    default_dimension: str | None = None

    def dimension(self, name: str) -> Dimension | None:
        for dim in self.dimensions:
            if dim.name == name:
                return dim
        return None


@dataclass(frozen=True, repr=False)
class Schema:
    """Nodes in tree order (every node after the node it is a part of)."""

    nodes: Mapping[str, NodeSpec]
    _parent: Mapping[str, Dimension] = field(compare=False)

    def __repr__(self) -> str:
        if self == DEFAULT_SCHEMA:
            return "DEFAULT_SCHEMA"
        return f"Schema.from_dict({self.to_dict()!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """For IPython and Hypothesis, whose printers would list the fields."""
        printer.text(repr(self))

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> Schema:
        """Build a schema from its JSON form (see README, "Schemas").

        ``{"nodes": {NODE: {DIMENSION: [PART, ...] | "open"}},
        "defaults": {NODE: DIMENSION}, "remainder_labels": {"node.dim": TEXT},
        "extends": "default"}``; only ``nodes`` is required.
        """
        if not isinstance(spec, Mapping):
            raise SchemaError("a schema is a JSON object")
        unknown = set(spec) - {"nodes", "defaults", "remainder_labels", "extends", "overlapping"}
        if unknown:
            raise SchemaError(f"unknown schema key {sorted(unknown)[0]!r}", (sorted(unknown)[0],))
        nodes_in = spec.get("nodes")
        if not isinstance(nodes_in, Mapping):
            raise SchemaError("schema 'nodes' must be an object of node: dimensions", ("nodes",))
        defaults = spec.get("defaults", {})
        labels = spec.get("remainder_labels", {})
        for key, value in (("defaults", defaults), ("remainder_labels", labels)):
            if not isinstance(value, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise SchemaError(f"schema {quote(key)} must be an object of strings", (key,))
        defaults, labels = dict(defaults), dict(labels)
        overlapping = spec.get("overlapping", [])
        if not isinstance(overlapping, list) or not all(isinstance(k, str) for k in overlapping):
            raise SchemaError("schema 'overlapping' must be a list of dimensions such as \"shot_down.region\"",
                              ("overlapping",))
        raw: dict[str, dict[str, Any]] = {}
        extends = spec.get("extends")
        if extends is not None:
            if extends != "default":
                raise SchemaError(f"schema 'extends' must be \"default\", got {quote(extends)}", ("extends",))
            raw.update(_DEFAULT_NODES)
            defaults = {**_DEFAULT_DEFAULTS, **defaults}
            labels = {**_DEFAULT_LABELS, **labels}
        for name, dims in nodes_in.items():
            if not isinstance(dims, Mapping):
                raise SchemaError(f"node {quote(name)}: dimensions must be an object", ("nodes", name))
            raw[name] = {**raw.get(name, {}), **dims}
        return cls._build(raw, defaults, labels, frozenset(overlapping))

    @classmethod
    def _build(
        cls,
        raw: Mapping[str, Mapping[str, Any]],
        defaults: Mapping[str, str],
        labels: Mapping[str, str],
        overlapping: frozenset[str] = frozenset(),
    ) -> Schema:
        specs: dict[str, NodeSpec] = {}
        parent: dict[str, Dimension] = {}
        for name, dims in raw.items():
            if not _NAME.fullmatch(name):
                raise SchemaError(f"node name {quote(name)} must be letters, digits and _", ("nodes", name))
            if name in RESERVED:
                raise SchemaError(f"{quote(name)} is a name the input formats use for something else, not a node",
                                  ("nodes", name))
            built = []
            for dim_name, parts in dims.items():
                if not _NAME.fullmatch(dim_name):
                    raise SchemaError(f"{name}: dimension name {quote(dim_name)} must be letters, digits and _",
                                      ("nodes", name, dim_name))
                if parts == OPEN:
                    part_tuple = None
                elif isinstance(parts, list) and all(isinstance(p, str) for p in parts):
                    part_tuple = tuple(parts)
                else:
                    raise SchemaError(f"{name}.{dim_name}: parts must be a list of node names or \"open\"",
                                      ("nodes", name, dim_name))
                key = f"{name}.{dim_name}"
                label = labels.get(key, f"not broken down by {dim_name}")
                dim = Dimension(name, dim_name, part_tuple, label, key in overlapping)
                built.append(dim)
                for part in part_tuple or ():
                    if part not in raw:
                        raise SchemaError(f"{key}: part {quote(part)} is not a node of the schema",
                                          ("nodes", name, dim_name))
                    if part in parent:
                        raise SchemaError(f"{quote(part)} is a part of both {parent[part].key} and {key}",
                                          ("nodes", name, dim_name))
                    parent[part] = dim
            default = defaults.get(name)
            if default is not None and default not in dims:
                raise SchemaError(f"default dimension {quote(default)} of {quote(name)} is not one of its dimensions",
                                  ("defaults", name))
            if default is not None and dims[default] != OPEN:
                raise SchemaError(f"default dimension {name}.{default} must be open", ("defaults", name))
            specs[name] = NodeSpec(name, tuple(built), default)
        for name in defaults:
            if name not in specs:
                raise SchemaError(f"default given for unknown node {quote(name)}", ("defaults", name))
        known = {d.key for spec in specs.values() for d in spec.dimensions}
        for key in sorted(set(labels) - known):
            raise SchemaError(f"remainder_labels: {quote(key)} is not a dimension of the schema",
                              ("remainder_labels", key))
        for key in overlapping - known:
            raise SchemaError(f"overlapping: {quote(key)} is not a dimension of the schema", ("overlapping",))
        ordered: dict[str, NodeSpec] = {}
        for root in (name for name in specs if name not in parent):  # depth first, parts in order: no recursion
            stack = [(root, 1)]
            while stack:
                name, depth = stack.pop()
                if depth > MAX_TREE_DEPTH:
                    raise SchemaError(f"nodes nested more than {MAX_TREE_DEPTH} deep under {quote(root)} "
                                      "(dronetally.limits.MAX_TREE_DEPTH)", ("nodes", name))
                ordered[name] = specs[name]
                parts = [p for dim in specs[name].dimensions for p in dim.parts or ()]
                stack.extend((p, depth + 1) for p in reversed(parts))
        if len(ordered) != len(specs):  # a part of one node each: what no root reaches is a cycle
            cyclic = sorted(set(specs) - set(ordered))[0]
            raise SchemaError(f"the schema has a cycle through {quote(cyclic)}", ("nodes", cyclic))
        return cls(ordered, parent)

    def with_overlapping(self, keys: frozenset[str]) -> Schema:
        """This schema with the dimensions ``keys`` (existing ones) declared
        overlapping too; itself when they are already."""
        known = {d.key for d in self.dimensions() if d.overlapping}
        if keys <= known:
            return self
        return _overlapping_schema(self, frozenset(known | keys))

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": {
                name: {d.name: list(d.parts) if d.parts is not None else OPEN for d in spec.dimensions}
                for name, spec in self.nodes.items()
            },
            "defaults": {n: s.default_dimension for n, s in self.nodes.items() if s.default_dimension},
            "remainder_labels": {d.key: d.remainder_label for d in self.dimensions()},
            "overlapping": [d.key for d in self.dimensions() if d.overlapping],
        }

    def dimensions(self) -> Iterator[Dimension]:
        for spec in self.nodes.values():
            yield from spec.dimensions

    def dimension(self, key: str) -> Dimension:
        """The dimension ``node.dimension``; SchemaError if there is none."""
        node, _, dim_name = key.partition(".")
        spec = self.nodes.get(node)
        dim = spec.dimension(dim_name) if spec else None
        if dim is None:
            raise SchemaError(f"{quote(key)} is not a dimension of the schema")
        return dim

    def parent_of(self, node: str) -> Dimension | None:
        return self._parent.get(node)

    def resolve(self, key: str) -> str:
        """The canonical key of a figure written as ``node``, ``node.part`` or
        ``node.dimension.part``; SchemaError if the schema has no such place."""
        if key in self.nodes:
            return key
        pieces = key.split(".") if "\\" not in key else split_key(key)
        node = pieces[0]
        spec = self.nodes.get(node)
        if spec is None:
            lost = node in _DEFAULT_NODES  # a schema of its own replaces the default tree unless it extends it
            raise SchemaError(f"{quote(node)} is not a node of the schema" + (
                "; a schema without \"extends\": \"default\" has only the nodes it declares (add that line to "
                "keep the default tree)" if lost else ""))
        if len(pieces) == 1:
            return node
        if len(pieces) == 2:
            if spec.default_dimension is None:
                raise SchemaError(f"{quote(key)}: {node} has no default dimension; write {node}.DIMENSION.PART")
            dim_name, part = spec.default_dimension, pieces[1]
        elif len(pieces) == 3:
            dim_name, part = pieces[1], pieces[2]
        else:
            raise SchemaError(f"{quote(key)} has too many parts; a literal dot in a name is written \\.")
        dim = spec.dimension(dim_name)
        if dim is None:
            names = [d.name for d in spec.dimensions]
            close = difflib.get_close_matches(dim_name, names, n=1, cutoff=0.6)
            raise SchemaError(f"{quote(key)}: {node} has no dimension {quote(dim_name)}"
                              + (f" (did you mean {quote(close[0])}?)" if close else "")
                              + (f"; its dimensions are {', '.join(names)}" if names else ""))
        if not dim.is_open:
            raise SchemaError(f"{quote(key)}: {dim.key} lists its parts; write the part's own name")
        return part_key(node, dim_name, check_part_name(part))

    def locate(self, key: str) -> tuple[str, Dimension | None, str]:
        """For a canonical key: (node it belongs to, dimension it is a part of, display name)."""
        if key in self.nodes:
            return key, self._parent.get(key), key
        node, dim_name, part = key.split(".", 2) if "\\" not in key else split_key(key)
        return node, self.nodes[node].dimension(dim_name), part


_DEFAULT_NODES: dict[str, dict[str, Any]] = {
    "launched": {"outcome": ["shot_down", "lost_track", "diverted", "hit", "airborne"], "weapon": OPEN},
    "shot_down": {"region": OPEN},
    "lost_track": {},
    "diverted": {"destination": OPEN},
    "hit": {},
    "airborne": {},
}
_DEFAULT_DEFAULTS = {"shot_down": "region", "diverted": "destination"}
_DEFAULT_LABELS = {
    "launched.outcome": "unexplained",
    "launched.weapon": "with no weapon given",
    "shot_down.region": "not placed by region",
    "diverted.destination": "with no destination given",
}

#: The standard tree (README, "The model"): launched by outcome (and weapon), shot_down
#: by region, diverted by destination.
DEFAULT_SCHEMA = Schema._build(_DEFAULT_NODES, _DEFAULT_DEFAULTS, _DEFAULT_LABELS)


_DERIVED: dict[tuple[int, frozenset[str]], tuple[Schema, Schema]] = {}


def _overlapping_schema(base: Schema, keys: frozenset[str]) -> Schema:
    """One schema object per base and declaration, so that the chunks of a
    file share it (the base is kept, so its id stays its own)."""
    found = _DERIVED.get((id(base), keys))
    if found is None:
        if len(_DERIVED) > 32:
            _DERIVED.clear()
        found = _DERIVED[(id(base), keys)] = (base, Schema.from_dict({**base.to_dict(), "overlapping": sorted(keys)}))
    return found[1]
