"""The secretariat's side of the calls engine: calls, applications, reviews and the reminder log.

Every state change goes through the services (programs.calls.services.*): the forms here never write a
state, a deadline or a score directly. Blind review: when a call has `blind_review`, staff who are
not superusers see neither the member nor the applicant of its applications.
"""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import datetime

from django import forms
from django.contrib import admin
from django.contrib import messages
from django.contrib.admin import ActionLocation
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.text import smart_split
from django.utils.text import unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.utils.translation import ngettext_lazy
from django.utils.translation import npgettext_lazy
from modeltranslation.admin import TranslationAdmin

from network.content_language import each_language
from network.errors import PortalError
from network.exports import to_csv
from network.exports import to_xlsx
from network.timezones import in_zone
from network.timezones import zone_or_default

from . import selectors
from .enums import ApplicationState
from .enums import CallState
from .models import Application
from .models import Call
from .models import CallAccessCode
from .models import ReminderSent
from .models import Review
from .rules import identity_hidden_expression
from .rules import identity_search_q
from .services import calls as call_services
from .services import decisions
from .services import reviews as review_services

EMPTY = "—"
BOTH_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


def _local(value: datetime | None, call: Call) -> str:
    """A date and time in the call's own time zone, with the zone's name."""
    if value is None:
        return EMPTY
    return f"{date_format(in_zone(value, call.tz), 'SHORT_DATETIME_FORMAT')} ({call.time_zone})"


def _local_html(value: datetime | None, call: Call) -> str:
    """The same for a list column: the zone's name on a second, quieter line."""
    if value is None:
        return EMPTY
    return format_html('{}<br><span class="quiet">{}</span>',
                       date_format(in_zone(value, call.tz), "SHORT_DATETIME_FORMAT"), call.time_zone)


def _applications_url(**params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('admin:programs_application_changelist')}?{query}"


