"""The portal's admin site (config/admin.py): same context and row markup as Django's, built lighter."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.admin import ActionLocation
from django.contrib.admin import AdminSite
from django.contrib.admin import ModelAdmin
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.http import HttpResponseRedirect
from django.test import RequestFactory
from django.urls import path
from django.urls import reverse

from config.admin import PortalAdminSite
from config.urls import urlpatterns as portal_urlpatterns
from network.models import Member
from network.models import StateChange
from programs.cooperation.enums import PairingState
from programs.cooperation.models import CityPairing
from programs.cooperation.models import PairingVisit
from programs.cooperation.models import VisitTraveller
from programs.cooperation.services.pairings import pairing_move
from programs.cooperation.services.pairings import visit_add
from tests.factories import MemberFactory
from tests.factories import UserFactory
from tests.programs.factories_cooperation import make_pairing

pytestmark = pytest.mark.django_db


def test_every_admin_page_gets_the_context_django_gives_with_the_model_list_built_on_demand():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(staff=True, is_superuser=True)
    ours = admin.site.each_context(request)
    django = AdminSite.each_context(admin.site, request)
    assert set(ours) == set(django)  # a Django upgrade that adds a key fails here
    assert list(ours["available_apps"]) == django["available_apps"]


def test_the_row_checkbox_is_djangos_markup():
    member = MemberFactory(name="Quito")
    from django import forms
    from django.contrib.admin import helpers
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    expected = forms.CheckboxInput(
        {"class": "action-select", "aria-label": format_html(_("Select this object for an action - {}"), str(member))},
        lambda value: False,
    ).render(helpers.ACTION_CHECKBOX_NAME, str(member.pk))
    assert admin.site._registry[Member].action_checkbox(member) == expected
    assert ModelAdmin.action_checkbox is admin.site._registry[Member].action_checkbox.__func__


@pytest.mark.parametrize("query", ["", "status__exact=active&q=Quito", "o=-1&status__exact=active"])
def test_a_filtered_change_lists_row_links_carry_its_filters_as_djangos_do(client, query):
    """The rows link to their change pages with the list's filters, so saving leads back to the same
    list: the same links Django's add_preserved_filters writes, without resolving each one."""
    from django.contrib.admin.templatetags.admin_urls import add_preserved_filters

    member = MemberFactory(name="Quito")
    client.force_login(UserFactory(staff=True, is_superuser=True))
    url = reverse("admin:network_member_changelist") + (f"?{query}" if query else "")
    response = client.get(url)
    change = reverse("admin:network_member_change", args=[member.pk])
    preserved = admin.site._registry[Member].get_preserved_filters(response.wsgi_request)
    expected = add_preserved_filters({"preserved_filters": preserved, "opts": Member._meta}, change)
    assert ("_changelist_filters" in expected) == bool(query)
    assert f'href="{expected}"'.replace("&", "&amp;") in response.text


def test_a_change_list_selects_rows_for_actions(client):
    MemberFactory(name="Quito")
    client.force_login(UserFactory(staff=True, is_superuser=True))
    page = client.get("/admin/network/member/").text
    assert 'class="action-select"' in page and 'id="action-toggle"' in page and "Quito" in page



def test_every_admin_page_tells_browsers_and_proxies_not_to_keep_it(client):
    """Index, every change list, every add form and a change form: staff pages hold personal data."""
    client.force_login(UserFactory(staff=True, is_superuser=True))
    member = MemberFactory(name="Quito")
    lists = [f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry]
    forms = [url + "add/" for url in lists] + [f"/admin/network/member/{member.pk}/change/"]
    responses = {url: client.get(url) for url in ["/admin/", *lists, *forms]}
    assert {url: r.status_code for url, r in responses.items() if url in lists and r.status_code != 200} == {}
    assert {url: r.get("Cache-Control") for url, r in responses.items()
            if r.status_code == 200 and "no-store" not in r.get("Cache-Control", "")} == {}


