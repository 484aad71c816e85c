"""Project-wide guarantees: migrations, translations, demo data."""

from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["es", "pt_BR", "en"]


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


@pytest.mark.parametrize("locale", LOCALES)
def test_translation_catalogue_is_complete(locale):
    catalogue = polib.pofile(str(ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_translation_placeholders_match(locale):
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    catalogue = polib.pofile(str(ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"))
    mismatched = []
    for entry in catalogue.translated_entries():
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in translations:
            if sorted(set(placeholder.findall(text))) != sorted(set(placeholder.findall(entry.msgid))):
                mismatched.append(entry.msgid)
    assert mismatched == []


def test_every_interface_language_has_a_catalogue():
    codes = {code for code, _name in settings.LANGUAGES}
    assert codes == {"es", "pt-br", "en"}
    for locale in LOCALES:
        assert (ROOT / "locale" / locale / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "Directorio de miembros"), ("pt-br", "Diretório de membros"), ("en", "Member directory")],
)
def test_pages_render_in_the_chosen_language(client, language, expected):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse("network:directory"))
    assert expected in response.text
    assert f'<html lang="{language}">' in response.text


@pytest.mark.django_db
def test_spanish_is_the_default_language(client):
    response = client.get(reverse("network:home"), headers={"accept-language": ""})
    assert '<html lang="es">' in response.text


@pytest.mark.django_db
def test_demo_data_is_loaded_once_and_holds_the_seed_cities():
    from network.models import Dues
    from network.models import Member
    from network.models import Person
    from network.models import TerritorialNetwork
    from network.models import User

    call_command("load_demo", stdout=StringIO())
    counts = [Member.objects.count(), Person.objects.count(), Dues.objects.count(), User.objects.count()]
    call_command("load_demo", stdout=StringIO())
    assert [Member.objects.count(), Person.objects.count(), Dues.objects.count(), User.objects.count()] == counts
    assert counts[0] >= 30
    assert TerritorialNetwork.objects.count() == 6
    seed_cities = {"General San Martín", "Panamá", "Pasto", "Riobamba", "Rosario", "São Paulo", "Córdoba",
                   "Medellín", "Mérida", "Quito", "Tunja", "Zaragoza", "Durango"}
    assert seed_cities <= set(Member.objects.values_list("name", flat=True))
    # The demo report is a real document: every stage is used, and activities say what carries them out.
    from network.plan.models import Activity
    from network.plan.models import ActivityLink
    from network.plan.selectors import report_context

    assert set(Activity.objects.values_list("stage", flat=True)) == {"none", "planning", "programming", "budgeting",
                                                                     "execution", "evaluation"}
    links = ActivityLink.objects.count()
    assert links >= 20 and {link.content_type.app_label for link in ActivityLink.objects.all()} == {
        "programs", "campus", "events"}
    call_command("load_demo", stdout=StringIO())
    assert ActivityLink.objects.count() == links
    for year in (2024, 2025):
        context = report_context(year=year)
        keys = {view.group.key for view in context["groups"]}
        assert {"members", "microrredes", "webinars", "campus", "surveys", "agreements"} <= keys, year


@pytest.mark.django_db
def test_demo_logins_reach_their_pages(client):
    from network.models import User

    call_command("load_demo", stdout=StringIO())
    staff, focal, technician = (User.objects.get(email=f"{n}@demo.redportal.org") for n in ("staff", "focal", "tecnico"))
    for user in (staff, focal, technician):
        assert user.check_password(settings.DEMO_PASSWORD)
    client.force_login(technician)
    technician_city = client.get(reverse("portal:home")).context["member"]
    client.force_login(focal)
    focal_city = client.get(reverse("portal:home")).context["member"]
    assert (technician_city.name, focal_city.name) == ("Quito", "Medellín")
    client.force_login(staff)
    assert client.get(reverse("admin:network_member_changelist")).status_code == 200


def test_deploy_checks_pass_with_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "q9VrT2mLw8zXp4KbN6yHc0JdF3sGe1UaO5iPk7tBn2Wq8Lz4Xc6Vb9Mn1Ds3",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "BEHIND_PROXY": "true",
        "SITE_URL": "https://portal.example.org",
        "ALLOWED_HOSTS": "portal.example.org",
        "EMAIL_URL": "smtp+tls://user:secret@smtp.example.org:587",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", ["dev-only-insecure-key-change-me-" + "x" * 32,
                                 "change-me-compose-only-insecure-secret-key-0123456789", "a" * 60])
def test_a_published_secret_key_is_a_deploy_error_and_the_wsgi_app_refuses_to_start_with_it(tmp_path, key):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": key, "ALLOWED_HOSTS": "portal.example.org",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    check = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode != 0 and "portal.E001" in check.stderr + check.stdout
    wsgi = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert wsgi.returncode != 0 and "SECRET_KEY is a published development value" in wsgi.stderr


@pytest.mark.django_db
def test_admin_messages_never_glue_an_article_to_a_models_name(admin_client):
    """Django's "El {name} … fue agregado" reads "El red territorial": ours name the model after a colon."""
    from network.models import TerritorialNetwork

    response = admin_client.post(reverse("admin:network_territorialnetwork_add"), {
        "name": "Red Caribe", "name_pt": "", "name_en": "", "slug": "red-caribe", "description": ""},
        follow=True, HTTP_ACCEPT_LANGUAGE="es")
    assert TerritorialNetwork.objects.filter(slug="red-caribe").exists(), response.context.get("errors")
    text = response.content.decode()
    assert "Alta correcta: red territorial" in text and "El red" not in text
    for language, articles in (("es", ("El {", "El%(", "La {")), ("pt-br", ("O {", "O  {", "A {"))):
        with translation.override(language):
            for msgid in ("The {name} “{obj}” was added successfully.", "The {name} “{obj}” was changed successfully.",
                          "The %(name)s “%(obj)s” was deleted successfully."):
                assert not translation.gettext(msgid).startswith(articles), (language, msgid)
            assert translation.gettext("- Select an option -") != "- Select an option -"
            assert translation.gettext("Run") != "Run"


@pytest.mark.django_db
def test_a_records_change_history_reads_in_spanish(admin_client):
    from tests.factories import MemberFactory

    member = MemberFactory(name="Quito")
    page = admin_client.get(reverse("admin:network_member_history", args=[member.pk]),
                            HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Historial de cambios" in page or "Fecha y hora" in page
    for english in ("Change history:", "Date/time", "Changed by", "Choose a date from the list below"):
        assert english not in page
