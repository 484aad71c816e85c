import pytest
from django.db import transaction

from network.enums import MemberStatus
from network.mail import mail_send_once
from network.models import Member
from network.models import OutboxMessage
from network.models import SentNotice
from network.models import StateChange
from network.workflow import IllegalMove
from network.workflow import Move
from network.workflow import Workflow
from network.workflow import state_history
from tests.factories import MemberFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A toy table over a real model's field (Member.status), so the test needs no model of its own.
STATUS = Workflow(
    "toy-member-status",
    [
        Move(MemberStatus.ACTIVE, MemberStatus.IN_ARREARS, {"system"}, "Fell behind"),
        Move(MemberStatus.IN_ARREARS, MemberStatus.ACTIVE, {"staff", "system"}, "Paid up"),
    ],
    field="status",
)


def test_move_changes_state_and_logs_who_and_from_where():
    member = MemberFactory(status=MemberStatus.ACTIVE)
    staff = UserFactory(staff=True)
    STATUS.move(obj=member, to=MemberStatus.IN_ARREARS, actor="system")
    STATUS.move(obj=member, to=MemberStatus.ACTIVE, actor="staff", by=staff, comment="Paid in cash")

    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    history = list(state_history(member))
    assert [(h.source, h.target, h.actor, h.by_id, h.comment) for h in history] == [
        ("active", "in_arrears", "system", None, ""),
        ("in_arrears", "active", "staff", staff.pk, "Paid in cash"),
    ]


@pytest.mark.parametrize(
    ("source", "target", "actor"),
    [("active", "in_arrears", "staff"), ("active", "active", "system"), ("in_arrears", "former", "staff")],
)
def test_illegal_moves_raise_and_change_nothing(source, target, actor):
    member = MemberFactory(status=source)
    with pytest.raises(IllegalMove):
        STATUS.move(obj=member, to=target, actor=actor)
    assert Member.objects.get(pk=member.pk).status == source
    assert StateChange.objects.count() == 0


def test_targets_lists_the_moves_an_actor_may_make():
    assert [m.target for m in STATUS.targets(source="in_arrears", actor="staff")] == ["active"]
    assert STATUS.targets(source="active", actor="staff") == []


def test_mail_send_once_sends_a_keyed_notice_only_once():
    member = MemberFactory(name="Quito")
    kwargs = {"to": "ana@example.org", "template": "network/mail/invitation", "language": "es",
              "context": {"invitation": None, "member": member, "inviter": None, "accept_url": "x"}}
    with transaction.atomic():
        first = mail_send_once(key="test:1", **kwargs)
    second = mail_send_once(key="test:1", **kwargs)
    other = mail_send_once(key="test:2", **kwargs)

    assert first is not None and second is None and other is not None
    assert OutboxMessage.objects.count() == 2
    assert SentNotice.objects.count() == 2
