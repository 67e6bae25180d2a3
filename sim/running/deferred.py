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
import importlib.util
import inspect
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

UNUSED_AT_START = ("networkx", "numpy.f2py", "numpy.testing", "numpy.ctypeslib", "numpy.matlib", "numpy.polynomial")


class LoadedOnFirstUse(types.ModuleType):
    """Stands in for a module in ``sys.modules`` until an attribute it lacks is read, then loads it."""

    def __getattr__(self, attr: str):
        real = self.__dict__.get("_module")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = self.__dict__["_module"] = importlib.import_module(self.__name__)
        return getattr(real, attr)


def load_on_first_use(name: str) -> None:
    """Make ``import name`` cheap: the module runs when one of its attributes is first read.

    (importlib's ``LazyLoader`` does not serve: on Python 3.11 the ``import`` statement itself reads
    the module's ``__spec__`` and so loads it.) A submodule's stand-in is also set on its package,
    as an import would, so that a package that loads its submodules on first access finds it.
    Nothing happens if the module is loaded already or is not installed (its importer then gets the
    ImportError as before)."""
    if name in sys.modules:
        return
    package, _, child = name.rpartition(".")
    if package:
        importlib.import_module(package)
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stand_in = LoadedOnFirstUse(name)
    stand_in.__spec__, stand_in.__loader__, stand_in.__file__ = spec, spec.loader, spec.origin  # read by inspect
    sys.modules[name] = stand_in
    if package:
        setattr(sys.modules[package], child, stand_in)


def defer_unused_imports() -> None:
    """Stand in for every module of ``UNUSED_AT_START`` (call before Mesa is imported)."""
    for name in UNUSED_AT_START:
        load_on_first_use(name)


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
