from . import events, governance, surveys  # noqa: F401