# --- Calls ----------------------------------------------------------------------------------------
class CallStateFilter(admin.SimpleListFilter):
    """The call's state is computed from its dates; this filter asks the same of the database."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return CallState.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        live = queryset.filter(published=True, resolved_at__isnull=True)
        match self.value():
            case CallState.DRAFT:
                return queryset.filter(published=False)
            case CallState.RESOLVED:
                return queryset.filter(published=True, resolved_at__isnull=False)
            case CallState.SCHEDULED:
                return live.filter(opens_at__gt=now)
            case CallState.OPEN:
                return live.filter(opens_at__lte=now).filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
            case CallState.CLOSED:
                return live.filter(closes_at__lte=now)
        return queryset


class CallAccessCodeForm(forms.ModelForm):
    send_by_email = forms.BooleanField(
        label=_("E-mail it"), required=False,
        help_text=_("Send the code to this address on saving, in the applicant's language."))

    class Meta:
        model = CallAccessCode
        fields = ["code", "email", "note", "valid_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Leave empty to generate one.")

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip() or secrets.token_urlsafe(8)


class CallAccessCodeInline(admin.TabularInline):
    model = CallAccessCode
    form = CallAccessCodeForm
    extra = 0
    fields = ["code", "email", "note", "valid_until", "send_by_email", "sent_at", "used_at"]
    readonly_fields = ["sent_at", "used_at"]
    verbose_name_plural = _("late-submission access codes")


class LocalDateTimeField(forms.DateTimeField):
    """A date and time without a zone: each call reads it in its own time zone."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        for fmt in self.input_formats:
            try:
                return datetime.strptime(str(value).strip(), fmt)
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class ExtendDeadlineForm(forms.Form):
    new_deadline = LocalDateTimeField(
        label=_("New deadline"),
        help_text=_("Local time in each call's own time zone."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "kind", "state_display", "opens_display", "closes_display", "applications_display"]
    list_filter = [CallStateFilter, "kind", "published", "eligibility", "themes"]
    search_fields = [*each_language("title"), "slug", *each_language("summary")]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes"]
    readonly_fields = ["resolved_at", "applications_display"]
    inlines = [CallAccessCodeInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not CallAccessCode:
            return
        to_send = [f.instance for f in formset.forms
                   if f.cleaned_data.get("send_by_email") and not f.cleaned_data.get("DELETE") and f.instance.pk]
        if not to_send:
            return
        sent = call_services.access_codes_send(codes=to_send)
        if sent:
            self.message_user(request, ngettext("%(count)d access code e-mailed to its applicant.",
                                                "%(count)d access codes e-mailed to their applicants.", sent)
                              % {"count": sent}, messages.SUCCESS)
        if sent < len(to_send):
            self.message_user(request, _("A code already used or no longer valid was not e-mailed."), messages.WARNING)
    actions = ["close_now", "extend_deadline", "release_decisions", "mark_resolved"]
    list_per_page = 50
    fieldsets = (
        (_("The call"), {"fields": ("title", "slug", "kind", "summary", "description", "themes", "published",
                                    "applications_display")}),
        (_("Dates and time zone"), {
            "fields": ("time_zone", "opens_at", "closes_at", "resolved_at"),
            "description": _("Dates and times are read and shown in the call's time zone."),
        }),
        (_("Who may apply and limits"), {"fields": ("eligibility", "population_min", "max_per_member",
                                                    "max_per_person", "places")}),
        (_("Endorsement and reminders"), {"fields": ("requires_endorsement", "reminder_offsets")}),
        (_("Review"), {"fields": ("review_criteria", "score_max", "blind_review")}),
    )

    def get_queryset(self, request):
        counts = {f"n_{state.value}": Count("applications", filter=Q(applications__state=state))
                  for state in ApplicationState}
        return super().get_queryset(request).annotate(n_total=Count("applications"), **counts)

    # The form reads and shows dates in the call's time zone, so "23:59" means 23:59 where the call is.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(self._form_zone(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def _form_zone(self, request, object_id) -> zoneinfo.ZoneInfo:
        name = request.POST.get("time_zone", "") if request.method == "POST" else ""
        if not name and object_id:
            name = Call.objects.filter(pk=object_id).values_list("time_zone", flat=True).first() or ""
        return zone_or_default(name)

    @admin.display(description=_("state"))
    def state_display(self, call: Call) -> str:
        return call.get_state_display()

    @admin.display(description=_("opens"), ordering="opens_at")
    def opens_display(self, call: Call) -> str:
        return _local_html(call.opens_at, call)

    @admin.display(description=_("closes"), ordering="closes_at")
    def closes_display(self, call: Call) -> str:
        return _local_html(call.closes_at, call)

    @admin.display(description=_("applications"), ordering="n_total")
    def applications_display(self, call: Call) -> str:
        if call.pk is None:
            return EMPTY
        total = getattr(call, "n_total", None)
        if total is None:
            total = call.applications.count()
        label = ngettext("%(count)d application", "%(count)d applications", total) % {"count": total}
        by_state = [
            (_applications_url(call__id__exact=call.pk, state__exact=state.value), state.label,
             getattr(call, f"n_{state.value}"))
            for state in ApplicationState
            if getattr(call, f"n_{state.value}", 0)
        ]
        return format_html(
            '<a href="{}">{}</a>{}',
            _applications_url(call__id__exact=call.pk),
            label,
            format_html_join("", '<br><a href="{}">{}: {}</a>', by_state),
        )

    @admin.action(description=_("Close now"), description_plural=_("Close the selected calls now"),
                  permissions=["change"], location=BOTH_PLACES)
    def close_now(self, request, queryset):
        closed = 0
        for call in queryset:
            try:
                call_services.call_close_now(call=call)
            except PortalError as error:
                self.message_user(request, f"{call}: {error.message}", messages.ERROR)
            else:
                closed += 1
        if closed:
            self.message_user(
                request,
                ngettext("%(count)d call closed; applicants with a draft have been told.",
                         "%(count)d calls closed; applicants with a draft have been told.", closed)
                % {"count": closed},
                messages.SUCCESS,
            )

    @admin.action(description=_("Extend the deadline…"), description_plural=_("Extend the deadline…"),
                  permissions=["change"])
    def extend_deadline(self, request, queryset):
        form = ExtendDeadlineForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            extended = 0
            for call in queryset:
                closes_at = form.cleaned_data["new_deadline"].replace(tzinfo=call.tz)
                try:
                    call_services.call_extend(call=call, closes_at=closes_at)
                except PortalError as error:
                    self.message_user(request, f"{call}: {error.message}", messages.ERROR)
                else:
                    extended += 1
            if extended:
                self.message_user(
                    request,
                    ngettext(
                        "The deadline of %(count)d call was extended; applicants with a draft have been "
                        "told.",
                        "The deadline of %(count)d calls was extended; applicants with a draft have been "
                        "told.",
                        extended,
                    ) % {"count": extended},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Extend the deadline"),
            "opts": self.opts,
            "calls": [(call, _local(call.closes_at, call)) for call in queryset],
            "selected_ids": [call.pk for call in queryset],
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "extend_deadline",
        }
        return TemplateResponse(request, "admin/programs/call/extend_deadline.html", context)

    @admin.action(description=_("Release its pending decisions (publish them and send their e-mails)"),
                  description_plural=_("Release the pending decisions of the selected calls"),
                  permissions=["change"], location=BOTH_PLACES)
    def release_decisions(self, request, queryset):
        for call in queryset:
            result = decisions.call_decisions_release(call=call)
            if result.count:
                self.message_user(request, f"{call}: {release_message(result)}", messages.SUCCESS)
            else:
                self.message_user(request, _("%(call)s: no decision is pending release.") % {"call": call},
                                  messages.INFO)

    @admin.action(description=_("Mark as resolved"),
                  description_plural=_("Mark the selected calls as resolved"),
                  permissions=["change"], location=BOTH_PLACES)
    def mark_resolved(self, request, queryset):
        count = 0
        for call in queryset:
            decisions.call_resolve(call=call)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d call marked as resolved.", "%(count)d calls marked as resolved.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# --- Applications ---------------------------------------------------------------------------------
class ReviewNeededFilter(admin.SimpleListFilter):
    title = _("needs review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("none", _("No review submitted yet")), ("mine", _("Waiting for my review"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            done = Review.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
            return queryset.filter(state__in=review_services.ASSIGNABLE_STATES).exclude(Exists(done))
        if self.value() == "mine":
            mine = Review.objects.filter(application=OuterRef("pk"), reviewer=request.user,
                                         submitted_at__isnull=True)
            return queryset.filter(Exists(mine))
        return queryset


class ReviewInline(admin.TabularInline):
    """Assign reviewers here (through the service); the scores are written by each reviewer."""

    model = Review
    extra = 0
    can_delete = False
    fields = ["reviewer", "scores_display", "total_display", "comment", "submitted_at"]
    readonly_fields = ["scores_display", "total_display", "comment", "submitted_at"]
    autocomplete_fields = ["reviewer"]
    verbose_name_plural = _("reviews")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer", "application__call")

    def has_change_permission(self, request, obj=None):
        return False  # a review is written by its reviewer, in "My reviews"

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and obj.state in review_services.ASSIGNABLE_STATES
            and request.user.has_perm("programs.add_review")
        )

    @admin.display(description=_("scores"))
    def scores_display(self, review: Review) -> str:
        return _scores_html(review)

    @admin.display(description=_("average"))
    def total_display(self, review: Review) -> str:
        return _number(review.total)


def _number(value: float | None) -> str:
    return EMPTY if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _person(user) -> str:
    return f"{user.name} <{user.email}>" if user.name else user.email


def _scores_html(review: Review) -> str:
    """The scores in the order of the call's criteria (PostgreSQL's jsonb does not keep the keys' order)."""
    if not review.scores:
        return EMPTY
    criteria = [str(c) for c in review.application.call.review_criteria or []]
    names = [c for c in criteria if c in review.scores] + [k for k in review.scores if k not in criteria]
    return format_html_join(mark_safe("<br>"), "{}: {}", ((name, review.scores[name]) for name in names))


DECIDED_MESSAGES = {
    ApplicationState.ACCEPTED: ngettext_lazy("%(count)d application accepted",
                                             "%(count)d applications accepted", "count"),
    ApplicationState.WAITLISTED: ngettext_lazy("%(count)d application put on the waiting list",
                                               "%(count)d applications put on the waiting list", "count"),
    ApplicationState.REJECTED: ngettext_lazy("%(count)d application rejected",
                                             "%(count)d applications rejected", "count"),
}


def _pending_url(call_ids=()) -> str:
    url = reverse("admin:programs_application_changelist") + "?pending=yes"
    if len(call_ids) == 1:
        url += f"&call__id__exact={next(iter(call_ids))}"
    return url


def _skipped_html(skipped) -> str:
    return format_html(
        "{} {}",
        ngettext("%(count)d application skipped:", "%(count)d applications skipped:", len(skipped))
        % {"count": len(skipped)},
        format_html_join("; ", "{} ({})", skipped),
    )


def release_message(result) -> str:
    """What releasing did, row by row: "3 decisions published: 2 accepted, 1 rejected …"."""
    parts = ", ".join(str(RELEASED_AS[decision] % {"count": len(references)})
                      for decision, references in result.released.items())
    text = ngettext("%(count)d decision published (%(parts)s); its e-mail is on its way.",
                    "%(count)d decisions published (%(parts)s); their e-mails are on their way.",
                    result.count) % {"count": result.count, "parts": parts}
    if result.without_mail:
        text += " " + ngettext(
            "%(count)d was published without an e-mail, as its e-mail had been discarded: %(references)s.",
            "%(count)d were published without an e-mail, as their e-mails had been discarded: %(references)s.",
            len(result.without_mail)) % {"count": len(result.without_mail),
                                         "references": ", ".join(result.without_mail)}
    return text


RELEASED_AS = {
    ApplicationState.ACCEPTED: npgettext_lazy("released decisions", "%(count)d accepted", "%(count)d accepted",
                                              "count"),
    ApplicationState.WAITLISTED: npgettext_lazy("released decisions", "%(count)d waitlisted",
                                                "%(count)d waitlisted", "count"),
    ApplicationState.REJECTED: npgettext_lazy("released decisions", "%(count)d rejected", "%(count)d rejected",
                                              "count"),
}


class PendingDecisionFilter(admin.SimpleListFilter):
    title = _("decision pending release")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", _("Any decision pending release")), *[(state, label) for state, label in (
            (ApplicationState.ACCEPTED, _("Accepted, pending release")),
            (ApplicationState.WAITLISTED, _("Waitlisted, pending release")),
            (ApplicationState.REJECTED, _("Rejected, pending release")))]]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(pending_decision="")
        if self.value() in {choice[0] for choice in self.lookup_choices}:
            return queryset.filter(pending_decision=self.value())
        return queryset


