"""Board, executive committee and assembly sessions: agenda, quorum list, agreements, minutes PDF."""

from __future__ import annotations

from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from network.errors import PortalError

from ..enums import AgreementStatus
from ..models import AgendaItem
from ..models import Agreement
from ..models import AgreementNote
from ..models import BoardSession
from ..models import SessionAttendance
from ..pdf import minutes_pdf
from ..services import governance as services


class AttendanceInline(admin.TabularInline):
    model = SessionAttendance
    extra = 0
    fields = ["name", "capacity", "present", "person"]
    raw_id_fields = ["person"]


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title", "notes", "is_follow_up"]
    readonly_fields = ["is_follow_up"]


class AgreementInline(admin.TabularInline):
    """New agreements of the session; codes are given on save (JD-XI-1, JD-XI-2 …)."""

    model = Agreement
    extra = 1
    fields = ["code", "text", "responsible", "due_on", "status"]
    readonly_fields = ["code", "status"]
    raw_id_fields = ["responsible"]
    can_delete = False


@admin.register(BoardSession)
class BoardSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "body", "kind", "number", "held_at", "place", "minutes_link"]
    list_filter = ["body", "kind"]
    date_hierarchy = "held_at"
    inlines = [AttendanceInline, AgendaInline, AgreementInline]
    fields = ["body", "kind", "number", "held_at", "time_zone", "place", "notes", "follow_up_display"]
    readonly_fields = ["follow_up_display"]

    @admin.display(description=_("minutes"))
    def minutes_link(self, obj):
        return format_html('<a href="{}">PDF</a>', reverse("admin:events_boardsession_minutes", args=[obj.pk]))

    @admin.display(description=_("follow-up of agreements of earlier sessions"))
    def follow_up_display(self, obj):
        if not obj.pk:
            return _t("Listed when the session is saved: every open agreement of earlier sessions.")
        rows = [(a.code, a.get_status_display(), a.text[:120]) for a in obj.carried_agreements.all()]
        if not rows:
            return "—"
        return format_html("<br>".join(["<strong>{}</strong> ({}) {}"] * len(rows)),
                           *[value for row in rows for value in row])

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.board_session_prepare(session=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Agreement:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for agreement in instances:
            if agreement.pk:
                agreement.save()
            else:
                services.agreement_add(session=form.instance, text=agreement.text, responsible=agreement.responsible,
                                       due_on=agreement.due_on)
        formset.save_m2m()
        return None

    def get_urls(self):
        return [path("<int:pk>/minutes.pdf", self.admin_site.admin_view(self.minutes_view),
                     name="events_boardsession_minutes"), *super().get_urls()]

    def minutes_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(BoardSession, pk=pk)
        response = HttpResponse(minutes_pdf(session, language=request.LANGUAGE_CODE), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="minutes-{session.code_prefix}.pdf"'
        return response


class NoteInline(admin.TabularInline):
    """Dated follow-up notes; a new note may change the agreement's status."""

    model = AgreementNote
    extra = 1
    fields = ["written_on", "text", "status", "by"]
    readonly_fields = ["by"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["code", "short_text", "responsible", "due_on", "status", "latest_note"]
    list_filter = ["status", "session__body"]
    search_fields = ["code", "text", "responsible__last_name"]
    readonly_fields = ["session", "code", "status"]
    fields = ["session", "code", "text", "responsible", "due_on", "status"]
    raw_id_fields = ["responsible"]
    inlines = [NoteInline]
    actions = ["mark_in_progress", "mark_done", "mark_cancelled"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("responsible", "session").prefetch_related("notes")

    def has_add_permission(self, request):
        return False  # agreements are taken in a session (its page)

    @admin.display(description=_("agreement"))
    def short_text(self, obj):
        return obj.text[:90] + ("…" if len(obj.text) > 90 else "")

    @admin.display(description=_("latest note"))
    def latest_note(self, obj):
        notes = sorted(obj.notes.all(), key=lambda n: (n.written_on, n.pk))
        return f"{notes[-1].written_on:%Y-%m-%d}: {notes[-1].text[:80]}" if notes else "—"

    def save_formset(self, request, form, formset, change):
        if formset.model is not AgreementNote:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            if not note.pk:  # a refusal is shown on the form again, nothing saved (config/admin.py)
                services.agreement_follow_up(agreement=form.instance, text=note.text, status=note.status,
                                             by=request.user, written_on=note.written_on)
        return None

    def _mark(self, request, queryset, status, text):
        done = 0
        for agreement in queryset:
            try:
                services.agreement_follow_up(agreement=agreement, text=text, status=status, by=request.user)
            except PortalError as error:
                self.message_user(request, f"{agreement.code}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, _t("Updated: %(count)d.") % {"count": done})

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, AgreementStatus.IN_PROGRESS, _t("Marked as in progress."))

    @admin.action(description=_("Mark as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._mark(request, queryset, AgreementStatus.DONE, _t("Marked as done."))

    @admin.action(description=_("Mark as cancelled"), permissions=["change"])
    def mark_cancelled(self, request, queryset):
        self._mark(request, queryset, AgreementStatus.CANCELLED, _t("Marked as cancelled."))
