from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Calls and programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from network.upcoming import register_upcoming_provider

        from . import kinds, selectors  # noqa: F401  (kinds registers the forms of every call kind)

        register_upcoming_provider(selectors.upcoming_deadlines)

        from network.sweeps import register_sweep

        from .services.reminders import reminders_sweep

        register_sweep("call-deadline-reminders", reminders_sweep)

        from . import figures, figures_programmes

        figures.register()
        figures_programmes.register()

        # Cooperation area: portal panel, next sessions, personal calendar, sweeps, survey subjects.
        from network.portal_panels import PortalPanel, register_portal_panel
        from network.upcoming import register_calendar_provider

        from . import selectors_cooperation
        from .services.cooperation.mentorships import mentorships_from_accepted
        from .services.cooperation.microrredes import session_reminders_sweep

        register_portal_panel(PortalPanel(key="cooperation", order=20,
                                          template="programs/cooperation/_portal_panel.html",
                                          context=selectors_cooperation.portal_panel))
        register_upcoming_provider(selectors_cooperation.upcoming_sessions)
        register_calendar_provider(selectors_cooperation.calendar_entries)
        register_sweep("microrred-session-reminders", session_reminders_sweep)
        register_sweep("mentorships-from-accepted-requests", mentorships_from_accepted)
        selectors_cooperation.register_subjects()

        # Knowledge: webinars, good practices, funding opportunities.
        from . import knowledge_setup

        knowledge_setup.register()

        from network.page_cache import register_public_models

        from .models import Call

        register_public_models(Call, Call.themes.through)  # the public call pages are cached
