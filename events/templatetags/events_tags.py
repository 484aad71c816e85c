from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("events/_network_meetings.html")
def network_meetings(network):
    """The meetings of a territorial network, for its public page (one query)."""
    return {"network": network, "meetings": selectors.network_meetings(network)}
