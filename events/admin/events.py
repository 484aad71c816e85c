"""Events in the admin: programme, registrations by member, covered places, exports, badges, check-in."""

from __future__ import annotations

from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import Q
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from network.content_language import each_language
from network.errors import PortalError
from network.models import Member
from network.timezones import in_zone
from network.timezones import zone_or_default
from network.workflow import state_history
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application

from .. import exports
from .. import selectors
from ..enums import ACTIVE_REGISTRATION_STATES
from ..enums import EventKind
from ..enums import RegistrationState
from ..models import CalendarFeed
from ..models import Event
from ..models import ProgrammeSession
from ..models import Registration
from ..models.calendar import WEBINAR_SLUG_PREFIX
from ..pdf import badges_pdf
from ..services import registrations as services
from ..services.congress import congress_from_candidacy


class ProgrammeSessionInline(admin.TabularInline):
    model = ProgrammeSession
    extra = 0
    fields = ["starts_at", "ends_at", "room", "title", "speakers", "language"]


def _not_a_webinar_slug(value: str) -> None:
    if value.startswith(WEBINAR_SLUG_PREFIX):
        raise ValidationError(_("Slugs starting with “%(prefix)s” are kept for webinars.")
                              % {"prefix": WEBINAR_SLUG_PREFIX})


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "kind", "starts_at_local", "city", "host_member", "territorial_network", "published",
                    "registration_open", "registrations_count"]
    list_filter = ["kind", "published", "registration_open", "territorial_network", "theme"]
    search_fields = [*each_language("title"), "city", "venue", *each_language("motto")]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host_member"]
    raw_id_fields = ["host_application", "host_call"]
    date_hierarchy = "starts_at"
    inlines = [ProgrammeSessionInline]
    actions = ["open_registration", "close_registration"]
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug", "edition", "motto", "theme", "summary", "description",
                           "published")}),
        (_("Where and when"), {
            "fields": ("host_member", "territorial_network", "venue", "city", "online_url", "time_zone",
                       "starts_at", "ends_at"),
            "description": _("Dates and times are read and shown in the event's time zone."),
        }),
        (_("Registration"), {"fields": ("registration_open", "registration_closes_at", "capacity",
                                        "covered_places_per_member")}),
        (_("Host candidacy"), {"fields": ("host_call", "host_application"), "classes": ("collapse",)}),
    )

    def has_change_permission(self, request, obj=None):
        # A webinar's calendar entry is written from the webinar (Knowledge › Webinars): read-only here.
        return super().has_change_permission(request, obj) and (obj is None or not obj.webinar_id)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "kind" in form.base_fields:
            # Webinars are made in Knowledge › Webinars and appear in the calendar by themselves.
            form.base_fields["kind"].choices = [c for c in form.base_fields["kind"].choices
                                                if c[0] != EventKind.WEBINAR]
        if "slug" in form.base_fields:
            form.base_fields["slug"].validators.append(_not_a_webinar_slug)
        return form

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("host_member", "territorial_network").annotate(
            n_registrations=Count("registrations", filter=Q(registrations__state__in=ACTIVE_REGISTRATION_STATES)))

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts_at_local(self, obj):
        return format_html("{} <span class=\"quiet\">{}</span>",
                           in_zone(obj.starts_at, obj.tz).strftime("%Y-%m-%d %H:%M"), obj.time_zone)

    @admin.display(description=_("registrations"), ordering="n_registrations")
    def registrations_count(self, obj):
        url = reverse("admin:events_event_registrations", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.n_registrations)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The form reads and shows times in the event's time zone."""
        name = request.POST.get("time_zone", "") if request.method == "POST" else ""
        if not name and object_id:
            name = Event.objects.filter(pk=object_id).values_list("time_zone", flat=True).first() or ""
        with timezone.override(zone_or_default(name)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    @admin.action(description=_("Open registration"), permissions=["change"])
    def open_registration(self, request, queryset):
        count = services.events_registration_open_set(events=queryset, open=True)
        self.message_user(request, ngettext("Registration opened for %(count)d event.",
                                            "Registration opened for %(count)d events.", count) % {"count": count})

    @admin.action(description=_("Close registration"), permissions=["change"])
    def close_registration(self, request, queryset):
        count = services.events_registration_open_set(events=queryset, open=False)
        self.message_user(request, ngettext("Registration closed for %(count)d event.",
                                            "Registration closed for %(count)d events.", count) % {"count": count})

    # --- Staff pages ------------------------------------------------------------------------
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/registrations/", wrap(self.registrations_view), name="events_event_registrations"),
            path("<int:pk>/export/<str:which>.<str:fmt>", wrap(self.export_view), name="events_event_export"),
            path("<int:pk>/badges.pdf", wrap(self.badges_view), name="events_event_badges"),
            path("<int:pk>/check-in/", wrap(self.check_in_view), name="events_event_check_in"),
            path("from-candidacy/", wrap(self.from_candidacy_view), name="events_event_from_candidacy"),
            *super().get_urls(),
        ]

    def _event(self, request, pk: int) -> Event:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Event, pk=pk)

    def _context(self, request, event, title):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "event": event, "title": title,
                "original": event}

    def registrations_view(self, request, pk: int):
        event = self._event(request, pk)
        rows = selectors.registrations_by_member(event)
        networks: dict[str, list] = {}
        for row in rows:
            networks.setdefault(row.network or "—", []).append(row)
        totals = {"registered": sum(r.registered for r in rows), "covered": sum(r.covered for r in rows),
                  "attended": sum(r.attended for r in rows), "members": len(rows)}
        return TemplateResponse(request, "admin/events/event/registrations.html", {
            **self._context(request, event, _("Registrations by member")), "networks": networks, "totals": totals,
            "members": Member.objects.filter(status__in=["active", "in_arrears", "suspended"]).order_by("name"),
        })

    def export_view(self, request, pk: int, which: str, fmt: str):
        event = self._event(request, pk)
        if which not in exports.LISTS or fmt not in ("csv", "xlsx"):
            raise Http404
        header, rows = exports.LISTS[which](event)
        filename = f"{event.slug}-{which}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                exports.to_xlsx(header, rows, title=which),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def badges_view(self, request, pk: int):
        event = self._event(request, pk)
        registrations = list(selectors.staff_registrations(event).filter(state__in=ACTIVE_REGISTRATION_STATES))
        pdf = badges_pdf(event, registrations, language=request.LANGUAGE_CODE)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{event.slug}-badges.pdf"'
        return response

    def check_in_view(self, request, pk: int):
        event = self._event(request, pk)
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            registration = get_object_or_404(Registration, pk=request.POST.get("registration"), event=event)
            try:
                services.registration_check_in(registration=registration, by=request.user)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("%(name)s checked in.") % {"name": registration.person.full_name})
            return redirect(f"{request.path}?q={request.POST.get('q', '')}")
        query = request.GET.get("q", "").strip()
        registrations = selectors.staff_registrations(event).filter(state__in=ACTIVE_REGISTRATION_STATES)
        if query:
            registrations = registrations.filter(Q(person__last_name__icontains=query)
                                                 | Q(person__first_name__icontains=query)
                                                 | Q(member__name__icontains=query))
        return TemplateResponse(request, "admin/events/event/check_in.html", {
            **self._context(request, event, _("Check-in")), "registrations": list(registrations[:100]),
            "q": query, "attended": RegistrationState.ATTENDED,
        })

    def from_candidacy_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            application = get_object_or_404(Application, pk=request.POST.get("application"))
            try:
                event = congress_from_candidacy(application=application, by=request.user)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
                return redirect(request.path)
            self.message_user(request, _("The congress is ready; check its dates and publish it."))
            return redirect(reverse("admin:events_event_change", args=[event.pk]))
        candidacies = (Application.objects.filter(call__kind=CallKind.CONGRESS_HOST, state=ApplicationState.ACCEPTED)
                       .select_related("call", "member", "hosted_event").order_by("-pk"))
        return TemplateResponse(request, "admin/events/event/from_candidacy.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": _("Congress from a host candidacy"), "candidacies": candidacies,
        })


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "member", "event", "state", "covered_display", "arrival_on", "departure_on",
                    "hotel_nights", "dietary_needs"]
    list_filter = ["event", "state", "covered", "member__territorial_network"]
    search_fields = ["person__first_name", "person__last_name", "person__email", "member__name"]
    list_select_related = ["person", "member", "event"]
    readonly_fields = ["event", "person", "member", "state", "covered", "covered_slot", "registered_by",
                       "checked_in_at", "created_at", "history_display"]
    fields = ["event", "member", "person", "state", "covered", "covered_slot", "arrival_on", "departure_on",
              "hotel_nights", "dietary_needs", "accessibility_needs", "registered_by", "checked_in_at", "created_at",
              "history_display"]
    actions = ["confirm", "check_in", "cancel"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False  # registrations go through the register page (staff may pick any member there)

    @admin.display(description=_("covered place"), boolean=False, ordering="covered_slot")
    def covered_display(self, obj):
        if obj.covered_slot:
            return format_html('<strong>{}</strong>', _("Covered (%(n)s)") % {"n": obj.covered_slot})
        return _("Was covered") if obj.covered else "—"

    @admin.display(description=_("history"))
    def history_display(self, obj):
        rows = [f"{c.at:%Y-%m-%d %H:%M} {c.source} → {c.target} ({c.by or c.actor})" for c in state_history(obj)]
        return format_html("<br>".join(["{}"] * len(rows)), *rows) if rows else "—"

    def _apply(self, request, queryset, function, done_message):
        done = 0
        for registration in queryset:
            try:
                function(registration=registration, by=request.user)
            except PortalError as error:
                self.message_user(request, f"{registration}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done})

    @admin.action(description=_("Confirm"), permissions=["change"])
    def confirm(self, request, queryset):
        self._apply(request, queryset, services.registration_confirm, _("Confirmed: %(count)d."))

    @admin.action(description=_("Check in (attended)"), permissions=["change"])
    def check_in(self, request, queryset):
        self._apply(request, queryset, services.registration_check_in, _("Checked in: %(count)d."))

    @admin.action(description=_("Cancel (frees the covered place)"), permissions=["change"])
    def cancel(self, request, queryset):
        self._apply(request, queryset, services.registration_cancel, _("Cancelled: %(count)d."))


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "reset_at"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "reset_at"]
    exclude = ["secret"]

    def has_add_permission(self, request):
        return False
