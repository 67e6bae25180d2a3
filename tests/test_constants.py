"""No mechanism hides a magnitude as a bare number: every magnitude is a named, ranged parameter.

Allowed literals in ``sim/mechanisms``: 0, 1 and 2 (nothing, one, a pair, a half, a square), the
digits argument of ``round`` and array shapes (``reshape``, the width of ``gather``). Calendar facts (``TERMS_PER_YEAR``), category
definitions (``WEAK_GRADES``) and the shape of response curves live in ``sim/state``; magnitudes
live in ``sim/state/params.py`` with a range and a source.
"""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1] / "sim" / "mechanisms"
ALLOWED = {0, 1, 2}


def _exempt(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    if isinstance(parent, ast.UnaryOp):  # -1 and the like
        parent = parents.get(parent)
    if (
        isinstance(parent, ast.Call)
        and getattr(parent.func, "id", None) in ("round", "gather")
        and node is not parent.args[0]
    ):
        return True
    return isinstance(parent, ast.Call) and getattr(parent.func, "attr", None) == "reshape"


def bare_numbers(root: pathlib.Path = ROOT) -> list[str]:
    found = []
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text())
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value not in ALLOWED:
                if not _exempt(node, parents):
                    found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return found


def test_no_magnitude_is_a_bare_constant_in_a_mechanism():
    assert bare_numbers() == []


def test_the_check_finds_a_planted_constant(tmp_path):
    (tmp_path / "planted.py").write_text("def hazard(x):\n    return round(0.2 * x, 3) - 1\n")
    assert bare_numbers(tmp_path) == ["planted.py:2: 0.2"]
