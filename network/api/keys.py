"""Partner keys of the read API: issue, revoke, and find the key a request carries.

A key reads `rp_<prefix>_<secret>`: the prefix finds the row, the whole key is compared by its
SHA-256 digest (a 256-bit random secret needs no slow hash). It is shown once, when issued."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from network.models import PartnerKey

KEY_PREFIX = "rp"
LAST_USED_EVERY = timedelta(minutes=5)  # how often a key's "last used" is written, at most


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def partner_key_issue(*, key: PartnerKey, by=None) -> str:
    """Saves a new key (its name, contact and rate already set on `key`) and returns the key itself,
    which is never stored: the admin shows it once."""
    while True:
        prefix = secrets.token_hex(4)
        if not PartnerKey.objects.filter(prefix=prefix).exists():
            break
    raw = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key.prefix, key.digest, key.created_by = prefix, _digest(raw), by
    key.save()
    return raw


def partner_key_revoke(*, key: PartnerKey) -> bool:
    """Revokes the key at once; False when it was already revoked."""
    return bool(PartnerKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def partner_key_for(raw: str) -> PartnerKey | None:
    """The active key `raw` is, or None (unknown, malformed or revoked). One query."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != 8 or len(raw) > 200:
        return None
    key = PartnerKey.objects.filter(prefix=parts[1], revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.digest, _digest(raw.strip())):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
        PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
