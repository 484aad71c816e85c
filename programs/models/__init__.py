"""Models of the programs app, one module per area: calls and applications; cooperation
(microrredes, mentorships, pairings); knowledge (webinars, good practices, funding)."""

from .calls import (  # noqa: F401
    Application,
    ApplicationDocument,
    ApplicationEvent,
    Call,
    CallAccessCode,
    ReminderSent,
    Review,
    application_document_path,
    default_criteria,
    default_offsets,
    private_storage,
    validate_offsets,
    validate_time_zone,
)
from .cooperation import *  # noqa: F401,F403
from .knowledge import *  # noqa: F401,F403
