"""Events, registrations, evaluation surveys and board sessions."""

from .calendar import CalendarFeed
from .calendar import Event
from .calendar import ProgrammeSession
from .calendar import Registration
from .governance import AgendaItem
from .governance import Agreement
from .governance import AgreementNote
from .governance import BoardSession
from .governance import SessionAttendance
from .surveys import Question
from .surveys import Questionnaire
from .surveys import SurveyAnswer
from .surveys import SurveyInvitation
from .surveys import SurveyResponse

__all__ = [
    "AgendaItem", "Agreement", "AgreementNote", "BoardSession", "CalendarFeed", "Event", "ProgrammeSession",
    "Question", "Questionnaire", "Registration", "SessionAttendance", "SurveyAnswer", "SurveyInvitation",
    "SurveyResponse",
]
