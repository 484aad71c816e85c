"""What the cooperation room plugs into the network's registries (called from ProgramsConfig.ready):
its portal panel, next sessions, personal calendar, sweeps, the microrred as a survey subject, its
figures of the annual report and its sections of the home page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from . import personal_data

    personal_data.register()
    from network.page_cache import register_public_models
    from network.portal_panels import PortalPanel
    from network.portal_panels import register_portal_panel
    from network.programmes import register_programme_summary
    from network.rules import city_part
    from network.subjects import SubjectSpec
    from network.subjects import register_subject
    from network.sweeps import register_sweep
    from network.upcoming import register_calendar_provider
    from network.upcoming import register_upcoming_provider

    from . import figures
    from . import selectors
    from .models import Mentorship
    from .models import Microrred
    from .models import MicrorredSession
    from .services.mentorships import mentorships_from_accepted
    from .services.microrredes import session_reminders_sweep

    register_portal_panel(PortalPanel(key="cooperation", order=20, title=_("Cooperation"), template="programs/cooperation/_portal_panel.html",
                                      context=selectors.portal_panel,
                                      permission=city_part("programs.view_city_cooperation", "programs.view_microrred")))
    register_upcoming_provider(selectors.upcoming_sessions)
    register_programme_summary("microrredes", selectors.microrredes_programme)
    register_programme_summary("mentoring", selectors.mentoring_programme)
    # The home page shows the next session and the mentorships' figures (Microrred is registered by
    # the knowledge room, whose practice pages name it).
    register_public_models(MicrorredSession, Mentorship)
    register_calendar_provider(selectors.calendar_entries)
    register_sweep("microrred-session-reminders", session_reminders_sweep)
    register_sweep("mentorships-from-accepted-requests", mentorships_from_accepted)
    # Survey links after a microrred go to the people who took part in it, nobody else.
    register_subject(Microrred, SubjectSpec(participants=selectors.microrred_participants,
                                            ended_at=selectors.microrred_ended_at))
    figures.register()
