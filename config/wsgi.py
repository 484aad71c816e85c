import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after the settings are set up)

from network.checks import secret_key_is_public  # noqa: E402

if not settings.DEBUG and secret_key_is_public(settings.SECRET_KEY):
    # Refuse to serve with a key anyone can read (sessions, reset links and signed URLs could be forged).
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY is a published development value: set one of this installation.")
