"""The secretariat's admin of the programs app: each room registers its own (`<room>/admin.py`)."""

from programs.calls import admin as calls_admin  # noqa: F401
from programs.cooperation import admin as cooperation_admin  # noqa: F401
from programs.knowledge import admin as knowledge_admin  # noqa: F401
