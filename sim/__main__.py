"""``python -m sim [hydra overrides]``: run one configuration for N seeds (see sim/running/cli.py).

The garbage collector is paused while the modules load (they make many objects and no garbage)
and what they made is then frozen, so later collections do not walk it again; at exit it is
frozen once more, sparing the collector a last walk over every object before the process ends.

Modules a run never uses are loaded only if something uses them (``sim.running.deferred``), and
Mesa is imported next: each of its modules names its logger by walking the import stack
(``inspect.stack()``, which looks up every frame's module among those loaded), so it costs less
before Hydra and the rest are loaded and while the stack is shallow (60 ms against 150-190 ms),
and less again without the frames' source lines, which it does not use.

Before all that, a helper process starts composing the command's configuration with Hydra, which
needs none of those modules (``sim.running.ahead``): the pre-flight takes it when it gets there,
and the helper goes on to prepare the run's summary figure.
"""

import gc
import sys


def compose_first():
    """What ``main`` composes first (in the helper ``sim.running.ahead`` starts)."""
    from sim.running.cli import APP
    from sim.running.entry import compose_first

    return compose_first(APP, sys.argv[1:])


def prepare_figure(cfg, jobs: int) -> None:
    """What the helper does next: prepare the run's summary figure (``cli.prepare_figure``)."""
    from sim.running.cli import prepare_figure

    prepare_figure(cfg, jobs)


if __name__ == "__main__":
    from sim.running import ahead

    ahead.start(compose_first, then=prepare_figure)

gc.disable()
try:
    from sim.running.deferred import defer_unused_imports, frames_without_source

    defer_unused_imports()
    with frames_without_source():
        import mesa  # noqa: F401  (first: see above)

    from sim.running.cli import main
finally:
    gc.freeze()
    gc.enable()

if __name__ == "__main__":
    try:
        main()
    finally:
        gc.freeze()
