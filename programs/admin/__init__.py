"""The secretariat's admin for programs, one module per area."""

from . import calls, cooperation, knowledge  # noqa: F401
