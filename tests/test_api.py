"""The public surface is what README documents, and nothing else."""

import dronetally

PUBLIC = {
    "Count", "CountError", "DEFAULT_SCHEMA", "Dimension", "DronetallyError", "Extraction", "Finding", "Findings",
    "InputError", "Ledger", "Location", "Report", "Run", "Schema", "SchemaError", "Severity", "__version__",
    "check_file", "dumps", "extract", "load", "load_seed", "loads",
}


def test_all_is_the_public_surface() -> None:
    assert set(dronetally.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(dronetally, name) is not None


def test_errors_inherit_value_error_and_the_base() -> None:
    for cls in (dronetally.CountError, dronetally.SchemaError, dronetally.InputError):
        assert issubclass(cls, ValueError) and issubclass(cls, dronetally.DronetallyError)


def test_unknown_attribute() -> None:
    try:
        dronetally.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_the_import_graph_has_no_cycle() -> None:
    """Every import between dronetally's modules, those inside functions too, points one way."""
    import ast
    from pathlib import Path

    package = Path(dronetally.__file__).parent
    modules = {
        ".".join(("dronetally", *p.relative_to(package).with_suffix("").parts)).removesuffix(".__init__"): p
        for p in package.rglob("*.py")
    }
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                           for a in node.names]
            graph[name] |= {t for t in targets if t in modules and t != name and t != "dronetally"}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail[trail.index(name):], name))
        if name in done:
            return
        for target in graph[name]:
            visit(target, (*trail, name))
        done.add(name)

    for name in graph:
        visit(name, ())
