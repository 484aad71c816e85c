"""Who may apply to a call, in one place: checked on start, on submit, and explained on the call page."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from network.enums import MemberStatus
from network.models import Member
from network.models import User

from ..enums import Eligibility
from ..models import Call
from .errors import NotEligible

MEMBER_STATUSES_THAT_MAY_APPLY = (MemberStatus.ACTIVE, MemberStatus.IN_ARREARS)


def members_user_may_apply_for(user: User):
    """The members a user works for (any role); an application is made for one of them."""
    if not user.is_authenticated:
        return Member.objects.none()
    return Member.objects.filter(roles__person__user=user).distinct().order_by("name")


def eligibility_problems(*, call: Call, member: Member | None, user: User, answers: dict | None = None) -> list[str]:
    """Why this user, for this member, may not apply: an empty list means they may."""
    problems: list[str] = []
    if member is not None and not members_user_may_apply_for(user).filter(pk=member.pk).exists():
        problems.append(_("You can only apply for a city or entity whose team you belong to."))
        return problems
    if call.eligibility != Eligibility.ANYONE:
        if member is None:
            problems.append(_("Only member cities and entities can apply; your account is not linked to one."))
            return problems
        if call.eligibility == Eligibility.ACTIVE_MEMBERS and member.status != MemberStatus.ACTIVE:
            problems.append(
                _("Only active members can apply; %(member)s is %(status)s.")
                % {"member": member.name, "status": member.get_status_display().lower()}
            )
        elif member.status not in MEMBER_STATUSES_THAT_MAY_APPLY:
            problems.append(
                _("%(member)s cannot apply while its membership is %(status)s.")
                % {"member": member.name, "status": member.get_status_display().lower()}
            )
    if call.population_min and member is not None and not (answers or {}).get("group_of_cities"):
        if member.population is None:
            problems.append(_("The population of %(member)s is not recorded; ask the secretariat.")
                            % {"member": member.name})
        elif member.population < call.population_min:
            problems.append(
                _("The call asks for more than %(minimum)s inhabitants (or a group of cities); "
                  "%(member)s has %(population)s.")
                % {"minimum": intcomma(call.population_min), "member": member.name,
                   "population": intcomma(member.population)}
            )
    return problems


def eligibility_check(*, call: Call, member: Member | None, user: User, answers: dict | None = None) -> None:
    problems = eligibility_problems(call=call, member=member, user=user, answers=answers)
    if problems:
        raise NotEligible(problems[0])


def eligibility_explained(call: Call) -> list[str]:
    """The call's rules in plain words, for its public page."""
    lines: list[str] = []
    if call.eligibility == Eligibility.ANYONE:
        lines.append(_("Anyone can apply, members of the network or not."))
    elif call.eligibility == Eligibility.MEMBERS:
        lines.append(_("Member cities and entities of the network can apply (not suspended ones)."))
    else:
        lines.append(_("Only active members can apply: cities and entities with their dues up to date."))
    if call.population_min:
        lines.append(
            _("Cities must have more than %(minimum)s inhabitants, or apply as a group of cities represented "
              "by one of them.") % {"minimum": intcomma(call.population_min)}
        )
    if call.max_per_member:
        lines.append(ngettext_lazy("Each city or entity can send at most %(count)s application.", "Each city or entity can send at most %(count)s applications.", "count") % {"count": call.max_per_member})
    if call.max_per_person:
        lines.append(ngettext_lazy("Each person can send at most %(count)s application.", "Each person can send at most %(count)s applications.", "count") % {"count": call.max_per_person})
    if call.requires_endorsement:
        lines.append(_("Applications need the endorsement of the city's focal point (the municipal government) "
                       "before they count as submitted."))
    if call.places:
        lines.append(_("There are %(count)s places; after that, applications go to a waiting list.")
                     % {"count": call.places})
    return lines
