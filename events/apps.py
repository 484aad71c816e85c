from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and governance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        personal_data.register_retention()
        from network.portal_panels import PortalPanel
        from network.portal_panels import register_portal_panel
        from network.programmes import register_programme_summary
        from network.subjects import SubjectSpec
        from network.subjects import register_subject
        from network.sweeps import register_sweep
        from network.upcoming import register_calendar_provider
        from network.upcoming import register_upcoming_provider

        from . import rules  # noqa: F401  (registers the permissions)
        from . import selectors
        from .models import Event
        from .services.governance import agreements_sweep
        from .services.surveys import survey_links_sweep

        register_upcoming_provider(selectors.upcoming_events)
        register_programme_summary("events", selectors.events_programme)
        from network.search import SearchKind
        from network.search import register_search_kind

        # The site search (/search/); the calendar has no search of its own to link to.
        register_search_kind(SearchKind(key="events", label=_("Events"), order=30, search=selectors.events_search))
        register_calendar_provider(selectors.calendar_entries_of)
        # The public calendar is cached for anonymous visitors: a change to what it shows drops it
        # (the themes and territorial networks it shows are the network's, registered there).
        from network.page_cache import register_public_models
        from network.rules import city_part

        register_public_models(Event)
        _webinars_are_events()
        register_sweep("event-survey-links", survey_links_sweep)
        register_sweep("agreement-reminders", agreements_sweep)
        register_portal_panel(PortalPanel(key="events", order=40, title=_("Event registrations"), template="events/portal/_panel.html",
                                          context=selectors.portal_congress_panel,
                                          permission=city_part("events.view_city_registrations", "events.view_registration")))
        register_subject(Event, SubjectSpec(participants=selectors.event_participants,
                                            ended_at=lambda event: event.ends_at))

        from . import figures

        figures.register()  # the annual report's congress, meetings, surveys and agreements figures


def _webinars_are_events() -> None:
    """Every change to a webinar (or its themes) rewrites its calendar entry, in the same transaction."""
    from django.db.models.signals import m2m_changed
    from django.db.models.signals import post_save

    from programs.knowledge.models import Webinar

    from .services.webinars import webinar_event_sync

    def saved(sender, instance, raw=False, **kwargs):
        if not raw:  # fixtures load the calendar entries themselves
            webinar_event_sync(webinar=instance)

    def themes_changed(sender, instance, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Webinar):
            webinar_event_sync(webinar=instance)

    post_save.connect(saved, sender=Webinar, weak=False, dispatch_uid="events-webinar-saved")
    m2m_changed.connect(themes_changed, sender=Webinar.themes.through, weak=False,
                        dispatch_uid="events-webinar-themes")