class RecentCallListFilter(admin.RelatedFieldListFilter):
    """The newest calls (and the chosen one) in the sidebar: with ten years of calls, listing all of
    them made every page of the application list render a thousand links."""

    limit = 40

    def field_choices(self, field, request, model_admin):
        calls = list(Call.objects.order_by("-opens_at", "-pk").only("pk", "title")[: self.limit])
        chosen = [value for value in (self.lookup_val or []) if str(value).isdigit()]
        if chosen and not any(str(call.pk) in chosen for call in calls):
            calls += list(Call.objects.filter(pk__in=chosen).only("pk", "title"))
        return [(call.pk, str(call)) for call in calls]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "title_display", "call_short", "member_display", "state_display",
                    "submitted_display", "reviews_display", "average_display", "spread_display"]
    list_display_links = ["reference"]
    list_filter = [("call", RecentCallListFilter), "state", PendingDecisionFilter, "call__kind",
                   "member__territorial_network", ReviewNeededFilter]
    search_fields = ["reference", "title", "member__name", "applicant__email"]
    ordering = ["-submitted_at", "-created_at"]
    show_full_result_count = False  # counting every application of ten years on each page view is slow
    inlines = [ReviewInline]
    actions = ["accept", "waitlist", "reject", "release", "take_back", "assign_me", "export_xlsx", "export_csv"]
    list_per_page = 50
    readonly_fields = ["reference", "call_link", "title_shown_display", "state_display", "submitted_at", "decided_at",
                       "access_code", "member", "applicant_display", "person", "endorsed_by", "endorsed_at",
                       "return_comment", "score_summary_display"]
    change_form_template = "admin/programs/application/change_form.html"

    @admin.display(description=_("state"), ordering="state")
    def state_display(self, obj):
        if not obj.pending_decision:
            return obj.get_state_display()
        # What the applicant sees, and the decision waiting for its release.
        return format_html('{} → <strong>{}</strong> <span class="pending-release">({})</span>',
                           obj.get_state_display(), obj.get_pending_decision_display(), _("pending release"))

    @admin.display(description=_("call"), ordering="call__title")
    def call_short(self, obj):
        return Truncator(obj.call.title).chars(36)

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .select_related("call", "member", "applicant", "person")
            .prefetch_related(Prefetch("reviews", queryset=Review.objects.order_by("assigned_at", "pk")))
            .annotate(hide_identity=identity_hidden_expression(request.user, call_path="call__"))
        )

    def action_checkbox(self, obj):
        return super().action_checkbox(_blind(obj))  # its label names the row: str(obj)


    def get_object(self, request, object_id, from_field=None):
        application = super().get_object(request, object_id, from_field)
        if application is not None:
            _blind(application)
        return application

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["reference", "call_link", "title_shown_display", "state_display", "submitted_at", "decided_at",
                               "access_code", "score_summary_display"]}),
        ]
        if obj is not None and not getattr(obj, "hide_identity", True):
            fieldsets.append((_("Applicant"), {"fields": ["member", "applicant_display", "person",
                                                          "endorsed_by", "endorsed_at", "return_comment"]}))
        return fieldsets

    def get_list_display(self, request):
        if "call__id__exact" in request.GET:  # the list of one call: no need to repeat it on every row
            return [name for name in self.list_display if name != "call_short"]
        return self.list_display

    def get_sortable_by(self, request):
        sortable = super().get_sortable_by(request)
        if request.user.is_superuser:
            return sortable
        return [name for name in (sortable or self.get_list_display(request)) if name != "member_display"]

    def get_search_results(self, request, queryset, search_term):
        if request.user.is_superuser or not search_term:
            return super().get_search_results(request, queryset, search_term)
        # Staff who are not superusers search by member or e-mail only among calls that are not blind.
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            identity = Q(member__name__icontains=bit) | Q(applicant__email__icontains=bit)
            queryset = queryset.filter(
                Q(reference__icontains=bit) | Q(title__icontains=bit) | identity_search_q(request.user, identity))
        return queryset, False

    def has_add_permission(self, request):
        return False  # applicants create applications in the portal

    def has_delete_permission(self, request, obj=None):
        return False  # applicants withdraw; the history stays

    def has_review_permission(self, request):
        return request.user.is_staff and request.user.has_perm("programs.add_review")

    def save_model(self, request, obj, form, change):
        if form.changed_data:  # every field is read-only: states change only through the actions
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Review:
            return super().save_formset(request, form, formset, change)
        for review in formset.save(commit=False):
            try:
                review_services.review_assign(application=form.instance, reviewer=review.reviewer,
                                              by=request.user)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            hidden = getattr(obj, "hide_identity", True)
            timeline = selectors.application_timeline(obj, for_staff=True)
            for row in timeline:
                if hidden and row["by"] is not None and not row["by"].is_staff:
                    row["by"] = None  # the applicant or the city's focal point: not shown in blind review
            if hidden:
                names = selectors.identity_names(obj)
                for row in timeline:
                    row["comment"] = selectors.scrub(row["comment"] or "", names)
            context.update(
                answers=selectors.application_answers(obj, hide_identity=hidden),
                documents=_documents(obj, hide_identity=hidden),
                timeline=timeline,
                identity_hidden=hidden,
            )
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and getattr(obj, "hide_identity", True):
            response.context_data["has_absolute_url"] = False  # the public page names the city
        return response

    # Columns -------------------------------------------------------------------------------------
    @admin.display(description=_("title"), ordering="title")
    def title_display(self, obj: Application) -> str:
        return _blind(obj).title_shown or EMPTY

    @admin.display(description=_("title"))
    def title_shown_display(self, obj: Application) -> str:
        return _blind(obj).title_shown or EMPTY

    @admin.display(description=_("member"), ordering="member__name")
    def member_display(self, obj: Application) -> str:
        if getattr(obj, "hide_identity", True) or obj.member is None:
            return EMPTY
        return obj.member.name

    @admin.display(description=_("applicant"))
    def applicant_display(self, obj: Application) -> str:
        return _person(obj.applicant)

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted_display(self, obj: Application) -> str:
        if obj.submitted_at is None:
            return EMPTY
        return date_format(timezone.localtime(obj.submitted_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("reviews done"))
    def reviews_display(self, obj: Application) -> str:
        return f"{_summary(obj).count} / {len(obj.reviews.all())}"

    @admin.display(description=_("average"))
    def average_display(self, obj: Application) -> str:
        return _number(_summary(obj).average)

    @admin.display(description=_("spread"))
    def spread_display(self, obj: Application) -> str:
        return _number(_summary(obj).spread)

    @admin.display(description=_("call"))
    def call_link(self, obj: Application) -> str:
        return format_html('<a href="{}">{}</a>', reverse("admin:programs_call_change", args=[obj.call_id]),
                           obj.call)

    @admin.display(description=_("scores"))
    def score_summary_display(self, obj: Application) -> str:
        summary = _summary(obj)
        if not summary.count:
            return _("No review submitted yet.")
        return ngettext_lazy("Average %(average)s, spread %(spread)s, from %(count)s review.", "Average %(average)s, spread %(spread)s, from %(count)s reviews.", "count") % {
            "average": _number(summary.average), "spread": _number(summary.spread), "count": summary.count}

    # Actions -------------------------------------------------------------------------------------
    def _decide(self, request, queryset, decision: str) -> None:
        applications = list(queryset.select_related(None).prefetch_related(None).only("pk"))
        result = decisions.applications_decide(applications=applications, decision=decision, by=request.user)
        decided = len(result.decided) + len(result.unchanged)
        if decided:
            call_ids = set(Application.objects.filter(reference__in=result.decided + result.unchanged)
                           .values_list("call_id", flat=True))
            self.message_user(
                request,
                format_html(
                    '{}. {} <a href="{}">{}</a>',
                    DECIDED_MESSAGES[decision] % {"count": decided},
                    _("Pending release: the applicants see nothing and get no e-mail until you release the "
                      "decisions; until then you may change them."),
                    _pending_url(call_ids),
                    _("Review and release the pending decisions"),
                ),
                messages.SUCCESS,
            )
        if result.skipped:
            self.message_user(request, _skipped_html(result.skipped), messages.WARNING)

    def _export(self, request, queryset, fmt: str) -> HttpResponse:
        header, rows = selectors.applications_table(request.user, list(queryset))
        if fmt == "csv":
            response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(to_xlsx(header, rows, title=str(_("Applications"))),
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.{fmt}"'
        return response

    @admin.action(description=_("Export the selected applications (Excel)"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    @admin.action(description=_("Export the selected applications (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Release the decision (publish it and send its e-mail)"),
                  description_plural=_("Release the selected decisions (publish them and send their e-mails)"),
                  permissions=["change"], location=BOTH_PLACES)
    def release(self, request, queryset):
        applications = list(queryset.select_related(None).prefetch_related(None).only("pk"))
        result = decisions.decisions_release(applications=applications)
        if result.count:
            self.message_user(request, release_message(result), messages.SUCCESS)
        if result.skipped:
            self.message_user(request, _skipped_html(result.skipped), messages.WARNING)

    @admin.action(description=_("Take back the pending decision"),
                  description_plural=_("Take back the selected pending decisions"),
                  permissions=["change"], location=BOTH_PLACES)
    def take_back(self, request, queryset):
        applications = list(queryset.select_related(None).prefetch_related(None).only("pk"))
        result = decisions.decisions_take_back(applications=applications)
        if result.decided:
            self.message_user(request, ngettext(
                "%(count)d pending decision taken back; its held e-mail was voided.",
                "%(count)d pending decisions taken back; their held e-mails were voided.",
                len(result.decided)) % {"count": len(result.decided)}, messages.SUCCESS)
        if result.skipped:
            self.message_user(request, _skipped_html(result.skipped), messages.WARNING)

    @admin.action(description=_("Accept"), description_plural=_("Accept the selected applications"),
                  permissions=["change"], location=BOTH_PLACES)
    def accept(self, request, queryset):
        self._decide(request, queryset, ApplicationState.ACCEPTED)

    @admin.action(description=_("Put on the waiting list"),
                  description_plural=_("Put the selected applications on the waiting list"),
                  permissions=["change"], location=BOTH_PLACES)
    def waitlist(self, request, queryset):
        self._decide(request, queryset, ApplicationState.WAITLISTED)

    @admin.action(description=_("Reject"), description_plural=_("Reject the selected applications"),
                  permissions=["change"], location=BOTH_PLACES)
    def reject(self, request, queryset):
        self._decide(request, queryset, ApplicationState.REJECTED)

    @admin.action(description=_("Assign me as reviewer"), permissions=["review"], location=BOTH_PLACES)
    def assign_me(self, request, queryset):
        assigned = 0
        for application in queryset.select_related(None).prefetch_related(None):
            try:
                review_services.review_assign(application=application, reviewer=request.user, by=request.user)
            except PortalError as error:
                self.message_user(request, f"{application.reference}: {error.message}", messages.WARNING)
            else:
                assigned += 1
        if assigned:
            url = reverse("admin:programs_review_changelist")
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext("You review %(count)d application.", "You review %(count)d applications.",
                             assigned) % {"count": assigned},
                    url,
                    _("My reviews"),
                ),
                messages.SUCCESS,
            )


def _summary(application: Application) -> selectors.ScoreSummary:
    """The score summary from the prefetched reviews, computed once per row."""
    if not hasattr(application, "_score_summary"):
        application._score_summary = selectors.review_summary(list(application.reviews.all()))
    return application._score_summary


def _documents(application: Application, *, hide_identity: bool) -> list[tuple[object, str]]:
    """The documents (each with its `shown_name`) and their download links."""
    return [
        (document, reverse("programs:document", kwargs={"reference": application.reference,
                                                        "document_id": document.pk}))
        for document in selectors.application_documents(application, hide_identity=hide_identity)
    ]


def _blind(application: Application) -> Application:
    """Give `application` the title this request may read (`title_shown`, used by its str()): in blind
    review, with the applicant's and the city's names taken out. `hide_identity` is the admin
    queryset's annotation; without it the safe side (hidden) is taken."""
    if "title_shown" not in application.__dict__:
        hidden = getattr(application, "hide_identity", True)
        application.title_shown = selectors.shown_title(application, hide_identity=hidden)
    return application


# --- Reviews --------------------------------------------------------------------------------------
def score_field_name(index: int) -> str:
    return f"score_{index}"


class ReviewForm(forms.ModelForm):
    """One whole-number field per criterion of the call (built in ReviewAdmin.get_form) and a comment."""

    criteria: list[str] = []
    call: Call | None = None

    class Meta:
        model = Review
        fields = ["comment"]

    def scores(self) -> dict:
        return {
            criterion: self.cleaned_data[score_field_name(index)]
            for index, criterion in enumerate(self.criteria)
            if self.cleaned_data.get(score_field_name(index)) is not None
        }

    def clean(self):
        cleaned = super().clean()
        if self.call is not None and not self.errors:
            try:
                review_services.review_scores_check(call=self.call, scores=self.scores())
            except PortalError as error:
                raise ValidationError(str(error.message)) from error
        return cleaned


class ReviewDoneFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "done"

    def lookups(self, request, model_admin):
        return [("no", _("To do")), ("yes", _("Submitted"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(submitted_at__isnull=self.value() == "no")
        return queryset


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """"My reviews": a reviewer sees and scores the reviews assigned to them; superusers see all."""

    list_display = ["application_reference", "application_title", "call_display", "member_display",
                    "reviewer", "is_done", "total_display"]
    list_display_links = ["application_reference"]
    list_filter = [ReviewDoneFilter, "application__call"]
    search_fields = ["application__reference", "application__title"]
    readonly_fields = ["application_link", "call_display", "member_display", "applicant_display",
                       "answers_display", "documents_display", "scores_display", "total_display", "reviewer",
                       "submitted_at"]

    def get_queryset(self, request):
        qs = (
            super().get_queryset(request)
            .select_related("application__call", "application__member", "application__applicant",
                            "application__person", "reviewer")
            .annotate(hide_identity=identity_hidden_expression(request.user, call_path="application__call__"))
        )
        return qs if request.user.is_superuser else qs.filter(reviewer=request.user)

    def changelist_view(self, request, extra_context=None):
        title = _("All reviews") if request.user.is_superuser else _("My reviews")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def get_list_display(self, request):
        if request.user.is_superuser:
            return self.list_display
        return [name for name in self.list_display if name != "reviewer"]

    def get_sortable_by(self, request):
        return [name for name in self.get_list_display(request) if name != "member_display"]

    def has_add_permission(self, request):
        return False  # reviews are assigned on the application's page

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Only the assigned reviewer writes a review; others (superusers) read it.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.reviewer_id == request.user.pk)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["comment"]})]
        identity = [] if getattr(obj, "hide_identity", True) else ["member_display", "applicant_display"]
        fieldsets = [
            (_("Application"), {"fields": ["application_link", "call_display", *identity, "answers_display",
                                           "documents_display"]}),
        ]
        if self.has_change_permission(request, obj):
            criteria = obj.application.call.review_criteria or []
            scores = [score_field_name(index) for index in range(len(criteria))]
            fieldsets.append((_("Your review"), {
                "fields": [*scores, "comment", "submitted_at"],
                "description": _("Give every criterion a whole number from 0 to %(max)s.")
                % {"max": obj.application.call.score_max},
            }))
        else:
            fieldsets.append((_("Review"), {"fields": ["reviewer", "scores_display", "total_display",
                                                       "comment", "submitted_at"]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and self.has_change_permission(request, obj):
            call = obj.application.call
            criteria = [str(criterion) for criterion in (call.review_criteria or [])]
            attrs = {"criteria": criteria, "call": call}
            for index, criterion in enumerate(criteria):
                attrs[score_field_name(index)] = forms.IntegerField(
                    label=criterion, min_value=0, max_value=call.score_max, initial=obj.scores.get(criterion),
                )
            kwargs["form"] = type("ReviewScoresForm", (ReviewForm,), attrs)
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        # A refusal (scores out of range, a review already sent …) is shown on the form again with the
        # scores typed (config/admin.py).
        review_services.review_submit(review=obj, by=request.user, scores=form.scores(),
                                      comment=form.cleaned_data.get("comment", ""))

    # Columns and read-only fields ------------------------------------------------------------------
    @admin.display(description=_("application"), ordering="application__reference")
    def application_reference(self, review: Review) -> str:
        return review.application.reference

    @admin.display(description=_("title"), ordering="application__title")
    def application_title(self, review: Review) -> str:
        return self._application(review).title_shown or EMPTY

    @staticmethod
    def _application(review: Review) -> Application:
        """The review's application, its title (and str) as this reviewer may read it."""
        application = review.application
        if "title_shown" not in application.__dict__:
            hidden = getattr(review, "hide_identity", True)
            application.title_shown = selectors.shown_title(application, hide_identity=hidden)
        return application

    @admin.display(description=_("call"), ordering="application__call__title")
    def call_display(self, review: Review) -> str:
        return review.application.call.title

    @admin.display(description=_("member"))
    def member_display(self, review: Review) -> str:
        member = review.application.member
        return EMPTY if getattr(review, "hide_identity", True) or member is None else member.name

    @admin.display(description=_("applicant"))
    def applicant_display(self, review: Review) -> str:
        return EMPTY if getattr(review, "hide_identity", True) else _person(review.application.applicant)

    @admin.display(description=_("submitted"), boolean=True)
    def is_done(self, review: Review) -> bool:
        return review.submitted_at is not None

    @admin.display(description=_("average"))
    def total_display(self, review: Review) -> str:
        return _number(review.total)

    @admin.display(description=_("scores"))
    def scores_display(self, review: Review) -> str:
        return _scores_html(review)

    @admin.display(description=_("application"))
    def application_link(self, review: Review) -> str:
        application = self._application(review)
        return format_html('<a href="{}">{}</a>', reverse("admin:programs_application_change",
                                                          args=[application.pk]), application)

    @admin.display(description=_("answers"))
    def answers_display(self, review: Review) -> str:
        answers = selectors.application_answers(review.application,
                                                hide_identity=getattr(review, "hide_identity", True))
        if not answers:
            return EMPTY
        return format_html('<dl class="review-answers">{}</dl>', format_html_join(
            "", "<dt><strong>{}</strong></dt><dd>{}</dd>", ((a.label, a.value) for a in answers)))

    @admin.display(description=_("documents"))
    def documents_display(self, review: Review) -> str:
        documents = _documents(review.application, hide_identity=getattr(review, "hide_identity", True))
        if not documents:
            return EMPTY
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>',
                                ((url, document.shown_name) for document, url in documents))


# --- Audit ----------------------------------------------------------------------------------------
@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """Proof of every reminder sent, read-only."""

    list_display = ["call", "recipient", "offset_days", "deadline", "sent_at"]
    list_filter = ["call", "offset_days"]
    search_fields = ["recipient", *(f"call__{f}" for f in each_language("title"))]
    list_select_related = ["call"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
