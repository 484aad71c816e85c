"""Admin of the cooperation area: microrredes (formed from accepted applications, grouped by theme),
their sessions and attendance, mentorships (matched with suggested mentor cities, moved through the
workflow), and city pairings with their roadmap, visits and delegations.

Everything that has a rule (6–8 cities, the mentorship workflow, 5 funded travellers, 3 visits)
goes through programs.cooperation.services; the admin only parses and reports."""

from __future__ import annotations

from contextlib import contextmanager

from django import forms
from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.urls import reverse
from django.utils.html import format_html
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network.errors import PortalError
from network.workflow import state_history
from programs.calls.enums import Actor
from programs.calls.models import Application

from . import selectors as selectors
from .enums import MENTORSHIP_WORKFLOW
from .enums import PAIRING_WORKFLOW
from .forms import FormMicrorredForm
from .forms import MentorMatchForm
from .forms import MicrorredCityForm
from .models import CityPairing
from .models import Mentorship
from .models import MentorshipSession
from .models import Microrred
from .models import MicrorredDocument
from .models import MicrorredParticipation
from .models import MicrorredSession
from .models import PairingMilestone
from .models import PairingVisit
from .models import SessionAttendance
from .models import VisitTraveller
from .services import mentorships as mentorship_services
from .services import microrredes as microrred_services
from .services import pairings as pairing_services


# --- Microrredes ---------------------------------------------------------------------------------
class ParticipationInline(admin.TabularInline):
    model = MicrorredParticipation
    fields = ["member", "application", "time_zone", "technicians"]
    readonly_fields = ["member", "application"]
    autocomplete_fields = ["technicians"]
    extra = 0
    max_num = 0  # cities are added and removed through "Cities" (6 to 8, checked under a lock)
    can_delete = False


