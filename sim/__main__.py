"""``python -m sim [hydra overrides]``: run one configuration for N seeds (see sim/running/cli.py)."""

from sim.running.cli import main

if __name__ == "__main__":
    main()
