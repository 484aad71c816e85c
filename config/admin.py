"""The portal's admin site: the secretariat's first-class UI, kept light per request.

- `available_apps` (the list of every model for the navigation sidebar, which we switch off:
  the change lists of calls and applications need the width) is only built when a template
  reads it, instead of on every admin page (about a tenth of a change list's time).
- The row checkbox of change lists is written directly instead of through a form widget's
  template (one template render per row was a fifth of a 50-row change list's time); the
  HTML is the same as Django's.
- A filtered change list's row links carry its filters (back to the same list after saving) as
  Django's do, without resolving every row's URL to find out that it is not the list's own (an
  eighth of a 50-row filtered list's time): PortalChangeList.
- Every `PortalError` that a service raises in an admin save, action or delete reaches the
  person, never a 500 (see "The net for refusals" below); it is applied to every ModelAdmin.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from urllib.parse import parse_qsl
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.db import router
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext as _

from network.errors import PortalError


class PortalAdminSite(admin.AdminSite):
    enable_nav_sidebar = False

    def admin_view(self, view, cacheable=False):
        """Django's (every admin page is sent with Cache-Control: no-store unless a view asks
        otherwise), and a service's refusal on a POST to any admin page, the apps' own pages included,
        becomes an error message on that page instead of a 500 (the change forms, actions and
        deletes handle theirs more closely, below)."""
        return super().admin_view(_refusals_as_messages(self, view), cacheable)

    def each_context(self, request):
        """Django's AdminSite.each_context (same keys, tested), with `available_apps` built lazily."""
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


def action_checkbox(self, obj):
    """A change list row's checkbox: the markup of Django's CheckboxInput, without its template."""
    return format_html(
        '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
        helpers.ACTION_CHECKBOX_NAME, str(obj.pk), format_html(_("Select this object for an action - {}"), str(obj)),
    )


class PortalChangeList(ChangeList):
    """Django's ChangeList; its rows' links carry the list's filters already. Django's row rendering
    (admin_list.items_for_result) passes each link through add_preserved_filters, which resolves the
    URL against every admin pattern to see whether it is the change list itself (then it would unwrap
    the filters); a row's link is a change page, never that, so the filters are added here, the same
    query string, and the rendering gets none to add."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.row_query = urlencode(dict(parse_qsl(self.preserved_filters)))
        self.preserved_filters = ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_query}" if self.row_query else url


def get_changelist(self, request, **kwargs):
    return PortalChangeList


# --- The net for refusals ---------------------------------------------------------------------
def _refusals_as_messages(site, view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PortalError as error:
            if request.method != "POST":
                raise
            messages.error(request, error.message)
            return HttpResponseRedirect(request.get_full_path())

    return wrapped


# Admin code calls the services and lets their PortalError go; here, once for every ModelAdmin:
# - Saves (add/change form, with save_model, save_related and the inlines' save_formset): Django runs
#   them in one transaction; the error is caught outside it, so everything is rolled back, and the
#   view runs again for the same POST with the refusal noted on the request. The form classes then
#   add the refusal's message in clean(): the form is invalid and Django shows it again, status 200,
#   with what was typed. A refusal about one inline row may name it (`error.form_prefix =
#   form.prefix`, set by the admin's save_formset): the message then shows on that row.
# - Actions (change list and change form) run in one transaction; a refusal rolls the whole action
#   back and becomes an error message on the page they came from.
# - Deletes (delete_model, delete_queryset through "Delete selected"): rolled back, an error message,
#   back to the object's page.
# Other exceptions, and a PortalError on a GET, go on as in Django. (No admin edits rows in its change
# list, `list_editable`, so those saves are not covered.)
REFUSAL = "_portal_admin_refusal"

_django_changeform_view = admin.ModelAdmin.changeform_view
_django_delete_view = admin.ModelAdmin.delete_view
_django_response_action = admin.ModelAdmin.response_action
_django_get_form = admin.ModelAdmin.get_form
_django_get_formset = InlineModelAdmin.get_formset


@dataclass(frozen=True)
class Refusal:
    message: str
    form_prefix: str | None  # an inline row's prefix ("travellers-2"), or None for the main form


def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
    try:
        return _django_changeform_view(self, request, object_id, form_url, extra_context)
    except PortalError as error:
        if request.method != "POST":
            raise
        if getattr(request, REFUSAL, None) is not None:
            # The refusal came back although the forms were refused: it is not about what was typed.
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        setattr(request, REFUSAL, Refusal(message=error.message, form_prefix=getattr(error, "form_prefix", None)))
        for _name, uploads in request.FILES.lists():
            for upload in uploads:
                upload.seek(0)  # read by the first run; an image field reads it again to check it
        return _django_changeform_view(self, request, object_id, form_url, extra_context)


def get_form(self, request, obj=None, change=False, **kwargs):
    form_class = _django_get_form(self, request, obj, change, **kwargs)
    refusal = getattr(request, REFUSAL, None)
    if refusal is None or refusal.form_prefix is not None:
        return form_class
    return _refused_form(form_class, refusal.message)


def get_formset(self, request, obj=None, **kwargs):
    formset_class = _django_get_formset(self, request, obj, **kwargs)
    refusal = getattr(request, REFUSAL, None)
    if refusal is None or refusal.form_prefix is None:
        return formset_class
    return _refused_formset(formset_class, refusal)


def _refused_form(form_class, message):
    class RefusedForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            self.add_error(None, message)
            return cleaned_data

    RefusedForm.__name__ = RefusedForm.__qualname__ = form_class.__name__
    return RefusedForm


def _refused_formset(formset_class, refusal: Refusal):
    class RefusedFormSet(formset_class):
        def clean(self):
            super().clean()
            for form in self.forms:
                if form.prefix == refusal.form_prefix:
                    form.add_error(None, refusal.message)

    RefusedFormSet.__name__ = RefusedFormSet.__qualname__ = formset_class.__name__
    return RefusedFormSet


def response_action(self, request, queryset, *args, **kwargs):
    try:
        with transaction.atomic(using=router.db_for_write(self.model)):
            return _django_response_action(self, request, queryset, *args, **kwargs)
    except PortalError as error:
        self.message_user(request, error.message, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())


def delete_view(self, request, object_id, extra_context=None):
    try:
        return _django_delete_view(self, request, object_id, extra_context)
    except PortalError as error:
        if request.method != "POST":
            raise
        self.message_user(request, error.message, messages.ERROR)
        opts = self.opts
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id],
                      current_app=self.admin_site.name)
        url = add_preserved_filters({"preserved_filters": self.get_preserved_filters(request), "opts": opts}, url)
        return HttpResponseRedirect(url)


class PortalAdminConfig(AdminConfig):
    default_site = "config.admin.PortalAdminSite"

    def ready(self) -> None:
        super().ready()
        admin.ModelAdmin.action_checkbox = action_checkbox
        admin.ModelAdmin.get_changelist = get_changelist
        admin.ModelAdmin.changeform_view = changeform_view
        admin.ModelAdmin.delete_view = delete_view
        admin.ModelAdmin.response_action = response_action
        admin.ModelAdmin.get_form = get_form
        InlineModelAdmin.get_formset = get_formset