# --- The net for refusals: a service's PortalError in an admin save, action or delete ----------------
class PairingsStartedOrCancelledAdmin(ModelAdmin):
    """Only on the test site below: an action and deletes that let the service's refusal go, as every admin
    may (the registered admins' actions catch theirs row by row, and no registered delete calls a service)."""

    actions = ("start_all",)

    @admin.action(description="Start", permissions=["change"],
                  location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM])
    def start_all(self, request, queryset):
        for pairing in queryset.order_by("pk"):
            pairing_move(pairing=pairing, to=PairingState.ACTIVE, by=request.user)

    def delete_model(self, request, obj):
        pairing_move(pairing=obj, to=PairingState.CANCELLED, by=request.user)  # a pairing is cancelled first
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for pairing in queryset.order_by("pk"):
            self.delete_model(request, pairing)

    def get_urls(self):
        # An app's own admin page (as mentorships from requests, or the report's render button).
        return [path("<int:pk>/complete/", self.admin_site.admin_view(self.complete_view)), *super().get_urls()]

    def complete_view(self, request, pk):
        pairing_move(pairing=CityPairing.objects.get(pk=pk), to=PairingState.COMPLETED, by=request.user)
        return HttpResponseRedirect(REFUSALS)


refusals_site = PortalAdminSite(name="refusals")
refusals_site.register(CityPairing, PairingsStartedOrCancelledAdmin)
urlpatterns = [path("refusals/", refusals_site.urls), *portal_urlpatterns]
REFUSALS = "/refusals/programs/citypairing/"
ILLEGAL_MOVE = "This change of state is not allowed."


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def shown(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m.message)) for m in get_messages(response.wsgi_request)]


def test_a_refusal_in_an_admin_save_shows_the_form_again_with_what_was_typed_and_saves_nothing(staff_client):
    """The visit admin calls visit_add, which refuses a fourth visit (the form itself no longer checks)."""
    pairing = make_pairing()
    for day in (1, 2, 3):
        visit_add(pairing=pairing, host=pairing.city_a, place="Sede", starts_on=date(2030, 5, day),
                  ends_on=date(2030, 5, day))
    data = {"pairing": pairing.pk, "host": pairing.city_b.pk, "place": "Biblioteca EPM", "starts_on": "2030-09-01",
            "ends_on": "2030-09-03", "programme": "", "travellers-TOTAL_FORMS": 1, "travellers-INITIAL_FORMS": 0,
            "travellers-0-name": "Lucía Gómez", "travellers-0-member": pairing.city_b.pk, "travellers-0-funded": "on"}
    response = staff_client.post("/admin/programs/pairingvisit/add/", data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.non_field_errors()) == ["A pairing has at most 3 technical visits."]
    assert 'name="place" value="Biblioteca EPM"' in response.text
    assert 'name="travellers-0-name" value="Lucía Gómez"' in response.text
    assert (PairingVisit.objects.count(), VisitTraveller.objects.count(), LogEntry.objects.count()) == (3, 0, 0)
    assert shown(response) == []


@pytest.mark.urls("tests.test_admin_site")
def test_a_refusal_in_an_admin_action_rolls_the_whole_action_back_with_an_error_message(staff_client):
    planned, already_active = make_pairing(), make_pairing()
    pairing_move(pairing=already_active, to=PairingState.ACTIVE, by=None)
    changes = StateChange.objects.count()
    response = staff_client.post(REFUSALS, {"action": "start_all", "index": 0,
                                            "_selected_action": [planned.pk, already_active.pk]})
    assert (response.status_code, response["Location"]) == (302, REFUSALS)
    assert shown(response) == [("error", ILLEGAL_MOVE)]
    planned.refresh_from_db()
    assert planned.state == PairingState.PLANNED  # started first, then rolled back with the rest
    assert StateChange.objects.count() == changes


