"""The public surface is what README documents, and nothing else."""

import dronetally

PUBLIC = {
    "Count", "CountError", "DEFAULT_SCHEMA", "Dimension", "DronetallyError", "Finding", "Findings",
    "InputError", "Ledger", "Location", "Report", "Schema", "SchemaError", "Severity", "__version__",
    "dumps", "load", "load_seed", "loads",
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
