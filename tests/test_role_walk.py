"""Every staff role walks every portal URL and every admin URL, and opens exactly its own set.

The portal's URLs are read from the URL configuration: a new URL that is not in `PORTAL` (or named
public or secret-link below) fails `test_the_walk_covers_every_url`, so nothing is added without
deciding who may open it. Each role's portal set is written out in `ALLOWED`; the admin's set is
what the role's model permissions allow (the admin's own rule), so a custom admin page that forgets
to check them shows up here.

"Opened" means anything but a refusal: 403, 404, or a redirect to the sign-in page. POSTs are sent
empty (or with a valid form for the team's actions): a refusal says the role may not act there at
all, which is what this walk asks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse
from django.utils import timezone

from network.enums import RoleKind
from network.models import Invitation
from network.rules import holds
from network.staff_groups import CAMPUS_CLERK
from network.staff_groups import COORDINATOR
from network.staff_groups import EVENTS_CLERK
from network.staff_groups import REVIEWER
from network.staff_groups import staff_groups_ensure
from tests import files
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

pytestmark = pytest.mark.django_db

# URL names that need no sign-in (anyone reads them) or that a secret in the address opens (the
# link is the key: an invitation, a survey, a personal calendar feed, an unsubscribe link, a
# certificate's code). They are walked by the public and fuzz tests, not here.
PUBLIC = {
    "network:home", "network:directory", "network:member", "network:territorial_network", "network:search",
    "programs:call_list", "programs:calls_json", "programs:calls_ics", "programs:call", "programs:microrred_index",
    "programs:microrred", "programs:webinar_list", "programs:webinar", "programs:webinar_register",
    "programs:webinar_registered", "programs:webinar_ics", "programs:practice_list", "programs:practice",
    "programs:funding_list", "campus:catalogue", "campus:strategies", "campus:capsules", "campus:capsule_done",
    "campus:verify", "campus:course", "events:calendar", "events:feed", "events:network_feed", "events:event",
    "events:event_ics", "health", "status", "privacy", "set_language", None,
    "programs:practices_feed", "programs:webinars_feed", "programs:funding_feed",
    "reports", "report_pdf", "site_about", "site_contact", "site_accessibility",
}
# The read API (/api/v1/, its schema and docs) serves public data only: tests/network/test_api*.py.
API = {"api_schema", "api_docs"}
SECRET_LINK = {"portal:invitation", "events:survey", "events:personal_feed", "programs:webinar_unsubscribe",
               "campus:verify_code"}


def url_names() -> set[str | None]:
    """Every named URL of the site outside the admin, allauth and i18n."""
    names: set[str | None] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin" or "allauth" in str(pattern.urlconf_name) \
                        or "i18n" in str(pattern.urlconf_name):
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                names.add(f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


# --- The world the roles walk through ---------------------------------------------------------------
def build_world() -> dict[str, tuple[str, str, dict]]:
    from network.portal_panels import PANELS

    """One city with a bit of everything; returns the portal's URLs by name: (method, path, data)."""
    from campus.models import Certificate
    from campus.models import FinalProject
    from events.models import Registration
    from programs.calls.enums import ApplicationState
    from programs.calls.models import Application
    from programs.calls.models import ApplicationDocument
    from programs.calls.services import applications as application_services
    from programs.cooperation.models import MicrorredDocument
    from programs.knowledge.models import PracticeFile
    from tests.campus.factories import EditionFactory
    from tests.campus.factories import apply
    from tests.events.factories import EventFactory
    from tests.programs.factories import CallFactory
    from tests.programs.factories_cooperation import make_mentorship
    from tests.programs.factories_cooperation import make_microrred
    from tests.programs.factories_cooperation import make_pairing
    from tests.programs.factories_knowledge import PracticeFactory

    city = MemberFactory(name="Quito", slug="quito")
    focal = focal_point_of(city)
    author = technician_of(city)

    def application(state=ApplicationState.SUBMITTED, **call_kwargs):
        draft = application_services.application_start(call=CallFactory(**call_kwargs), user=author, member=city)
        Application.objects.filter(pk=draft.pk).update(state=state)
        draft.refresh_from_db()
        return draft

    submitted = application()
    awaiting = application(state=ApplicationState.AWAITING_ENDORSEMENT, requires_endorsement=True)
    draft = application(state=ApplicationState.DRAFT)

    def document(of):
        return ApplicationDocument.objects.create(application=of, file=ContentFile(files.PDF, name="a.pdf"),
                                                  original_name="a.pdf", content_type="application/pdf",
                                                  size=len(files.PDF))

    document_submitted, document_draft = document(submitted), document(draft)

    edition = EditionFactory()
    enrolment = apply(edition, technician_of(city))
    FinalProject.objects.create(edition=edition, enrolment=enrolment, author_name="Ana", title="Estrategia",
                                city="Quito", member=city, summary="Resumen",
                                document=ContentFile(files.PDF, name="estrategia.pdf"))
    Certificate.objects.create(enrolment=enrolment, code="WALK-CERT-1", holder_name="Ana",
                               issued_on=timezone.localdate(), pdf=ContentFile(files.PDF, name="c.pdf"))

    microrred = make_microrred(members=[city, *[MemberFactory() for _ in range(5)]])
    session = microrred.sessions.order_by("number").first()
    microrred_document = MicrorredDocument.objects.create(
        microrred=microrred, title="Acta", file=ContentFile(files.PDF, name="acta.pdf"))
    mentorship = make_mentorship(mentee=city)
    pairing = make_pairing(city_a=city)

    practice = PracticeFactory(member=city, draft=True)
    practice_file = PracticeFile.objects.create(practice=practice, file=ContentFile(files.PDF, name="p.pdf"),
                                                original_name="p.pdf", kind="document",
                                                content_type="application/pdf", size=len(files.PDF))

    event = EventFactory(starts_at=timezone.now() + timedelta(days=30))
    registration = Registration.objects.create(event=event, person=author.person, member=city,
                                               registered_by=author)
    invitation = Invitation.objects.create(member=city, email="nueva@quito.gob.ec", token="w" * 40,
                                           expires_at=timezone.now() + timedelta(days=7), invited_by=focal)
    from network.models import DataExport
    author_export = DataExport.objects.create(user=author, state=DataExport.State.DONE,
                                              file=ContentFile(b"PK", name="export.zip"))
    year = timezone.localdate().year

    get, post = "GET", "POST"
    return {
        # The city's page and team
        "portal:home": (get, reverse("portal:home"), {}),
        "portal:member": (get, reverse("portal:member", args=[city.slug]), {}),
        **{f"portal:panel[{key}]": (get, reverse("portal:panel", args=[city.slug, key]), {}) for key in PANELS},
        "portal:participation_pdf": (get, reverse("portal:participation_pdf", args=[city.slug, year]), {}),
        "portal:team_invite": (post, reverse("portal:team_invite", args=[city.slug]),
                               {"email": "otra@quito.gob.ec", "kind": RoleKind.TECHNICIAN}),
        "portal:team_remove": (post, reverse("portal:team_remove", args=[city.slug, author.person.pk]), {}),
        "portal:invitation_revoke": (post, reverse("portal:invitation_revoke", args=[city.slug, invitation.pk]), {}),
        # Calls
        "programs:my_applications": (get, reverse("programs:my_applications"), {}),
        "programs:endorsement": (get, reverse("programs:endorsement", args=[awaiting.reference]), {}),
        "programs:apply": (get, reverse("programs:apply", args=[submitted.call.slug]), {}),
        "programs:application": (get, reverse("programs:application", args=[submitted.reference]), {}),
        "programs:application_pdf": (get, reverse("programs:application_pdf", args=[submitted.reference]), {}),
        "programs:document": (get, reverse("programs:document", args=[submitted.reference,
                                                                       document_submitted.pk]), {}),
        "programs:application_edit": (get, reverse("programs:application_edit", args=[draft.reference]), {}),
        "programs:application_autosave": (post, reverse("programs:application_autosave", args=[draft.reference]),
                                          {}),
        "programs:application_submit": (post, reverse("programs:application_submit", args=[draft.reference]), {}),
        "programs:application_withdraw": (post, reverse("programs:application_withdraw",
                                                        args=[submitted.reference]), {}),
        "programs:document_upload": (post, reverse("programs:document_upload", args=[draft.reference]), {}),
        "programs:document_delete": (post, reverse("programs:document_delete", args=[draft.reference,
                                                                                     document_draft.pk]), {}),
        # Cooperation
        "programs:coop_home": (get, reverse("programs:coop_home"), {}),
        "programs:coop_microrred": (get, reverse("programs:coop_microrred", args=[microrred.pk]), {}),
        "programs:coop_attendance": (post, reverse("programs:coop_attendance", args=[session.pk]), {}),
        "programs:coop_session_ics": (get, reverse("programs:coop_session_ics", args=[session.pk]), {}),
        "programs:coop_document": (get, reverse("programs:coop_document", args=[microrred_document.pk]), {}),
        "programs:coop_mentorship": (get, reverse("programs:coop_mentorship", args=[mentorship.pk]), {}),
        "programs:coop_pairing": (get, reverse("programs:coop_pairing", args=[pairing.pk]), {}),
        # Good practices
        "programs:portal_practices": (get, reverse("programs:portal_practices", args=[city.slug]), {}),
        "programs:portal_practice_new": (get, reverse("programs:portal_practice_new", args=[city.slug]), {}),
        "programs:portal_practice_edit": (get, reverse("programs:portal_practice_edit", args=[practice.pk]), {}),
        "programs:portal_practice_submit": (post, reverse("programs:portal_practice_submit", args=[practice.pk]), {}),
        "programs:portal_practice_file_add": (post, reverse("programs:portal_practice_file_add",
                                                            args=[practice.pk]), {}),
        "programs:portal_practice_file_delete": (post, reverse("programs:portal_practice_file_delete",
                                                               args=[practice.pk, practice_file.pk]), {}),
        # Campus
        "campus:my_courses": (get, reverse("campus:my_courses"), {}),
        "campus:enrol": (get, reverse("campus:enrol", args=[edition.course.slug, edition.number]), {}),
        "campus:enrolment": (get, reverse("campus:enrolment", args=[enrolment.pk]), {}),
        "campus:certificate": (get, reverse("campus:certificate", args=[enrolment.pk]), {}),
        "campus:project_document": (get, reverse("campus:project_document", args=[enrolment.pk]), {}),
        "campus:enrolment_action": (post, reverse("campus:enrolment_action", args=[enrolment.pk, "withdraw"]), {}),
        "campus:staff_scholarships": (get, reverse("campus:staff_scholarships"), {}),
        # Events
        "events:my_calendar": (get, reverse("events:my_calendar"), {}),
        "events:my_registrations": (get, reverse("events:my_registrations"), {}),
        "events:register": (get, reverse("events:register", args=[event.slug]), {}),
        "events:registration": (get, reverse("events:registration", args=[registration.pk]), {}),
        "events:registration_cancel": (post, reverse("events:registration_cancel", args=[registration.pk]), {}),
        # One's own data: the page, a download (the city's technician's: no one else's), erasure
        "my_data": (get, reverse("my_data"), {}),
        "my_data_exports": (get, reverse("my_data_exports"), {}),
        "my_data_export": (post, reverse("my_data_export"), {}),
        "my_data_download": (get, reverse("my_data_download", args=[author_export.pk]), {}),
        "my_data_erase": (post, reverse("my_data_erase"), {}),
        "my_preferences": (get, reverse("my_preferences"), {}),
    }


