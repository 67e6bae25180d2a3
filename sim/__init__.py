"""Small-school partnership simulator: an agent-based model of small rural primary schools."""

__version__ = "0.1.0"
