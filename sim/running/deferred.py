"""What ``python -m sim`` does not pay for at every start: modules it never uses, and source it never reads.

Mesa imports networkx for its network grids (this model has none): 0.15 s of every start. SciPy's
copy of numpy's namespace (``scipy._lib.array_api_compat``) reads every name numpy offers, which
makes numpy import its tools (f2py, testing, ctypeslib, matlib, polynomial), none of which a run
uses: about 0.05 s more. Each is stood in for in ``sys.modules`` by a module that loads the real one
the first time an attribute it lacks is read, so code that does use them sees no difference.

Mesa names each module's logger after the module that calls it, found with ``inspect.stack()``,
which also reads a line of source for every frame on the stack (and, for the frozen frames of
the import system, searches every loaded module for each): ``frames_without_source`` has it read
none while Mesa is imported, since only the frames' modules and names are used.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import inspect
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

UNUSED_AT_START = (
    "networkx",
    "numpy.f2py",
    "numpy.testing",
    "numpy.ctypeslib",
    "numpy.matlib",
    "numpy.polynomial",
)
# Imported by its own package's ``__init__`` (from ``import mesa``), so stood in before that package is imported:
# Mesa's continuous space, which imports all of SciPy's spatial package (this model's space is a table of places).
UNUSED_IN_THEIR_PACKAGE = ("mesa.experimental.continuous_space",)
# Packages of which a run uses one compiled module (``sim.state.numerics``): it is imported on its own, and the
# package (its ``__init__`` imports every other module: 0.13 s for these two) only when a name of its own is read.
SUBMODULES_ALONE = ("scipy.spatial", "scipy.special")


class LoadedOnFirstUse(types.ModuleType):
    """Stands in for a module in ``sys.modules`` until an attribute it lacks is read, then loads it."""

    def __getattr__(self, attr: str):
        real = self.__dict__.get("_module")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = self.__dict__["_module"] = importlib.import_module(self.__name__)
        return getattr(real, attr)


def load_on_first_use(name: str, submodules_alone: bool = False, package_first: bool = True) -> None:
    """Make ``import name`` cheap: the module runs when one of its attributes is first read.

    (importlib's ``LazyLoader`` does not serve: on Python 3.11 the ``import`` statement itself reads
    the module's ``__spec__`` and so loads it.) A submodule's stand-in is set on its package, as an
    import would, so that a package that loads its submodules on first access finds it; the package
    is imported for that unless ``package_first`` is false (for a module its package's ``__init__``
    imports: that finds the stand-in in ``sys.modules``). With ``submodules_alone``, a package's
    submodules can be imported through the stand-in without running the package's ``__init__``.
    Nothing happens if the module is loaded already or is not installed (its importer then gets the
    ImportError as before)."""
    if name in sys.modules:
        return
    package, _, child = name.rpartition(".")
    if package and package_first:
        importlib.import_module(package)
    spec = _spec_without_importing(name)
    if spec is None:
        return
    stand_in = LoadedOnFirstUse(name)
    stand_in.__spec__, stand_in.__loader__, stand_in.__file__ = spec, spec.loader, spec.origin  # read by inspect
    if submodules_alone and spec.submodule_search_locations is not None:
        stand_in.__path__ = list(spec.submodule_search_locations)
    sys.modules[name] = stand_in
    if package in sys.modules:
        setattr(sys.modules[package], child, stand_in)


def _spec_without_importing(name: str) -> importlib.machinery.ModuleSpec | None:
    """Where ``name`` would be loaded from, found along its packages' folders without importing them."""
    parts = name.split(".")
    spec = importlib.util.find_spec(parts[0]) if parts[0] not in sys.modules else sys.modules[parts[0]].__spec__
    for depth in range(1, len(parts)):
        if spec is None or spec.submodule_search_locations is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[: depth + 1]), spec.submodule_search_locations)
    return spec


def defer_unused_imports() -> None:
    """Stand in for every module of ``UNUSED_IN_THEIR_PACKAGE`` and ``UNUSED_AT_START`` and every package of
    ``SUBMODULES_ALONE`` (call before Mesa is imported)."""
    for name in UNUSED_IN_THEIR_PACKAGE:
        load_on_first_use(name, package_first=False)
    for name in UNUSED_AT_START:
        load_on_first_use(name)
    for name in SUBMODULES_ALONE:
        load_on_first_use(name, submodules_alone=True)


@contextmanager
def frames_without_source() -> Iterator[None]:
    """Inside, ``inspect.stack`` and ``inspect.getouterframes`` list the frames without reading any source
    (``code_context`` None), and ``inspect.getmodule`` of a frame is the module named in its globals.

    What Mesa's loggers read (a frame, its function's name, its module) is the same; what is not read
    is each frame's line of source and, per frame, a search of every loaded module for its file."""
    stack, outer, getmodule = inspect.stack, inspect.getouterframes, inspect.getmodule

    def frames_from(frame) -> list:
        out = []
        while frame is not None:
            code = frame.f_code
            out.append(inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None))
            frame = frame.f_back
        return out

    def stack_without_source(context: int = 1) -> list:
        return frames_from(sys._getframe(1))

    def outer_without_source(frame, context: int = 1) -> list:
        return frames_from(frame)

    def module_of(obj, _filename=None):
        if isinstance(obj, types.FrameType):
            return sys.modules.get(obj.f_globals.get("__name__"))
        return getmodule(obj, _filename)

    inspect.stack, inspect.getouterframes, inspect.getmodule = stack_without_source, outer_without_source, module_of
    try:
        yield
    finally:
        inspect.stack, inspect.getouterframes, inspect.getmodule = stack, outer, getmodule
