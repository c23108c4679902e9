"""The optional extras (pandas, pyarrow, matplotlib): imported when first asked for, with the
line to install one where it is missing."""

from __future__ import annotations

import importlib
from typing import Any


def require(module: str, extra: str, who: str) -> Any:
    """``module`` imported, or an ImportError: ``"{who} {package}: pip install 'dronetally[{extra}]'"``
    (``who`` says what needs it: ``"to_pandas() needs"``, ``"charts need"``)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(f"{who} {module.split('.')[0]}: pip install 'dronetally[{extra}]'") from None
