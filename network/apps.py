from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import choice_labels

        choice_labels.install()  # every model is loaded by now

        from . import checks  # noqa: F401  (the deployment checks register themselves)
        from . import signals  # noqa: F401
        from .plan import sources

        sources.register()

        from .plan.services import reports_catch_up
        from .services import outbox_catch_up
        from .sweeps import register_sweep

        # Work a lost task left undone (the broker was down, a worker was killed): network.queue.
        register_sweep("outbox-catch-up", outbox_catch_up)
        register_sweep("reports-catch-up", reports_catch_up)

        from .privacy import data_exports_catch_up

        register_sweep("data-exports-catch-up", data_exports_catch_up)

        from .retention import retention_sweep

        register_sweep("personal-data-retention", retention_sweep)  # once a day, however often it is called

        from .portal_panels import register_network_panels

        register_network_panels()

        from . import personal_data

        personal_data.register()
        personal_data.register_hooks()

        from .models import Member
        from .models import Person
        from .models import Role
        from .models import SustainableDevelopmentGoal
        from .models import TerritorialNetwork
        from .models import Theme
        from .page_cache import register_public_models

        # What the cached public pages show (network.page_cache): a change drops them.
        register_public_models(Member, Member.themes.through, Theme, TerritorialNetwork, Role, Person,
                               SustainableDevelopmentGoal)

        from django.utils.translation import ngettext_lazy

        from .search import SearchKind
        from .search import list_search_url
        from .search import register_search_kind
        from .selectors import members_search

        # The site search (/search/): the other apps register their kinds in their ready().
        register_search_kind(SearchKind(
            key="members", label=_("Members"), order=10, search=members_search,
            list_url=list_search_url("network:directory"),
            list_link=ngettext_lazy("See the %(count)s member in the directory",
                                    "See all %(count)s members in the directory", "count"),
        ))
