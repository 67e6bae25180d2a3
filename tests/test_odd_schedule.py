"""docs/ODD.md section 3.1 lists the schedule sim/model.py runs: the same calls, in the same order.

The schedule is read from the code, not imported: ``SchoolSystem.step`` is walked statement by statement
(``SchoolSystem``'s own methods, such as ``_term`` and ``end_of_year``, inlined where they are called), and every
call of a mechanism or observation module (``partnerships.step``), of a lever (``lever.apply``) or of the
collector (``collector.observe_term``) is a step, named as the code writes it without ``self.``. The ODD names
each step by that name in backticks in its numbered list; any other backticked name there with the same roots
counts too, so a stale or extra name fails as well as a swapped pair.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "sim" / "model.py"
ODD = ROOT / "docs" / "ODD.md"
MODULE_PACKAGES = ("sim.mechanisms", "sim.observe")
OBJECT_ROOTS = ("lever", "collector")  # the levers applied each term and the measures' collector
NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
FILE_ENDINGS = (".py", ".yaml", ".csv", ".md")


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _module_roots(tree: ast.Module) -> set[str]:
    """Names model.py imports from the mechanism and observation packages."""
    return {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module in MODULE_PACKAGES
        for alias in node.names
    }


def _calls_in_order(node: ast.AST) -> list[ast.Call]:
    """Every call under ``node`` in the order Python evaluates them (arguments before the call they feed)."""
    found: list[ast.Call] = []

    def visit(n: ast.AST) -> None:
        if isinstance(n, ast.Call):
            visit(n.func)
            for child in [*n.args, *n.keywords]:
                visit(child)
            found.append(n)
            return
        if isinstance(n, (ast.For, ast.While, ast.If)):  # the condition or iterable first, then the body
            visit(n.iter if isinstance(n, ast.For) else n.test)
            for child in [*n.body, *n.orelse]:
                visit(child)
            return
        for child in ast.iter_child_nodes(n):
            visit(child)

    visit(node)
    return found


def code_schedule(source: str | None = None) -> list[str]:
    """The steps ``SchoolSystem.step`` runs, in order, as named above."""
    tree = ast.parse(MODEL.read_text() if source is None else source)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "SchoolSystem")
    methods = {n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)}
    roots = _module_roots(tree) | set(OBJECT_ROOTS)
    steps: list[str] = []

    def walk(method: str, seen: tuple[str, ...]) -> None:
        assert method not in seen, f"SchoolSystem.{method} calls itself"
        for call in _calls_in_order(methods[method]):
            name = _dotted(call.func)
            if name is None:
                continue
            if name.startswith("self."):
                name = name.removeprefix("self.")
                if name in methods:
                    walk(name, (*seen, method))
                    continue
            if name.split(".")[0] in roots:
                steps.append(name)

    walk("step", ())
    return steps


def odd_list(text: str | None = None) -> list[str]:
    """The numbered items of docs/ODD.md section 3.1, each joined into one line."""
    text = ODD.read_text() if text is None else text
    section = text.split("### 3.1 ", 1)[1].split("\n#", 1)[0]
    items: list[str] = []
    open_item = False
    for line in section.splitlines():
        if re.match(r"\d+\. ", line):
            items.append(line)
            open_item = True
        elif open_item and line.startswith("   ") and line.strip():
            items[-1] += " " + line.strip()
        else:
            open_item = False
    return items


def odd_schedule(roots: set[str], text: str | None = None) -> list[str]:
    """The backticked call names with one of ``roots`` in the numbered list of section 3.1, in order."""
    names = []
    for item in odd_list(text):
        for token in re.findall(r"`([^`]+)`", item):
            if NAME.fullmatch(token) and not token.endswith(FILE_ENDINGS) and token.split(".")[0] in roots:
                names.append(token)
    return names


def _roots() -> set[str]:
    return _module_roots(ast.parse(MODEL.read_text())) | set(OBJECT_ROOTS)


def test_code_schedule_is_read():
    steps = code_schedule()
    assert len(steps) >= 15, steps
    for expected in ("lever.apply", "recruitment.step", "collector.observe_term", "collector.collect"):
        assert expected in steps
    assert steps[-1] == "collector.collect"  # step's own call, after the whole term


def test_odd_lists_the_schedule_in_order():
    code = code_schedule()
    odd = odd_schedule(_roots())
    assert odd == code, (
        "docs/ODD.md section 3.1 must name, in backticks and in this order, the calls sim/model.py makes:\n"
        f"  code: {code}\n  ODD:  {odd}"
    )


def test_odd_lists_the_levers_in_the_order_they_apply():
    from scenarios.config import LEVER_NAMES, ScenarioConfig
    from scenarios.levers import build_levers

    scenario = ScenarioConfig()
    for name in LEVER_NAMES:
        getattr(scenario, name).enabled = True
    applied = [lever.name for lever in build_levers(scenario)]
    policy = next(item for item in odd_list() if "`lever.apply`" in item)
    named = [t for t in re.findall(r"`([^`]+)`", policy) if t in LEVER_NAMES]
    assert named == applied, f"docs/ODD.md 3.1's policy step names the levers {named}; they apply as {applied}"


def _swap_lines(source: str, a: str, b: str) -> str:
    lines = source.splitlines(keepends=True)
    i, j = lines.index(a), lines.index(b)
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def test_a_swap_in_the_code_is_caught():
    """Exchanging two mechanism calls in model.py changes the schedule read, so the ODD test fails on it."""
    source = MODEL.read_text()
    swapped = _swap_lines(source, "        leadership.update(self)\n", "        governance.step(self)\n")
    assert code_schedule(swapped) != code_schedule()
    assert code_schedule(swapped) != odd_schedule(_roots())
