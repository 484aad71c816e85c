"""The portal's admin site (config/admin.py): same context and row markup as Django's, built lighter."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite, ModelAdmin
from django.test import RequestFactory

from network.models import Member
from tests.factories import MemberFactory, UserFactory

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