@pytest.mark.urls("tests.test_admin_site")
def test_a_refusal_in_an_admin_action_on_the_change_form_goes_back_to_it(staff_client):
    active = make_pairing()
    pairing_move(pairing=active, to=PairingState.ACTIVE, by=None)
    url = f"{REFUSALS}{active.pk}/change/"
    response = staff_client.post(url, {"CHANGE_FORM-action": "start_all", "_selected_action": [active.pk]})
    assert (response.status_code, response["Location"]) == (302, url)
    assert shown(response) == [("error", ILLEGAL_MOVE)]


@pytest.mark.urls("tests.test_admin_site")
def test_a_delete_that_a_service_refuses_stays_undone_with_an_error_message(staff_client):
    completed = make_pairing()
    pairing_move(pairing=completed, to=PairingState.ACTIVE, by=None)
    pairing_move(pairing=completed, to=PairingState.COMPLETED, by=None)
    response = staff_client.post(f"{REFUSALS}{completed.pk}/delete/", {"post": "yes"})
    assert (response.status_code, response["Location"]) == (302, f"{REFUSALS}{completed.pk}/change/")
    assert shown(response) == [("error", ILLEGAL_MOVE)]
    assert CityPairing.objects.get().state == PairingState.COMPLETED
    assert LogEntry.objects.count() == 0


@pytest.mark.urls("tests.test_admin_site")
def test_delete_selected_that_a_service_refuses_for_one_row_deletes_none(staff_client):
    planned, completed = make_pairing(), make_pairing()
    pairing_move(pairing=completed, to=PairingState.ACTIVE, by=None)
    pairing_move(pairing=completed, to=PairingState.COMPLETED, by=None)
    changes = StateChange.objects.count()
    response = staff_client.post(REFUSALS, {"action": "delete_selected", "index": 0, "post": "yes",
                                            "_selected_action": [planned.pk, completed.pk]})
    assert (response.status_code, response["Location"]) == (302, REFUSALS)
    assert shown(response) == [("error", ILLEGAL_MOVE)]
    assert sorted(CityPairing.objects.values_list("pk", "state")) == [
        (planned.pk, PairingState.PLANNED), (completed.pk, PairingState.COMPLETED)]
    assert (StateChange.objects.count(), LogEntry.objects.count()) == (changes, 0)


def test_an_action_that_reports_refusals_row_by_row_keeps_what_it_did(staff_client):
    """The registered admins' own handling still works inside the action's transaction."""
    planned, already_active = make_pairing(), make_pairing()
    pairing_move(pairing=already_active, to=PairingState.ACTIVE, by=None)
    response = staff_client.post("/admin/programs/citypairing/", {
        "action": "start", "index": 0, "_selected_action": [planned.pk, already_active.pk]})
    assert response.status_code == 302
    assert shown(response) == [("error", f"{already_active}: {ILLEGAL_MOVE}"), ("success", "1 pairing updated.")]
    planned.refresh_from_db()
    assert planned.state == PairingState.ACTIVE


@pytest.mark.urls("tests.test_admin_site")
def test_a_refusal_on_an_apps_own_admin_page_is_a_message_on_that_page(staff_client):
    planned = make_pairing()  # a planned pairing cannot be completed
    url = f"{REFUSALS}{planned.pk}/complete/"
    response = staff_client.post(url)
    assert (response.status_code, response["Location"], shown(response)) == (302, url, [("error", ILLEGAL_MOVE)])
    planned.refresh_from_db()
    assert planned.state == PairingState.PLANNED


@pytest.mark.django_db
def test_a_signed_in_person_who_is_not_staff_is_sent_to_their_portal_with_a_word(client, caplog):
    from tests.factories import MemberFactory
    from tests.factories import technician_of

    client.force_login(technician_of(MemberFactory()))
    response = client.get("/admin/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("portal:home")) or \
        response.request["PATH_INFO"].startswith("/portal/")
    assert "The administration is for the secretariat" in response.content.decode()
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR") and "Forbidden" in r.getMessage()]
