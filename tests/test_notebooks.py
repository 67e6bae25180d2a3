"""The notebooks: committed executed with full settings (python -m experiments.run_notebooks), run top to
bottom here with small settings (SIM_QUICK=1, not saved), and a bad scenario fails in the first cell."""

from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from experiments.run_notebooks import COMMAND, execute

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
QUICK = {"SIM_QUICK": "1", "SOLARA_CHECK_HOOKS": "off"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_executed_with_full_settings(path):
    """A reader opening the notebook on the web sees its outputs and figures (regenerate: see COMMAND)."""
    nb = nbformat.read(path, as_version=4)
    made = nb.metadata.get("smallschools", {})
    assert made.get("executed_with", "").startswith("full settings"), f"{path.name}: run `{COMMAND}`"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), f"{path.name}: a cell was not executed; run `{COMMAND}`"
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"], path.name
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{path.name} shows no figure"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path):
    nb = execute(path, QUICK, timeout=600)
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_unknown_scenario_fails_in_the_first_cell():
    path = next(p for p in NOTEBOOKS if p.stem.startswith("trainers"))
    with pytest.raises(CellExecutionError) as err:
        execute(path, {**QUICK, "SIM_SCENARIO": "utopia"}, timeout=600)
    assert "utopia" in str(err.value)
    nb = nbformat.read(path, as_version=4)
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    assert "SIM_SCENARIO" in nb.cells[first_code].source
