"""The panels of a city's portal page: network's own (dues, upcoming dates, team) and those the
other apps contribute.

The city page is a light shell: it names the panels, and each one loads on its own (htmx) from
`portal:panel`, so the page shows at once and a slow panel delays only itself. Without JavaScript
each panel is a link to its own page. `network` imports none of the other apps, so each registers
its panels (in AppConfig.ready):

    register_portal_panel(PortalPanel(key="microrredes", order=20, title=_("Microrredes"),
                                      template="programs/portal/_panel_microrredes.html",
                                      context=selectors.portal_microrredes_panel))

`context(request=..., member=...)` returns the panel's template context (the template reads it as
`panel`, with `member`), or None when there is nothing to show (the panel then leaves the page). It
must run a fixed number of queries whatever the member's data size; each panel's tests say how many.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from .registry import Registry


@dataclass(frozen=True)
class PortalPanel:
    key: str
    order: int
    template: str
    context: Callable[..., dict | None]
    title: str = ""  # what the page says while the panel loads, and the link without JavaScript
    half: bool = False  # shown side by side with the next half panel (dues, upcoming dates)
    # Shown first, above the others, to those with `permission` on the member (a focal point's
    # endorsements to give): it asks for action. Empty: everyone who may see the portal page.
    top: bool = False
    permission: str = ""

    def shown_to(self, user, member) -> bool:
        return not self.permission or user.has_perm(self.permission, member)


PANELS: Registry[PortalPanel] = Registry("portal panel")


def register_portal_panel(panel: PortalPanel) -> PortalPanel:
    return PANELS.register(panel.key, panel)


def ordered_panels() -> list[PortalPanel]:
    return sorted(PANELS.values(), key=lambda p: (p.order, p.key))


# --- network's own panels -------------------------------------------------------------------------
def dues_panel(*, request: HttpRequest, member) -> dict:
    from .selectors import member_dues_overview

    return {"dues_lines": member_dues_overview(member)}


def upcoming_panel(*, request: HttpRequest, member) -> dict:
    from .upcoming import upcoming_items

    return {"upcoming": upcoming_items(request=request, member=member, limit=5)}


def team_panel(*, request: HttpRequest, member, form=None) -> dict:
    """The team, and for those who may manage it the invitation form and the pending invitations
    (`form`: the invitation form as sent, with its errors)."""
    from .forms import InvitationForm
    from .selectors import member_team
    from .selectors import pending_invitations

    can_manage = request.user.has_perm("network.manage_team", member)
    team = member_team(member)
    if can_manage:  # each row's "Remove" (reversed here: the {% url %} tag costs three times as much a row)
        for entry in team:
            entry.remove_url = reverse("portal:team_remove", args=[member.slug, entry.person.pk])
    return {
        "team": team,
        "can_manage_team": can_manage,
        "invitations": list(pending_invitations(member)) if can_manage else [],
        "invitation_form": form or (InvitationForm() if can_manage else None),
    }


def register_network_panels() -> None:
    from django.utils.translation import gettext_lazy as _

    from .rules import city_part

    register_portal_panel(PortalPanel(key="dues", order=10, title=_("Dues"), half=True,
                                      permission=city_part("network.view_city_dues", "network.view_dues"),
                                      template="network/portal/_panel_dues.html", context=dues_panel))
    register_portal_panel(PortalPanel(key="upcoming", order=11, title=_("Next deadlines and events"), half=True,
                                      template="network/portal/_panel_upcoming.html", context=upcoming_panel))
    register_portal_panel(PortalPanel(key="team", order=90, title=_("Team"),
                                      permission=city_part("network.view_city_team", "network.view_person"),
                                      template="network/portal/_panel_team.html", context=team_panel))
