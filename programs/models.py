"""Every model of the programs app, for Django: each room keeps its own in `<room>/models.py`
(the calls engine, cooperation, knowledge). Import models from their room, not from here."""

from programs.calls.models import *  # noqa: F401,F403
from programs.cooperation.models import *  # noqa: F401,F403
from programs.knowledge.models import *  # noqa: F401,F403