# Pages of one's own (what the signed-in person applied to, enrolled in, registered for, their
# calendar): every signed-in person opens them, and they show only that person's own records.
OWN = {"portal:home", "programs:my_applications", "programs:apply", "programs:coop_home", "campus:my_courses",
       "campus:enrol", "events:my_calendar", "events:my_registrations", "events:register",
       "my_data", "my_data_exports", "my_data_export", "my_data_erase", "my_preferences"}

# What each staff role opens beyond its own pages (the city's technicians and focal points are
# walked by the isolation tests of each app).
CITY_PAGE = {"portal:member", "portal:panel[upcoming]", "portal:panel[funding]"}  # dates and funding: no one's data
CAMPUS = {"campus:enrolment", "campus:certificate", "campus:project_document", "campus:staff_scholarships",
          "portal:panel[campus]"}
APPLICATIONS = {"programs:application", "programs:application_pdf", "programs:document"}
ALLOWED: dict[str | None, set[str]] = {
    None: set(),  # staff with no role: the admin's door, nothing behind it
    # Everything of the city but what is its own to do (endorse, edit its drafts, withdraw).
    COORDINATOR.name: CITY_PAGE | CAMPUS | APPLICATIONS | {
        "portal:panel[dues]", "portal:panel[team]", "portal:panel[cooperation]", "portal:panel[knowledge]",
        "portal:panel[events]", "portal:participation_pdf",
        "portal:team_invite", "portal:team_remove", "portal:invitation_revoke",
        "programs:coop_microrred", "programs:coop_attendance", "programs:coop_session_ics", "programs:coop_document",
        "programs:coop_mentorship", "programs:coop_pairing",
        "programs:portal_practices", "programs:portal_practice_new", "programs:portal_practice_edit",
        "programs:portal_practice_submit", "programs:portal_practice_file_add", "programs:portal_practice_file_delete",
    },
    REVIEWER.name: APPLICATIONS,  # the applications, not the cities behind them
    CAMPUS_CLERK.name: CITY_PAGE | CAMPUS,
    EVENTS_CLERK.name: CITY_PAGE | {"portal:panel[events]"},
}


