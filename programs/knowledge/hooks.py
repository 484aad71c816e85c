"""What the knowledge room plugs into the network's registries (called from ProgramsConfig.ready):
providers, sweeps, portal panels, the webinar as a survey subject, the cached public pages' models,
its figures of the annual report and its sections of the home page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from . import personal_data

    personal_data.register()
    personal_data.register_retention()
    from network.portal_panels import PortalPanel
    from network.portal_panels import register_portal_panel
    from network.programmes import register_programme_summary
    from network.subjects import Participant
    from network.subjects import SubjectSpec
    from network.subjects import register_subject
    from network.sweeps import register_sweep
    from network.upcoming import register_calendar_provider
    from network.upcoming import register_upcoming_provider

    from . import figures
    from . import rules  # noqa: F401  (registers the practices' permissions)
    from . import selectors
    from .models import Webinar
    from .services.funding import funding_reminders_sweep
    from .services.webinars import webinar_reminders_sweep

    register_upcoming_provider(selectors.upcoming_knowledge_items)
    register_programme_summary("webinars", selectors.webinars_programme)
    register_programme_summary("practices", selectors.practices_programme)
    register_calendar_provider(selectors.webinar_calendar_for)
    register_sweep("webinar-reminders", webinar_reminders_sweep)
    register_sweep("funding-deadline-reminders", funding_reminders_sweep)
    register_portal_panel(PortalPanel(key="knowledge", order=40, title=_("Good practices and webinars"), template="programs/knowledge/_panel_knowledge.html",
                                      context=selectors.knowledge_panel, permission="programs.view_city_practices"))
    register_portal_panel(PortalPanel(key="funding", order=45, title=_("Funding opportunities for your themes"), template="programs/knowledge/_panel_funding.html",
                                      context=selectors.funding_panel))

    def participants(webinar: Webinar) -> list[Participant]:
        return [Participant(email=r.email, name=r.name, language=r.language)
                for r in webinar.registrations.filter(cancelled_at__isnull=True).order_by("pk")]

    register_subject(Webinar, SubjectSpec(participants=participants, ended_at=lambda webinar: webinar.ends_at))

    # The good-practice search and pages are cached for anonymous visitors: what they show drops it
    # (a practice names the microrred it came from).
    from network.page_cache import register_public_models
    from programs.cooperation.models import Microrred

    from .models import GoodPractice
    from .models import PracticeFile
    from .models import PracticeTransfer

    register_public_models(GoodPractice, GoodPractice.themes.through, GoodPractice.sdgs.through, PracticeFile,
                           PracticeTransfer, Microrred, Webinar)

    # The site search (/search/): the practice bank has its own search, the "see all" link goes there.
    from django.utils.translation import ngettext_lazy

    from network.search import SearchKind
    from network.search import list_search_url
    from network.search import register_search_kind

    register_search_kind(SearchKind(key="funding", label=_("Funding opportunities"), order=25,
                                    search=selectors.funding_search))
    register_search_kind(SearchKind(key="webinars", label=_("Webinars"), order=35, search=selectors.webinars_search))
    register_search_kind(SearchKind(
        key="practices", label=_("Good practices"), order=40, search=selectors.practices_search,
        list_url=list_search_url("programs:practice_list"),
        list_link=ngettext_lazy("See the %(count)s practice in the practice bank",
                                "See all %(count)s in the practice bank", "count"),
    ))
    figures.register()
