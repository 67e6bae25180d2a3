"""Modules loaded on first use, so that ``python -m sim`` does not pay at every start for ones it never uses.

Mesa imports networkx for its network grids (this model has none): 0.15 s of every start. SciPy's
copy of numpy's namespace (``scipy._lib.array_api_compat``) reads every name numpy offers, which
makes numpy import its tools (f2py, testing, ctypeslib, matlib, polynomial), none of which a run
uses: about 0.05 s more. Each is stood in for in ``sys.modules`` by a module that loads the real one
the first time an attribute it lacks is read, so code that does use them sees no difference.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

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
