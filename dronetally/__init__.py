"""dronetally: check, compare and count the figures in statements about drone attacks.

The public names below load on first use, so that ``tally --version`` and
``tally --help`` start without numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dronetally._version import __version__

if TYPE_CHECKING:
    from dronetally.count import Count
    from dronetally.errors import CountError, DronetallyError, InputError, SchemaError
    from dronetally.extractor import Extraction, extract
    from dronetally.findings import Finding, Findings, Location, Severity
    from dronetally.io import dumps, load, load_seed, loads
    from dronetally.ledger import Ledger
    from dronetally.report import Report
    from dronetally.schema import DEFAULT_SCHEMA, Dimension, Schema
    from dronetally.stream import Run, check_file

__all__ = [
    "DEFAULT_SCHEMA",
    "Count",
    "CountError",
    "Dimension",
    "DronetallyError",
    "Extraction",
    "Finding",
    "Findings",
    "InputError",
    "Ledger",
    "Location",
    "Report",
    "Run",
    "Schema",
    "SchemaError",
    "Severity",
    "__version__",
    "check_file",
    "dumps",
    "extract",
    "load",
    "load_seed",
    "loads",
]

_HOME = {
    "Count": "count",
    "CountError": "errors",
    "DronetallyError": "errors",
    "InputError": "errors",
    "SchemaError": "errors",
    "Extraction": "extractor",
    "extract": "extractor",
    "Finding": "findings",
    "Findings": "findings",
    "Severity": "findings",
    "dumps": "io",
    "load": "io",
    "load_seed": "io",
    "loads": "io",
    "Ledger": "ledger",
    "Location": "findings",
    "Report": "report",
    "DEFAULT_SCHEMA": "schema",
    "Dimension": "schema",
    "Schema": "schema",
    "Run": "stream",
    "check_file": "stream",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'dronetally' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"dronetally.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
