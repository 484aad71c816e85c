"""System checks of the portal's own deployment rules (`manage.py check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error
from django.core.checks import Tags
from django.core.checks import register

# Keys anyone can read: the settings' development default, .env.example's, and the compose file's
# old fallback. A portal signed with one of them has sessions and reset links anyone can forge.
PUBLIC_KEYS = {
    "dev-only-insecure-key-change-me-" + "x" * 32,
    "change-me-compose-only-insecure-secret-key-0123456789",
}
PUBLIC_KEY_MARKS = ("dev-only-insecure", "change-me", "insecure")


def secret_key_is_public(key: str) -> bool:
    return key in PUBLIC_KEYS or any(mark in key.lower() for mark in PUBLIC_KEY_MARKS) or len(set(key)) < 5


@register(Tags.security, deploy=True)
def secret_key_of_its_own(app_configs, **kwargs):
    if settings.DEBUG or not secret_key_is_public(settings.SECRET_KEY):
        return []
    return [Error(
        "SECRET_KEY is a published development value.",
        hint="Set SECRET_KEY to a long random value of this installation (e.g. python -c "
             "\"import secrets; print(secrets.token_urlsafe(50))\").",
        id="portal.E001",
    )]