class SessionInline(admin.TabularInline):
    model = MicrorredSession
    fields = ["number", "starts_at", "ends_at", "cancelled"]
    readonly_fields = ["number"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # sessions are generated (action "Generate the missing sessions")


class DocumentInline(admin.TabularInline):
    model = MicrorredDocument
    fields = ["title", "session", "file", "url", "public"]
    extra = 0


@admin.register(Microrred)
class MicrorredAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "edition", "year", "starts_on", "city_count", "phase_label"]
    list_filter = ["edition", "year", "theme"]
    search_fields = ["title", "members__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["coordinator"]
    readonly_fields = ["call", "cities_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "theme", "call", "edition", "year", "summary", "coordinator"]}),
        (_("Sessions"), {"fields": ["starts_on", "duration_months", "session_time", "session_minutes", "time_zone",
                                    "online_link"]}),
        (_("Cities"), {"fields": ["cities_link"]}),
    ]
    inlines = [ParticipationInline, SessionInline, DocumentInline]
    actions = ["generate_sessions"]
    change_list_template = "admin/programs/microrred/change_list.html"

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).select_related("theme").annotate(
            _city_count=Count("participations", distinct=True))

    def has_add_permission(self, request):
        return False  # formed from accepted applications ("Form from applications")

    @admin.display(description=_("cities"), ordering="_city_count")
    def city_count(self, obj):
        return obj._city_count

    @admin.display(description=_("phase"))
    def phase_label(self, obj):
        return obj.get_phase_display()

    @admin.display(description=_("add or remove cities"))
    def cities_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a class="button" href="{}">{}</a>',
                           reverse("admin:programs_microrred_cities", args=[obj.pk]), _("Add or remove cities"))

    @admin.action(description=_("Generate the missing sessions"), permissions=["change"])
    def generate_sessions(self, request, queryset):
        created = sum(microrred_services.microrred_sessions_generate(microrred=m) for m in queryset)
        self.message_user(request, ngettext("%(count)d session created.", "%(count)d sessions created.", created)
                          % {"count": created}, messages.SUCCESS)

    def get_urls(self):
        return [
            path("form/", self.admin_site.admin_view(self.form_view), name="programs_microrred_form"),
            path("<int:pk>/cities/", self.admin_site.admin_view(self.cities_view), name="programs_microrred_cities"),
        ] + super().get_urls()

    def form_view(self, request: HttpRequest):
        """Suggested groupings by theme of the accepted applications of a microrred call, and the form
        that makes one group a microrred."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        calls = list(selectors.microrred_calls())
        call = next((c for c in calls if str(c.pk) == request.GET.get("call", request.POST.get("call", ""))),
                    calls[0] if calls else None)
        groupings = selectors.microrred_groupings(call) if call else []
        choices = [(str(a.pk), f"{a.member.name} · {a.reference}") for g in groupings for a in g.applications]
        choices = list(dict(choices).items())
        initial = {"edition": (Microrred.objects.order_by("-edition").values_list("edition", flat=True).first() or 0) + 1,
                   "year": call.opens_at.year if call else None}
        form = FormMicrorredForm(request.POST if request.method == "POST" else None, application_choices=choices,
                                 initial=initial)
        if request.method == "POST" and call and form.is_valid():
            data = form.cleaned_data
            try:
                microrred = microrred_services.microrred_form(
                    call=call, theme=data["theme"],
                    applications=list(Application.objects.filter(pk__in=data["applications"])),
                    title=data["title"], edition=data["edition"], year=data["year"], starts_on=data["starts_on"],
                    session_time=data["session_time"], time_zone=data["time_zone"],
                    duration_months=data["duration_months"], online_link=data["online_link"],
                )
            except PortalError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("%(title)s was formed with its session calendar.")
                                  % {"title": microrred.title}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:programs_microrred_change", args=[microrred.pk]))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": _("Form a microrred"),
            "calls": calls, "call": call, "groupings": groupings, "form": form,
        }
        return TemplateResponse(request, "admin/programs/microrred/form_from_applications.html", context)

    def cities_view(self, request: HttpRequest, pk: int):
        microrred = get_object_or_404(Microrred, pk=pk)
        if not self.has_change_permission(request, microrred):
            raise PermissionDenied
        form = MicrorredCityForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            member, action = form.cleaned_data["member"], form.cleaned_data["action"]
            try:
                if action == "add":
                    microrred_services.microrred_add_member(microrred=microrred, member=member)
                    self.message_user(request, _("%(city)s joined the microrred.") % {"city": member}, messages.SUCCESS)
                else:
                    microrred_services.microrred_remove_member(microrred=microrred, member=member)
                    self.message_user(request, _("%(city)s left the microrred.") % {"city": member}, messages.SUCCESS)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        participations = list(microrred.participations.select_related("member"))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": microrred,
            "title": _("Cities of %(title)s") % {"title": microrred.title}, "participations": participations,
            "add_form": MicrorredCityForm(initial={"action": "add"}),
        }
        return TemplateResponse(request, "admin/programs/microrred/cities.html", context)


class AttendanceInline(admin.TabularInline):
    model = SessionAttendance
    fields = ["member", "answer", "answered_by", "answered_at", "attended"]
    readonly_fields = ["member", "answer", "answered_by", "answered_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MicrorredSession)
class MicrorredSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_at", "cancelled"]
    list_filter = ["microrred__edition", "cancelled"]
    search_fields = ["microrred__title"]
    readonly_fields = ["microrred", "number"]
    fields = ["microrred", "number", "starts_at", "ends_at", "agenda", "online_link", "minutes", "cancelled"]
    inlines = [AttendanceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("microrred")

    def has_add_permission(self, request):
        return False


# --- Mentorships ---------------------------------------------------------------------------------
class MentorshipSessionInline(admin.TabularInline):
    model = MentorshipSession
    fields = ["starts_at", "topic", "notes"]
    extra = 0


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["reference", "mentee", "mentor", "theme", "state", "created_at"]
    list_filter = ["state", "theme"]
    search_fields = ["reference", "mentee__name", "mentor__name"]
    readonly_fields = ["reference", "mentee", "mentor", "theme", "application", "state", "matched_at", "started_at",
                       "ended_at", "mentee_report", "mentor_report", "workflow_buttons", "suggested_mentors",
                       "history"]
    fieldsets = [
        (None, {"fields": ["reference", "mentee", "theme", "application", "objectives"]}),
        (_("State"), {"fields": ["state", "workflow_buttons", "mentor", "suggested_mentors", "matched_at",
                                 "started_at", "ended_at", "history"]}),
        (_("Final reports"), {"fields": ["mentee_report", "mentor_report"]}),
    ]
    inlines = [MentorshipSessionInline]
    change_list_template = "admin/programs/mentorship/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentee", "mentor", "theme")

    def has_add_permission(self, request):
        return False  # requests come through the mentoring call (or "Create from accepted requests")

    @admin.display(description=_("next steps"))
    def workflow_buttons(self, obj):
        moves = MENTORSHIP_WORKFLOW.targets(source=obj.state, actor=Actor.STAFF)
        if not moves:
            return "—"
        return format_html_join(" ", '<a class="button" href="{}">{}</a>', [
            (reverse("admin:programs_mentorship_match", args=[obj.pk]) if m.target == "matched"
             else reverse("admin:programs_mentorship_move", args=[obj.pk, m.target]), m.label)
            for m in moves])

    @admin.display(description=_("suggested mentor cities"))
    def suggested_mentors(self, obj):
        suggestions = selectors.mentor_suggestions(obj)
        if not suggestions:
            return _("No member has published good practices or past microrredes in this theme.")
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} — {}</li>", [
            (s.member.name, _describe(s)) for s in suggestions]))

    @admin.display(description=_("history"))
    def history(self, obj):
        rows = [(c.at.strftime("%Y-%m-%d %H:%M"), MENTORSHIP_WORKFLOW.label(source=c.source, target=c.target),
                 c.by or "—") for c in state_history(obj)]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} · {} · {}</li>", rows)) if rows else "—"

    def get_urls(self):
        return [
            path("from-requests/", self.admin_site.admin_view(self.from_requests_view),
                 name="programs_mentorship_from_requests"),
            path("<int:pk>/match/", self.admin_site.admin_view(self.match_view), name="programs_mentorship_match"),
            path("<int:pk>/move/<str:target>/", self.admin_site.admin_view(self.move_view),
                 name="programs_mentorship_move"),
        ] + super().get_urls()

    def from_requests_view(self, request):
        if request.method != "POST" or not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:programs_mentorship_changelist"))
        made = mentorship_services.mentorships_from_accepted()
        self.message_user(request, ngettext("%(count)d mentorship created from accepted requests.",
                                            "%(count)d mentorships created from accepted requests.", made)
                          % {"count": made}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:programs_mentorship_changelist"))

    def match_view(self, request, pk: int):
        mentorship = get_object_or_404(Mentorship.objects.select_related("mentee", "theme"), pk=pk)
        if not self.has_change_permission(request, mentorship):
            raise PermissionDenied
        suggestions = selectors.mentor_suggestions(mentorship)
        form = MentorMatchForm(request.POST or None, mentee=mentorship.mentee,
                               initial={"mentor": suggestions[0].member.pk if suggestions else None})
        if request.method == "POST" and form.is_valid():
            try:
                mentorship_services.mentorship_match(mentorship=mentorship, mentor=form.cleaned_data["mentor"],
                                                     by=request.user, comment=form.cleaned_data["comment"])
            except PortalError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("Matched; both cities have been told."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:programs_mentorship_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": mentorship,
            "title": _("Match %(reference)s with a mentor city") % {"reference": mentorship.reference},
            "form": form, "suggestions": [(s, _describe(s)) for s in suggestions], "mentorship": mentorship,
        }
        return TemplateResponse(request, "admin/programs/mentorship/match.html", context)

    def move_view(self, request, pk: int, target: str):
        mentorship = get_object_or_404(Mentorship, pk=pk)
        if not self.has_change_permission(request, mentorship):
            raise PermissionDenied
        if request.method == "POST":
            try:
                mentorship_services.mentorship_move(mentorship=mentorship, to=target, by=request.user,
                                                    comment=request.POST.get("comment", "")[:2000])
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("Done; both cities have been told."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:programs_mentorship_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": mentorship,
            "title": MENTORSHIP_WORKFLOW.label(source=mentorship.state, target=target) or _("Not allowed"),
            "allowed": MENTORSHIP_WORKFLOW.allowed(source=mentorship.state, target=target, actor=Actor.STAFF),
            "mentorship": mentorship,
        }
        return TemplateResponse(request, "admin/programs/mentorship/move.html", context)


def _describe(suggestion) -> str:
    parts = []
    if suggestion.practices:
        parts.append(ngettext("%(count)d published good practice", "%(count)d published good practices",
                              suggestion.practices) % {"count": suggestion.practices})
    if suggestion.microrredes:
        parts.append(ngettext("%(count)d microrred in this theme", "%(count)d microrredes in this theme",
                              suggestion.microrredes) % {"count": suggestion.microrredes})
    if suggestion.offered:
        parts.append(str(_("offered to mentor")))
    return ", ".join(parts)


# --- City pairings -------------------------------------------------------------------------------
class PairingForm(forms.ModelForm):
    class Meta:
        model = CityPairing
        fields = ["title", "city_a", "city_a_group", "city_b", "city_b_group", "theme", "starts_on",
                  "duration_months", "roadmap"]

    def clean(self):
        data = super().clean()
        for city_field, group_field in (("city_a", "city_a_group"), ("city_b", "city_b_group")):
            city = data.get(city_field)
            if city and not pairing_services.pairing_eligible(city=city, group=data.get(group_field) or ""):
                self.add_error(city_field, _("%(city)s has %(population)s inhabitants: a pairing needs more than "
                                             "100,000, or a group of cities represented by one (list them).")
                               % {"city": city.name, "population": city.population or "?"})
        return data


class MilestoneInline(admin.TabularInline):
    model = PairingMilestone
    fields = ["title", "due_on", "progress", "notes"]
    extra = 0


class VisitInline(admin.TabularInline):
    model = PairingVisit
    fields = ["number", "host", "place", "starts_on", "ends_on"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # through "Technical visits" (numbered, at most 3)


@admin.register(CityPairing)
class CityPairingAdmin(admin.ModelAdmin):
    form = PairingForm
    list_display = ["reference", "title", "city_a", "city_b", "theme", "starts_on", "state"]
    list_filter = ["state", "theme"]
    search_fields = ["reference", "title", "city_a__name", "city_b__name"]
    inlines = [MilestoneInline, VisitInline]
    actions = ["start", "complete"]

    def get_readonly_fields(self, request, obj=None):
        # The two cities and their groups were checked for eligibility when the pairing was created, and
        # visits and travellers depend on them: they are not changed afterwards.
        if obj is None:
            return ["reference", "state"]
        return ["reference", "state", "city_a", "city_a_group", "city_b", "city_b_group"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        created = pairing_services.pairing_create(
            title=data["title"], city_a=data["city_a"], city_b=data["city_b"], theme=data["theme"],
            starts_on=data["starts_on"], city_a_group=data.get("city_a_group", ""),
            city_b_group=data.get("city_b_group", ""), duration_months=data["duration_months"],
            roadmap=data.get("roadmap", ""))
        obj.pk, obj.reference, obj._state.adding = created.pk, created.reference, False

    def _move(self, request, queryset, target):
        done = 0
        for pairing in queryset:
            try:
                pairing_services.pairing_move(pairing=pairing, to=target, by=request.user)
                done += 1
            except PortalError as error:
                self.message_user(request, f"{pairing}: {error.message}", messages.ERROR)
        if done:
            self.message_user(request, ngettext("%(count)d pairing updated.", "%(count)d pairings updated.", done)
                              % {"count": done}, messages.SUCCESS)

    @admin.action(description=PAIRING_WORKFLOW.label(source="planned", target="active"), permissions=["change"])
    def start(self, request, queryset):
        self._move(request, queryset, "active")

    @admin.action(description=PAIRING_WORKFLOW.label(source="active", target="completed"), permissions=["change"])
    def complete(self, request, queryset):
        self._move(request, queryset, "completed")


class TravellerInline(admin.TabularInline):
    model = VisitTraveller
    fields = ["name", "position", "member", "person", "funded"]
    autocomplete_fields = ["person"]
    extra = 1


@contextmanager
def _refusal_on_row(form):
    """A service's refusal about one traveller shows on that traveller's row (config/admin.py reads
    `form_prefix` when it shows the form again)."""
    try:
        yield
    except PortalError as error:
        error.form_prefix = form.prefix
        raise


@admin.register(PairingVisit)
class PairingVisitAdmin(admin.ModelAdmin):
    """Visits and their delegations change only through programs.cooperation.services.pairings (at most
    3 visits hosted by one of the two cities, at most 5 funded travellers from those cities, under a
    lock); a refusal is shown on the form again with what was typed (config/admin.py)."""

    fields = ["pairing", "number", "host", "place", "starts_on", "ends_on", "programme"]
    list_display = ["__str__", "host", "place", "starts_on", "ends_on"]
    inlines = [TravellerInline]

    def get_readonly_fields(self, request, obj=None):
        return ["number"] if obj is None else ["pairing", "number"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        visit = {"host": data["host"], "place": data["place"], "starts_on": data["starts_on"],
                 "ends_on": data["ends_on"], "programme": data.get("programme", "")}
        if change:
            pairing_services.visit_update(visit=obj, **visit)
            return
        created = pairing_services.visit_add(pairing=data["pairing"], **visit)
        obj.pk, obj.number, obj._state.adding = created.pk, created.number, False

    def save_formset(self, request, form, formset, change):
        if formset.model is not VisitTraveller:
            return super().save_formset(request, form, formset, change)
        # formset.save(commit=False) writes nothing; it lists what changed (for the change message).
        formset.save(commit=False)
        rows = {id(row.instance): row for row in formset.forms}
        for traveller in formset.deleted_objects:
            with _refusal_on_row(rows[id(traveller)]):
                pairing_services.traveller_remove(traveller=traveller)
        # Places that stop being funded are freed before others take them.
        for traveller, _fields in sorted(formset.changed_objects, key=lambda change: change[0].funded):
            with _refusal_on_row(rows[id(traveller)]):
                pairing_services.traveller_update(traveller=traveller, **_traveller_data(traveller))
        for traveller in formset.new_objects:
            with _refusal_on_row(rows[id(traveller)]):
                created = pairing_services.traveller_add(visit=form.instance, **_traveller_data(traveller))
            traveller.pk = created.pk
        return None


def _traveller_data(traveller: VisitTraveller) -> dict:
    return {"name": traveller.name, "member": traveller.member, "position": traveller.position,
            "person": traveller.person, "funded": traveller.funded}
