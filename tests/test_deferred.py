"""Modules stood in for at start (sim.running.deferred) behave as the real ones once used."""

import subprocess
import sys
import textwrap


def run_python(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def test_a_stood_in_module_loads_when_first_used():
    out = run_python(
        """
        import inspect, sys
        from sim.running.deferred import LoadedOnFirstUse, load_on_first_use
        load_on_first_use("colorsys")
        import colorsys
        assert isinstance(sys.modules["colorsys"], LoadedOnFirstUse)
        inspect.stack()  # walks every loaded module's __file__: must not load it
        assert isinstance(sys.modules["colorsys"], LoadedOnFirstUse)
        print(colorsys.rgb_to_hsv(1.0, 0.0, 0.0), type(sys.modules["colorsys"]).__name__)
        """
    )
    assert out == "(0.0, 1.0, 1.0) module"


def test_a_stood_in_submodule_serves_its_package_and_its_own_submodules():
    out = run_python(
        """
        import sys
        from sim.running.deferred import LoadedOnFirstUse, load_on_first_use
        load_on_first_use("numpy.polynomial")
        import numpy as np
        assert isinstance(np.polynomial, LoadedOnFirstUse) and dir(np)  # dir and getattr alone load nothing
        assert isinstance(sys.modules["numpy.polynomial"], LoadedOnFirstUse)
        from numpy.polynomial.hermite import hermval
        print(np.polynomial.Polynomial([1, 2])(2), hermval(1.0, [1.0]))
        """
    )
    assert out == "5.0 1.0"


def test_a_module_that_is_not_installed_still_fails_to_import():
    out = run_python(
        """
        from sim.running.deferred import load_on_first_use
        load_on_first_use("no_such_module_here")
        try:
            import no_such_module_here
        except ImportError:
            print("ImportError")
        """
    )
    assert out == "ImportError"


def test_the_command_leaves_the_unused_modules_unloaded():
    out = run_python(
        """
        import sys
        import sim.__main__
        from sim.running.deferred import SUBMODULES_ALONE, UNUSED_AT_START, UNUSED_IN_THEIR_PACKAGE, LoadedOnFirstUse
        names = UNUSED_AT_START + UNUSED_IN_THEIR_PACKAGE + SUBMODULES_ALONE
        print([n for n in names if not isinstance(sys.modules.get(n), LoadedOnFirstUse)])
        """
    )
    assert out == "[]"


def test_a_package_stood_in_serves_its_submodules_alone_then_loads_whole():
    out = run_python(
        """
        import sys
        from sim.running.deferred import LoadedOnFirstUse, load_on_first_use
        for name in ("scipy.spatial", "scipy.special"):
            load_on_first_use(name, submodules_alone=True)
        from sim.state.numerics import cKDTree, ndtri, ndtri_scalar
        alone = isinstance(sys.modules["scipy.spatial"], LoadedOnFirstUse) and "scipy.spatial.distance" not in sys.modules
        dist, idx = cKDTree([[0.0, 0.0], [3.0, 4.0]]).query([3.0, 3.0])
        import scipy.spatial, scipy.special
        whole = scipy.spatial.cKDTree is cKDTree and scipy.special.ndtri is ndtri  # a name of its own: loaded
        print(alone, float(dist), int(idx), float(ndtri(0.975)) == ndtri_scalar(0.975), whole,
              type(sys.modules["scipy.spatial"]).__name__)
        """
    )
    assert out == "True 1.0 1 True True module"


def test_a_module_stood_in_before_its_package_is_what_the_package_imports():
    out = run_python(
        """
        import sys
        from sim.running.deferred import LoadedOnFirstUse, load_on_first_use
        load_on_first_use("mesa.experimental.continuous_space", package_first=False)
        assert "mesa" not in sys.modules
        import mesa
        stood_in = isinstance(mesa.experimental.continuous_space, LoadedOnFirstUse) and "scipy.spatial" not in sys.modules
        from mesa.experimental.continuous_space import ContinuousSpace
        print(stood_in, ContinuousSpace.__name__, "scipy.spatial" in sys.modules)
        """
    )
    assert out == "True ContinuousSpace True"


def test_frames_without_source_name_the_same_frames_and_modules():
    import inspect

    from sim.running.deferred import frames_without_source

    def caller_and_module():
        frame = inspect.stack()[1]
        return frame[0], frame[3], inspect.getmodule(frame[0]), inspect.getouterframes(inspect.currentframe())[1][3]

    expected = caller_and_module()
    with frames_without_source():
        cheap = caller_and_module()
        assert inspect.stack()[0].code_context is None
    name = "test_frames_without_source_name_the_same_frames_and_modules"
    assert cheap[1:] == expected[1:] == (name, sys.modules[__name__], name)
    assert inspect.stack()[0].code_context is not None  # restored


def test_mesa_names_its_loggers_as_it_would():
    out = run_python(
        """
        import logging, sys
        import sim.__main__
        print(sorted(n for n in logging.root.manager.loggerDict if n.startswith("MESA")))
        """
    )
    plain = run_python(
        """
        import logging
        import mesa
        print(sorted(n for n in logging.root.manager.loggerDict if n.startswith("MESA")))
        """
    )
    assert out == plain and "MESA.mesa.model" in out
