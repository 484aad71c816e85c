"""Funding opportunities: the reminder before the funder's deadline to the cities whose themes match,
to the people of those cities who asked for them (Person.funding_relays, an opt-in), once per person,
opportunity and deadline however often the sweep runs."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from network.enums import MemberStatus
from network.mail import mail_send_once
from network.models import Role

from ..models import FundingOpportunity
from ..selectors import members_matching

REMINDED_STATUSES = (MemberStatus.ACTIVE, MemberStatus.IN_ARREARS)


def opportunities_due_for_reminder(now: datetime):
    """Published opportunities whose reminder day has come and whose deadline has not passed."""
    return (
        FundingOpportunity.objects.filter(published=True, deadline__gt=now)
        .filter(deadline__lte=now + timedelta(days=90))
        .order_by("deadline", "pk")
    )


def funding_reminders_sweep(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    for opportunity in opportunities_due_for_reminder(now):
        if opportunity.deadline - timedelta(days=opportunity.reminder_days) > now:
            continue
        members = members_matching(opportunity).filter(status__in=REMINDED_STATUSES)
        roles = (
            Role.objects.filter(member__in=members, person__funding_relays=True).exclude(person__email="")
            .select_related("person", "member").order_by("member_id", "person_id")
        )
        days = max(0, (opportunity.deadline - now).days)
        seen: set[str] = set()
        for role in roles:
            email = role.person.email.lower()
            if email in seen:
                continue
            seen.add(email)
            message = mail_send_once(
                key=f"funding-reminder:{opportunity.pk}:{opportunity.deadline:%Y%m%d%H%M}:{email}",
                to=role.person.email, template="programs/mail/knowledge/funding_reminder",
                context={"opportunity": opportunity, "deadline_local": opportunity.local_deadline, "days": days,
                         "member": role.member, "url": settings.SITE_URL + reverse("programs:funding_list")},
                language=role.person.language, topic="funding-reminder", reference=opportunity.slug,
            )
            sent += message is not None
    return sent


__all__ = ["funding_reminders_sweep", "opportunities_due_for_reminder"]
