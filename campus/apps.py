from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampusConfig(AppConfig):
    name = "campus"
    verbose_name = _("Campus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from network.portal_panels import PortalPanel
        from network.portal_panels import register_portal_panel
        from network.programmes import register_programme_summary
        from network.rules import city_part
        from network.subjects import SubjectSpec
        from network.subjects import register_subject
        from network.sweeps import register_sweep
        from network.upcoming import register_calendar_provider
        from network.upcoming import register_upcoming_provider

        from . import rules  # noqa: F401  (rules registers the permissions)
        from . import selectors  # noqa: F401  (rules registers the permissions)
        from .models import Edition
        from .services.adhoc import adhoc_intake_sweep
        from .services.certificates import certificates_render_sweep
        from .services.enrolments import enrolment_intake_sweep

        register_portal_panel(PortalPanel(key="campus", order=30, title=_("My courses"), template="campus/portal/_panel.html",
                                          context=selectors.portal_panel,
                                          permission=city_part("campus.view_city_enrolments", "campus.view_enrolment")))
        register_upcoming_provider(selectors.upcoming_editions)
        register_programme_summary("campus", selectors.campus_programme)
        from network.search import SearchKind
        from network.search import register_search_kind

        # The site search (/search/); the catalogue and the capsules page have no search of their own.
        register_search_kind(SearchKind(key="courses", label=_("Courses"), order=50, search=selectors.courses_search))
        register_search_kind(SearchKind(key="capsules", label=_("Self-paced capsules"), order=60,
                                        search=selectors.capsules_search))
        register_calendar_provider(selectors.calendar_entries)
        register_subject(Edition, SubjectSpec(participants=selectors.edition_participants,
                                              ended_at=selectors.edition_ended_at))

        # What the cached catalogue (network.page_cache) shows: courses and their themes, the next
        # edition with its seats taken (enrolments), the strategies count and the capsules; the home
        # page counts the certificates.
        from network.page_cache import register_public_models

        from .models import Capsule
        from .models import Certificate
        from .models import Course
        from .models import Enrolment
        from .models import FinalProject

        register_public_models(Course, Course.themes.through, Edition, Enrolment, FinalProject, Capsule, Certificate)
        register_sweep("campus-adhoc-intake", adhoc_intake_sweep)
        register_sweep("campus-enrolment-intake", enrolment_intake_sweep)
        register_sweep("campus-certificates-render", certificates_render_sweep)

        from . import figures

        figures.register()  # the campus's figures of the annual report (network.plan)
