"""The city portal page as a browser shows it: the shell, then every panel it names, fetched the
way htmx fetches them (network.portal_panels)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field

_PANEL = re.compile(r'hx-get="([^"]+/panels/([\w-]+)/)"')


@dataclass
class PortalPage:
    shell: object  # the shell's response
    panels: dict = field(default_factory=dict)  # key -> the panel's response (htmx)

    @property
    def status_code(self) -> int:
        return self.shell.status_code

    @property
    def text(self) -> str:
        """The page once every panel has loaded: the shell's text, then each panel's."""
        return self.shell.text + "".join(response.text for response in self.panels.values())

    def panel(self, key: str) -> dict:
        """What the panel's template was given (its `panel` context), or None when it showed nothing."""
        context = self.panels[key].context
        return context["panel"] if context is not None else None


def portal_page(client, url: str, **extra) -> PortalPage:
    """`extra`: request headers for every request (e.g. HTTP_ACCEPT_LANGUAGE="en")."""
    shell = client.get(url, **extra)
    page = PortalPage(shell=shell)
    if shell.status_code == 200:
        for panel_url, key in _PANEL.findall(shell.text):
            response = client.get(panel_url, HTTP_HX_REQUEST="true", **extra)
            assert response.status_code == 200, (key, response.status_code)
            page.panels[key] = response
    return page
