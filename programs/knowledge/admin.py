"""Admin of the knowledge area: webinars and their registrations, the good-practice bank with its
moderation and transfers, funding opportunities, and webinar drafts from accepted proposals.

States change only through the services (programs.knowledge.services.*): the forms here never
write a state; the actions call the same functions as the portal and the sweeps."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib import messages
from django.contrib.admin import ActionLocation
from django.contrib.admin import helpers
from django.db.models import Count
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin

from network.content_language import each_language
from network.errors import PortalError
from programs.calls.admin import ApplicationAdmin
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind

from .enums import KnowledgeActor
from .enums import PracticeState
from .enums import WebinarState
from .models import FundingOpportunity
from .models import GoodPractice
from .models import PracticeFile
from .models import PracticeTransfer
from .models import Webinar
from .models import WebinarRegistration
from .services import practices as practice_services
from .services import webinars as webinar_services

BOTH_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
EMPTY = "—"


def _report(modeladmin, request, done: int, errors: list[str], message: str) -> None:
    for error in errors:
        modeladmin.message_user(request, error, messages.ERROR)
    if done:
        modeladmin.message_user(request, message % {"count": done}, messages.SUCCESS)


# --- Webinars ---------------------------------------------------------------------------------------
class WebinarRegistrationInline(admin.TabularInline):
    model = WebinarRegistration
    extra = 0
    fields = ["name", "email", "institution", "country", "language", "registered_at", "cancelled_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("registrations")

    def has_add_permission(self, request, obj=None):
        return False  # people register on the public page (the capacity is checked there)


@admin.register(Webinar)
class WebinarAdmin(TranslationAdmin):
    list_display = ["title", "starts_display", "presenting_member", "state", "registered_display", "capacity",
                    "attendance_count"]
    list_filter = ["state", "presenting_member__territorial_network", "themes"]
    search_fields = [*each_language("title", "summary"), "speakers", "presenting_member__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["presenting_member", "themes"]
    readonly_fields = ["state", "proposal_link", "registered_display"]
    date_hierarchy = "starts_at"
    inlines = [WebinarRegistrationInline]
    actions = ["publish", "mark_held", "cancel", "back_to_draft"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "state", "summary", "themes", "presenting_member", "speakers",
                           "proposal_link")}),
        (_("Date and place"), {"fields": ("starts_at", "duration_minutes", "time_zone", "online_url", "capacity",
                                          "registered_display")}),
        (_("After the event"), {"fields": ("recording_url", "attendance_count")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("presenting_member", "proposal").annotate(
            n_registered=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True)))

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts_display(self, obj: Webinar) -> str:
        return f"{date_format(obj.local_starts_at, 'SHORT_DATETIME_FORMAT')} ({obj.time_zone})"

    @admin.display(description=_("registered"), ordering="n_registered")
    def registered_display(self, obj: Webinar) -> int:
        return getattr(obj, "n_registered", None) or obj.registrations.filter(cancelled_at__isnull=True).count()

    @admin.display(description=_("proposal"))
    def proposal_link(self, obj: Webinar) -> str:
        if not obj.proposal_id:
            return EMPTY
        url = reverse("admin:programs_application_change", args=[obj.proposal_id])
        return format_html('<a href="{}">{}</a>', url, obj.proposal.reference)

    def _move(self, request, queryset, to: str, message: str) -> None:
        done, errors = 0, []
        for webinar in queryset:
            try:
                webinar_services.webinar_move(webinar=webinar, to=to, by=request.user)
            except PortalError as error:
                errors.append(f"{webinar}: {error.message}")
            else:
                done += 1
        _report(self, request, done, errors, message)

    @admin.action(description=_("Publish (registration opens)"), permissions=["change"], location=BOTH_PLACES)
    def publish(self, request, queryset):
        self._move(request, queryset, WebinarState.SCHEDULED, ngettext_lazy("%(count)d webinar published.", "%(count)d webinars published.", "count"))

    @admin.action(description=_("Mark as held"), permissions=["change"], location=BOTH_PLACES)
    def mark_held(self, request, queryset):
        self._move(request, queryset, WebinarState.HELD, ngettext_lazy("%(count)d webinar marked as held.", "%(count)d webinars marked as held.", "count"))

    @admin.action(description=_("Cancel"), permissions=["change"], location=BOTH_PLACES)
    def cancel(self, request, queryset):
        self._move(request, queryset, WebinarState.CANCELLED, ngettext_lazy("%(count)d webinar cancelled.", "%(count)d webinars cancelled.", "count"))

    @admin.action(description=_("Take back to draft"), permissions=["change"])
    def back_to_draft(self, request, queryset):
        self._move(request, queryset, WebinarState.DRAFT, ngettext_lazy("%(count)d webinar taken back to draft.", "%(count)d webinars taken back to draft.", "count"))


@admin.register(WebinarRegistration)
class WebinarRegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "institution", "country", "webinar", "registered_at", "cancelled_at"]
    list_filter = ["webinar", "country", ("cancelled_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email", "institution"]
    list_select_related = ["webinar"]
    readonly_fields = ["webinar", "registered_at", "cancelled_at", "token"]
    actions = ["unsubscribe"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Unsubscribe (free the place)"), permissions=["change"])
    def unsubscribe(self, request, queryset):
        count = 0
        for registration in queryset:
            webinar_services.webinar_unsubscribe(token=registration.token)
            count += 1
        self.message_user(request, ngettext_lazy("%(count)d registration cancelled.", "%(count)d registrations cancelled.", "count") % {"count": count}, messages.SUCCESS)


# --- Good practices -------------------------------------------------------------------------------------
class PracticeFileForm(forms.ModelForm):
    class Meta:
        model = PracticeFile
        fields = ["file", "caption"]

    def clean_file(self):
        from network.documents import validate_upload

        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.instance.content_type = validate_upload(upload)
            self.instance.kind = "image" if self.instance.content_type.startswith("image/") else "document"
            self.instance.original_name = upload.name[:200]
            self.instance.size = upload.size
        return upload


class PracticeFileInline(admin.TabularInline):
    model = PracticeFile
    form = PracticeFileForm
    extra = 0
    fields = ["file", "caption", "kind", "size"]
    readonly_fields = ["kind", "size"]
    verbose_name_plural = _("images and documents")


class PracticeTransferInline(admin.TabularInline):
    model = PracticeTransfer
    fk_name = "practice"
    extra = 0
    fields = ["member", "kind", "year", "notes"]
    autocomplete_fields = ["member"]
    verbose_name_plural = _("cities that adopted or adapted it")


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("What the city should change"), widget=forms.Textarea(attrs={"rows": 5}),
                              max_length=2000)


@admin.register(GoodPractice)
class GoodPracticeAdmin(TranslationAdmin):
    list_display = ["title", "member", "year", "state", "transfers_display", "updated_at"]
    list_filter = ["state", "year", "themes", "sdgs", "member__territorial_network"]
    search_fields = [*each_language("title", "summary"), "member__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["member", "themes", "webinar"]
    readonly_fields = ["state", "review_comment", "published_at", "created_by"]
    inlines = [PracticeFileInline, PracticeTransferInline]
    actions = ["publish", "send_back", "unpublish"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "member", "year", "state", "review_comment", "published_at",
                           "created_by")}),
        (_("Text"), {"fields": ("summary", "body")}),
        (_("Classification"), {"fields": ("themes", "sdgs")}),
        (_("Where it was presented"), {"fields": ("webinar", "microrred", "mentorship")}),
    )
    filter_horizontal = ["sdgs"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member").annotate(n_transfers=Count("transfers"))

    @admin.display(description=_("adopted by"), ordering="n_transfers")
    def transfers_display(self, obj) -> int:
        return obj.n_transfers

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        practice_services.practice_refresh_search(form.instance)

    def _move(self, request, queryset, to: str, message: str, comment: str = "") -> None:
        done, errors = 0, []
        for practice in queryset:
            try:
                practice_services.practice_move(practice=practice, to=to, actor=KnowledgeActor.STAFF,
                                                by=request.user, comment=comment)
            except PortalError as error:
                errors.append(f"{practice}: {error.message}")
            else:
                done += 1
        _report(self, request, done, errors, message)

    @admin.action(description=_("Publish"), permissions=["change"], location=BOTH_PLACES)
    def publish(self, request, queryset):
        self._move(request, queryset, PracticeState.PUBLISHED,
                   ngettext_lazy("%(count)d practice published; the city has been told.", "%(count)d practices published; the cities have been told.", "count"))

    @admin.action(description=_("Unpublish and send back to the city"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._move(request, queryset.filter(state=PracticeState.PUBLISHED), PracticeState.DRAFT,
                   ngettext_lazy("%(count)d practice unpublished.", "%(count)d practices unpublished.", "count"))

    @admin.action(description=_("Send back to the city with a comment…"), permissions=["change"],
                  location=BOTH_PLACES)
    def send_back(self, request, queryset):
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._move(request, queryset, PracticeState.DRAFT,
                       ngettext_lazy("%(count)d practice sent back; the city has been told.", "%(count)d practices sent back; the cities have been told.", "count"),
                       comment=form.cleaned_data["comment"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send back to the city"),
            "opts": self.opts,
            "practices": list(queryset.select_related("member")),
            "selected_ids": list(queryset.values_list("pk", flat=True)),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "send_back",
        }
        return TemplateResponse(request, "admin/programs/goodpractice/send_back.html", context)


@admin.register(PracticeTransfer)
class PracticeTransferAdmin(admin.ModelAdmin):
    list_display = ["practice", "member", "kind", "year"]
    list_filter = ["kind", "year", "member__territorial_network"]
    search_fields = [*(f"practice__{f}" for f in each_language("title")), "member__name"]
    autocomplete_fields = ["practice", "member"]
    list_select_related = ["practice", "member"]


# --- Funding -----------------------------------------------------------------------------------------
@admin.register(FundingOpportunity)
class FundingOpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "funder", "deadline_display", "published", "reminder_days"]
    list_filter = ["published", "themes", "territorial_networks"]
    search_fields = ["title", "funder", "programme", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes"]
    filter_horizontal = ["territorial_networks"]
    date_hierarchy = "deadline"
    fieldsets = (
        (None, {"fields": ("title", "slug", "funder", "programme", "summary", "url", "published")}),
        (_("Deadline"), {"fields": ("deadline", "time_zone", "reminder_days")}),
        (_("Who it is for"), {"fields": ("themes", "eligible_regions", "territorial_networks")}),
    )

    @admin.display(description=_("deadline"), ordering="deadline")
    def deadline_display(self, obj: FundingOpportunity) -> str:
        return f"{date_format(obj.local_deadline, 'SHORT_DATETIME_FORMAT')} ({obj.time_zone})"


# --- Webinar drafts from accepted proposals (an action of the applications' admin) ---------------------
@admin.action(description=_("Create webinar drafts from accepted webinar proposals"), permissions=["change"])
def create_webinar_drafts(modeladmin, request, queryset):
    created, existing, skipped = 0, 0, 0
    proposals = queryset.filter(call__kind=CallKind.WEBINAR_PROPOSAL, state=ApplicationState.ACCEPTED)
    skipped = queryset.count() - proposals.count()
    for application in proposals:
        _webinar, new = webinar_services.webinar_from_proposal(application=application, by=request.user)
        created += new
        existing += not new
    if created or existing:
        modeladmin.message_user(
            request,
            format_html('{} <a href="{}">{}</a>',
                        ngettext("%(count)d webinar draft created", "%(count)d webinar drafts created", created)
                        % {"count": created}
                        + (ngettext(" (%(count)d already existed)", " (%(count)d already existed)", existing)
                           % {"count": existing} if existing else "") + ".",
                        reverse("admin:programs_webinar_changelist") + "?state__exact=draft",
                        _("Complete and publish them")),
            messages.SUCCESS,
        )
    if skipped:
        modeladmin.message_user(
            request, ngettext("%(count)d application skipped: not an accepted webinar proposal.",
                              "%(count)d applications skipped: not accepted webinar proposals.", skipped)
            % {"count": skipped}, messages.WARNING)


if "create_webinar_drafts" not in [getattr(a, "__name__", a) for a in ApplicationAdmin.actions]:
    ApplicationAdmin.actions = [*ApplicationAdmin.actions, create_webinar_drafts]
