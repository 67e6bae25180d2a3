"""The model's code is layered: state at the bottom, mechanisms above it, the schedule on top,
and the commands of ``experiments/`` above everything in ``sim``.

Every import between the project's modules (including imports inside functions and under
TYPE_CHECKING) goes downwards or sideways within a layer, and no group of modules imports
itself round in a circle: ``sim`` never imports ``experiments``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Lower number = lower layer. A module may import modules of its own layer or below.
LAYERS = [
    ("sim.state", 0),
    ("scenarios.config", 0),
    ("sim.mechanisms", 1),
    ("scenarios.levers", 1),
    ("sim.observe", 2),
    ("sim.model", 3),
    ("sim.analysis", 4),
    ("sim.running", 5),
    ("sim.app", 6),
    ("sim.dashboard", 6),
    ("sim.__main__", 6),
    ("sim", 0),  # sim/__init__.py: the version only
    ("experiments", 7),  # the commands: they use sim, and nothing in sim uses them
]


def layer(module: str) -> int:
    for prefix, rank in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return rank
    raise AssertionError(f"module {module} belongs to no layer; add it to LAYERS")


def project_modules() -> dict[str, Path]:
    out = {}
    for package in ("sim", "scenarios", "experiments"):
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def imports_of(path: Path, known: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known}


def graph() -> dict[str, set[str]]:
    mods = project_modules()
    known = set(mods)
    return {name: imports_of(path, known) - {name} for name, path in mods.items()}


def test_imports_go_down_the_layers():
    wrong = [
        f"{m} (layer {layer(m)}) imports {d} (layer {layer(d)})"
        for m, deps in graph().items()
        for d in deps
        if layer(d) > layer(m) and d != "sim"
    ]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    g = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(g[m]):
            if d == "sim":
                continue
            if state.get(d) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(d) :] + [d]))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(g):
        if m not in state:
            visit(m)
