"""What the calls engine plugs into the network's registries (called from ProgramsConfig.ready)."""

from __future__ import annotations


def register() -> None:
    from . import personal_data

    personal_data.register()
    personal_data.register_retention()
    from django.utils.translation import gettext_lazy as _

    from network.page_cache import register_public_models
    from network.portal_panels import PortalPanel
    from network.portal_panels import register_portal_panel
    from network.sweeps import register_sweep
    from network.upcoming import register_upcoming_provider

    from . import figures  # noqa: F401  (kinds and rules register what they define)
    from . import kinds  # noqa: F401  (kinds and rules register what they define)
    from . import rules  # noqa: F401  (kinds and rules register what they define)
    from . import selectors  # noqa: F401  (kinds and rules register what they define)
    from .models import Call
    from .services import notifications
    from .services.decisions import register_outbox_release
    from .services.reminders import reminders_sweep

    register_upcoming_provider(selectors.upcoming_deadlines)
    # At the top of the city page, for its focal points: the applications waiting for their endorsement.
    register_portal_panel(PortalPanel(
        key="endorsements", order=0, top=True, permission="programs.endorse_for_member",
        title=_("Applications waiting for your endorsement"),
        template="programs/portal/_panel_endorsements.html", context=selectors.portal_endorsements_panel))
    register_sweep("call-deadline-reminders", reminders_sweep)
    register_sweep("call-receipts-catch-up", notifications.receipts_catch_up)  # tasks lost with the broker
    figures.register()
    register_outbox_release()  # sending a held decision e-mail releases its decision
    register_public_models(Call, Call.themes.through)  # the public call pages are cached

    from network.search import SearchKind
    from network.search import register_search_kind

    # The site search (/search/); the call list has no search of its own to link to.
    register_search_kind(SearchKind(key="calls", label=_("Calls"), order=20, search=selectors.calls_search))
