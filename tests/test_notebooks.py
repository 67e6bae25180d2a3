"""The notebooks run top to bottom (small settings), and a bad scenario fails in the first cell."""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def _run(path: Path, env: dict[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def test_notebooks_are_committed_without_outputs():
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path):
    nb = _run(path, {"SIM_QUICK": "1", "SOLARA_CHECK_HOOKS": "off"})
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_unknown_scenario_fails_in_the_first_cell():
    path = next(p for p in NOTEBOOKS if p.stem.startswith("trainers"))
    with pytest.raises(CellExecutionError) as err:
        _run(path, {"SIM_QUICK": "1", "SIM_SCENARIO": "utopia"})
    assert "utopia" in str(err.value)
    nb = nbformat.read(path, as_version=4)
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    assert "SIM_SCENARIO" in nb.cells[first_code].source
