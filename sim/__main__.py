"""``python -m sim [hydra overrides]``: run one configuration for N seeds (see sim/running/cli.py).

The garbage collector is paused while the modules load (they make many objects and no garbage)
and what they made is then frozen, so later collections do not walk it again; at exit it is
frozen once more, sparing the collector a last walk over every object before the process ends.
"""

import gc

gc.disable()
try:
    from sim.running.cli import main
finally:
    gc.freeze()
    gc.enable()

if __name__ == "__main__":
    try:
        main()
    finally:
        gc.freeze()
