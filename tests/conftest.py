import os
import shutil

import pytest
from django.test.utils import override_settings

# Playwright drives the browser from a thread with an event loop; Django's ORM must allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    """Serve static files from the source tree (no collectstatic) and keep passwords fast."""
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ACCOUNT_RATE_LIMITS=False,
        WHITENOISE_USE_FINDERS=True,
    ):
        # Tasks run in-process in tests unless a test starts a real worker itself.
        from config.celery import app

        eager = app.conf.task_always_eager
        app.conf.task_always_eager = True
        # The cache (Redis in CI) outlives test runs: no page kept by an earlier run is current.
        from network.page_cache import public_pages_changed

        public_pages_changed()
        yield
        app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the portal's language, as a worker or a command does: a request an earlier
    test made in English leaves English active in this thread, and translated content (title,
    summary…) written outside a request goes to the active language's column."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_public_data_from_an_earlier_test():
    """A test's rows are rolled back, but the cache is not: start every test on a new version."""
    from network.page_cache import public_pages_changed

    public_pages_changed()


# --- Cities and their people, shared by every app's tests ------------------------------------------
@pytest.fixture
def quito(db):
    from tests.factories import MemberFactory

    return MemberFactory(name="Quito", slug="quito", country="EC", population=2_800_000)


@pytest.fixture
def tunja(db):
    from tests.factories import MemberFactory

    return MemberFactory(name="Tunja", slug="tunja", country="CO", population=180_000)


@pytest.fixture
def zaragoza(db):
    from tests.factories import MemberFactory

    return MemberFactory(name="Zaragoza", slug="zaragoza", country="ES", population=680_000)


@pytest.fixture
def focal(quito):
    """A focal point of Quito (the city's contact with the secretariat), with a login."""
    from tests.factories import focal_point_of

    return focal_point_of(quito)


@pytest.fixture
def technician(quito):
    """A technician of Quito, with a login."""
    from tests.factories import technician_of

    return technician_of(quito)


@pytest.fixture
def staff(db):
    """A member of the secretariat (staff, not a superuser)."""
    from tests.factories import UserFactory

    return UserFactory(staff=True)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    reason = "Chromium not found at /usr/bin/chromium: install it with 'apt-get install -y chromium'"
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM or "/usr/bin/chromium",
        "args": [
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-sandbox",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "es-ES", "viewport": {"width": 1280, "height": 900}}
