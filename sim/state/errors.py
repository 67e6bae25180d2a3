"""Errors a user can cause: printed as one line naming the field, the value and what is allowed."""

from __future__ import annotations


class ConfigError(ValueError):
    """A user-facing configuration error (printed as one line, no traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class RegisterError(ConfigError):
    """A school register file that cannot be used (names the file, the column, the line)."""


class StoreError(ConfigError):
    """A results folder that cannot be used as asked: busy, another configuration, damaged beyond repair."""


def one_line(text: object) -> str:
    """``text`` on one line: newlines and runs of blanks folded into single spaces."""
    return " ".join(str(text).split())
