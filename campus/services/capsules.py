from __future__ import annotations

from django.db import IntegrityError
from django.db import transaction

from network.models import User

from ..models import Capsule
from ..models import CapsuleCompletion


def capsule_mark_done(*, capsule: Capsule, user: User) -> CapsuleCompletion:
    """Idempotent: marking twice (or two tabs at once) keeps one row."""
    try:
        with transaction.atomic():
            return CapsuleCompletion.objects.get_or_create(capsule=capsule, user=user)[0]
    except IntegrityError:
        return CapsuleCompletion.objects.get(capsule=capsule, user=user)


def capsule_unmark(*, capsule: Capsule, user: User) -> None:
    CapsuleCompletion.objects.filter(capsule=capsule, user=user).delete()