def staff_in(group_name: str | None):
    user = UserFactory(is_staff=True, email=f"walk-{(group_name or 'none')[:6].lower()}@example.org")
    if group_name:
        user.groups.add(staff_groups_ensure()[group_name])
    return user


def close_file(response) -> None:
    """A download's file, closed (response.close() would also close the test's database connection)."""
    stream = getattr(response, "file_to_stream", None)
    if stream is not None:
        stream.close()


def refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_walk_covers_every_url(db):
    walked = {name.split("[")[0] for name in build_world()}
    unwalked = {name for name in url_names() - walked - PUBLIC - SECRET_LINK - API
                if not (name or "").startswith("api:")}
    assert unwalked == set(), f"decide who may open these and add them to the walk: {sorted(unwalked, key=str)}"
    assert walked <= url_names()


@pytest.mark.parametrize("group", list(ALLOWED), ids=lambda g: g or "no role")
def test_each_staff_role_opens_exactly_its_own_portal_pages(client, group):
    world = build_world()
    client.force_login(staff_in(group))
    opened = set()
    for name, (method, path, data) in world.items():
        response = client.get(path) if method == "GET" else client.post(path, data)
        close_file(response)
        assert response.status_code < 500, name
        if not refused(response):
            opened.add(name)
    assert opened - OWN == ALLOWED[group]
    assert opened & OWN == OWN - {"events:register"}  # the event of the walk is not open for registration


