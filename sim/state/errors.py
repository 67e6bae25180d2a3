"""Errors a user can cause: printed as one line naming the field, the value and what is allowed."""


class ConfigError(ValueError):
    """A user-facing configuration error (printed as one line, no traceback)."""
