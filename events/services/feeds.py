"""Personal calendar feeds: one secret address per user, which the user can reset."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from network.models import User

from ..models import CalendarFeed
from ..models.calendar import new_feed_secret


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new secret; the old address stops working at once."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    feed.secret = new_feed_secret()
    feed.reset_at = timezone.now()
    feed.save(update_fields=["secret", "reset_at"])
    return feed
