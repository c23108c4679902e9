"""The tour notebook (examples/tour.ipynb) runs from start to end, and is kept without outputs."""

import json
from pathlib import Path

import pytest

TOUR = Path(__file__).resolve().parents[1] / "examples" / "tour.ipynb"


def test_the_tour_is_kept_without_outputs() -> None:
    cells = json.loads(TOUR.read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def test_the_tour_runs_and_shows_what_it_says() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(TOUR, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(TOUR.parent)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    plain = "\n".join(str(o.get("data", {}).get("text/plain", o.get("text", ""))) for o in outputs)
    assert "(6, 6, 0.0583)" in plain and "launched 26 for 16?" in plain
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert 'class="dronetally"' in html and '<tr class="error">' in html  # tables, errors standing out
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # the two charts