# --- The admin ----------------------------------------------------------------------------------------
FILLERS = {"year": lambda: timezone.localdate().year, "target": lambda: "active", "which": lambda: "registrations",
           "fmt": lambda: "csv"}


def admin_urls() -> list[tuple[type, str, str]]:
    """(model, URL name, path) of every admin page of every registered model, standard and custom,
    filled with one existing object of the model; pages of models with no object are left out."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        instance = model._default_manager.order_by("pk").first()
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            params = set(pattern.pattern.regex.groupindex)
            kwargs = {}
            for param in params:
                if param in ("object_id", "pk", "run_id"):
                    if instance is None:
                        break
                    kwargs[param] = instance.pk
                elif param in FILLERS:
                    kwargs[param] = FILLERS[param]()
                else:
                    break
            else:
                try:
                    pages.append((model, pattern.name, reverse(f"admin:{pattern.name}", kwargs=kwargs)))
                except Exception:  # a pattern with a converter our filler does not fit
                    continue
    return pages


def holds_any(user, model) -> bool:
    opts = model._meta
    return any(holds(user, f"{opts.app_label}.{action}_{opts.model_name}")
               for action in ("view", "change", "add", "delete"))


@pytest.mark.parametrize("group", list(ALLOWED), ids=lambda g: g or "no role")
def test_each_staff_role_opens_only_the_admin_pages_its_permissions_allow(client, group):
    build_world()
    user = staff_in(group)
    client.force_login(user)
    pages = admin_urls()
    assert len(pages) > 150  # every model's list, add, change, history and delete page, and the custom ones
    leaks, lists = [], set()
    for model, name, path in pages:
        response = client.get(path)
        close_file(response)
        if response.status_code == 405:  # an action: sent empty, it must be refused before anything is read
            response = client.post(path)
        assert response.status_code < 500, path
        if refused(response) or (response.status_code == 302 and refused(client.get(response["Location"]))):
            continue  # refused, or sent back to a page that is (an action refused, back to its list)
        if not holds_any(user, model):
            leaks.append((path, response.status_code, response.get("Location")))  # an admin page of a model the role holds no permission on
        if name.endswith("_changelist"):
            lists.add(model._meta.label_lower)
    assert leaks == []
    opts = [model._meta for model in admin.site._registry]
    expected = {o.label_lower for o in opts if holds(user, f"{o.app_label}.view_{o.model_name}")
                or holds(user, f"{o.app_label}.change_{o.model_name}")}
    assert lists == expected
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    shown = {f"{m['object_name'].lower()}" for app in index.context["app_list"] for m in app["models"]}
    assert shown == {label.split(".")[1] for label in expected}
