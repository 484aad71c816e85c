"""Events, registrations, evaluation surveys and board sessions."""

from .calendar import CalendarFeed, Event, ProgrammeSession, Registration
from .governance import AgendaItem, Agreement, AgreementNote, BoardSession, SessionAttendance
from .surveys import Question, Questionnaire, SurveyAnswer, SurveyInvitation, SurveyResponse

__all__ = [
    "AgendaItem", "Agreement", "AgreementNote", "BoardSession", "CalendarFeed", "Event", "ProgrammeSession",
    "Question", "Questionnaire", "Registration", "SessionAttendance", "SurveyAnswer", "SurveyInvitation",
    "SurveyResponse",
]
