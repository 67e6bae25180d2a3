"""The two pieces of SciPy a run uses: its KD-tree and its inverse of the normal distribution function.

Each is imported from the compiled module that holds it (``scipy.spatial.cKDTree`` and
``scipy.special.ndtri`` are these very objects): ``python -m sim`` loads those modules without the
rest of their packages (``sim.running.deferred.SUBMODULES_ALONE``: 0.13 s of every start).
"""

try:
    from scipy.spatial._ckdtree import cKDTree
    from scipy.special._ufuncs import ndtri
except ImportError:  # a SciPy laid out otherwise: the public names
    from scipy.spatial import cKDTree
    from scipy.special import ndtri
from scipy.special.cython_special import ndtri as ndtri_scalar  # the same function, without a ufunc's overhead

__all__ = ["cKDTree", "ndtri", "ndtri_scalar"]
