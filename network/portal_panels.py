"""Sections of a city's portal page contributed by the other apps.

`network` imports none of the other apps, so each registers its panels (in AppConfig.ready):

    register_portal_panel(PortalPanel(key="microrredes", order=20,
                                      template="programs/portal/_panel_microrredes.html",
                                      context=selectors.portal_microrredes_panel))

`context(request=..., member=...)` returns the panel's template context, or None to hide the panel
(e.g. nothing to show). It must run a fixed number of queries whatever the member's data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from .registry import Registry


@dataclass(frozen=True)
class PortalPanel:
    key: str
    order: int
    template: str
    context: Callable[..., dict | None]


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    template: str
    context: dict


PANELS: Registry[PortalPanel] = Registry("portal panel")


def register_portal_panel(panel: PortalPanel) -> PortalPanel:
    return PANELS.register(panel.key, panel)


def portal_panels(*, request: HttpRequest, member) -> list[RenderedPanel]:
    rendered = []
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request=request, member=member)
        if context is not None:
            rendered.append(RenderedPanel(key=panel.key, template=panel.template, context=context))
    return rendered
