"""The secretariat's campus desk: courses and editions, enrolments (admit, waitlist, complete, decide
scholarships), final projects, certificates, capsules, ad-hoc requests and seminar host candidacies.
Every action calls the same services as the pages."""

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
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin

from network.content_language import each_language
from network.errors import PortalError

from .enums import SEAT_STATES
from .enums import AdhocState
from .enums import EnrolmentState
from .enums import ScholarshipState
from .forms import ScholarshipDecisionForm
from .models import AdhocTraining
from .models import Capsule
from .models import Certificate
from .models import Course
from .models import Edition
from .models import Enrolment
from .models import FinalProject
from .models import SeminarHostCandidacy
from .services import adhoc as adhoc_services
from .services import enrolments as services
from .services.certificates import certificate_render
from .services.hosting import seminar_host_accept
from .services.projects import project_grade

BOTH_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


class EditionFilter(admin.RelatedFieldListFilter):
    """Editions with their course in one query (an edition's name includes its course)."""

    def field_choices(self, field, request, model_admin):
        return [(e.pk, str(e)) for e in Edition.objects.select_related("course").order_by("-starts_on")]


class EditionInline(admin.TabularInline):
    model = Edition
    fields = ("number", "year", "starts_on", "ends_on", "seats", "fee", "currency", "published")
    extra = 0
    show_change_link = True


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    list_display = ("title", "kind", "modality", "duration_weeks", "languages", "published")
    list_filter = ("kind", "modality", "published")
    search_fields = tuple(each_language("title", "summary"))
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("themes",)
    inlines = [EditionInline]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "starts_on", "seats", "seats_taken_display", "applied", "granted",
                    "seminar_host")
    list_filter = ("course", "year")
    list_select_related = ("course", "seminar_host")
    autocomplete_fields = ("seminar_host",)
    raw_id_fields = ("enrolment_call", "host_call")
    fieldsets = (
        (None, {"fields": ("course", "number", "year", "starts_on", "ends_on", "seats", "fee", "currency",
                           "hours", "teaching_team", "published")}),
        (_("Enrolment"), {"fields": ("enrolment_call",)}),
        (_("In-person seminar"), {"fields": ("host_call", "seminar_host", "seminar_starts_on", "seminar_ends_on")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            taken=Count("enrolments", filter=Q(enrolments__state__in=SEAT_STATES)),
            applied_count=Count("enrolments", filter=Q(enrolments__state="applied")),
            granted_count=Count("enrolments", filter=Q(enrolments__scholarship=ScholarshipState.GRANTED)),
        )

    @admin.display(description=_("seats taken"), ordering="taken")
    def seats_taken_display(self, obj):
        return obj.taken

    @admin.display(description=_("to decide"), ordering="applied_count")
    def applied(self, obj):
        return obj.applied_count

    @admin.display(description=_("scholarships"), ordering="granted_count")
    def granted(self, obj):
        return obj.granted_count


class FinalProjectInline(admin.StackedInline):
    model = FinalProject
    fields = ("title", "city", "grade", "feedback")
    readonly_fields = ("title", "city", "grade", "feedback")
    extra = 0
    can_delete = False


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("student", "member", "edition", "state", "scholarship", "scholarship_amount", "applied_at",
                    "certificate_link")
    list_filter = ("state", "scholarship", "edition__course", ("edition", EditionFilter))
    list_select_related = ("user", "person", "member", "edition__course", "certificate")
    search_fields = ("user__email", "user__name", "person__last_name", "member__name")
    readonly_fields = ("edition", "application", "user", "person", "member", "state", "scholarship",
                       "scholarship_amount", "scholarship_reason", "applied_at", "admitted_at", "completed_at")
    inlines = [FinalProjectInline]
    actions = ["admit", "waitlist", "reject", "confirm", "complete", "drop", "decide_scholarship"]

    def has_add_permission(self, request):
        return False  # students apply through the course page

    @admin.display(description=_("student"), ordering="user__name")
    def student(self, obj):
        return obj.student_name

    @admin.display(description=_("certificate"))
    def certificate_link(self, obj):
        certificate = getattr(obj, "certificate", None)
        if certificate is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("campus:certificate", kwargs={"pk": obj.pk}),
                           certificate.code)

    def _each(self, request, queryset, service, done_message=None, **kwargs):
        """Run the service on each selected row (oldest application first), naming each refusal.
        Returns the rows it moved, as the service left them."""
        done = []
        for enrolment in queryset.order_by("applied_at", "pk"):
            try:
                done.append(service(enrolment=enrolment, by=request.user, **kwargs))
            except PortalError as error:
                self.message_user(request, f"{enrolment}: {error.message}", messages.WARNING)
        if done and done_message:
            self.message_user(request, done_message % {"count": len(done)}, messages.SUCCESS)
        return done

    @admin.action(description=_("Admit (or waitlist when full)"), permissions=["change"], location=BOTH_PLACES)
    def admit(self, request, queryset):
        done = self._each(request, queryset, services.enrolment_admit)
        admitted = sum(1 for enrolment in done if enrolment.state == EnrolmentState.ADMITTED)
        waitlisted = len(done) - admitted
        parts = []
        if admitted:
            parts.append(ngettext("%(count)d admitted", "%(count)d admitted", admitted) % {"count": admitted})
        if waitlisted:
            parts.append(ngettext("%(count)d waitlisted because the edition is full",
                                  "%(count)d waitlisted because the edition is full", waitlisted)
                         % {"count": waitlisted})
        if parts:
            self.message_user(request, capfirst(", ".join(str(part) for part in parts)) + ".",
                              messages.SUCCESS if not waitlisted else messages.WARNING)
        flagged = queryset.filter(scholarship=ScholarshipState.FLAGGED).count()
        if flagged:
            self.message_user(request, ngettext(
                "%(count)d scholarship needs your decision: the member is not active.",
                "%(count)d scholarships need your decision: the members are not active.", flagged)
                % {"count": flagged}, messages.WARNING)

    @admin.action(description=_("Put on the waiting list"), permissions=["change"], location=BOTH_PLACES)
    def waitlist(self, request, queryset):
        self._each(request, queryset, services.enrolment_waitlist, ngettext_lazy("%(count)s enrolment waitlisted.", "%(count)s enrolments waitlisted.", "count"))

    @admin.action(description=_("Do not admit"), permissions=["change"], location=BOTH_PLACES)
    def reject(self, request, queryset):
        self._each(request, queryset, services.enrolment_reject, ngettext_lazy("%(count)s enrolment not admitted.", "%(count)s enrolments not admitted.", "count"))

    @admin.action(description=_("Confirm the place (enrolled)"), permissions=["change"], location=BOTH_PLACES)
    def confirm(self, request, queryset):
        self._each(request, queryset, services.enrolment_confirm, ngettext_lazy("%(count)s student enrolled.", "%(count)s students enrolled.", "count"))

    @admin.action(description=_("Completed: issue the certificate"), permissions=["change"],
                  location=BOTH_PLACES)
    def complete(self, request, queryset):
        self._each(request, queryset, services.enrolment_complete,
                   ngettext_lazy("%(count)s student completed; the certificate is being rendered.", "%(count)s students completed; their certificates are being rendered.", "count"))

    @admin.action(description=_("Drop from the course"), permissions=["change"], location=BOTH_PLACES)
    def drop(self, request, queryset):
        self._each(request, queryset, services.enrolment_drop, ngettext_lazy("%(count)s enrolment dropped.", "%(count)s enrolments dropped.", "count"))

    @admin.action(description=_("Decide the scholarship…"), permissions=["change"], location=BOTH_PLACES)
    def decide_scholarship(self, request, queryset):
        queryset = queryset.filter(scholarship__in=(ScholarshipState.REQUESTED, ScholarshipState.FLAGGED))
        form = ScholarshipDecisionForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._each(request, queryset, services.scholarship_decide, ngettext_lazy("%(count)s scholarship decided.", "%(count)s scholarships decided.", "count"),
                       grant=form.cleaned_data["grant"], reason=form.cleaned_data["reason"])
            return None
        if not queryset.exists():
            self.message_user(request, _("None of the selected enrolments has a scholarship to decide."),
                              messages.WARNING)
            return None
        return TemplateResponse(request, "admin/campus/enrolment/decide_scholarship.html", {
            **self.admin_site.each_context(request), "title": _("Decide the scholarship"),
            "opts": self.model._meta, "form": form, "enrolments": queryset.select_related("member", "edition"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = FinalProject
        fields = "__all__"


@admin.register(FinalProject)
class FinalProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "city", "author_name", "edition", "grade", "submitted_at")
    list_filter = ("grade", "edition__course", ("edition", EditionFilter))
    list_select_related = ("edition__course",)
    search_fields = ("title", "city", "author_name")
    raw_id_fields = ("enrolment", "member")
    filter_horizontal = ("themes",)
    readonly_fields = ("graded_at", "graded_by")

    def save_model(self, request, obj, form, change):
        grade_changed = change and ({"grade", "feedback"} & set(form.changed_data))
        if grade_changed and obj.grade != "pending":
            new_grade, feedback = obj.grade, obj.feedback
            obj.grade = form.initial.get("grade", obj.grade)
            super().save_model(request, obj, form, change)
            try:
                project_grade(project=obj, grade=new_grade, feedback=feedback, by=request.user)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "holder_name", "enrolment", "issued_on", "rendered_at")
    list_select_related = ("enrolment__edition__course", "enrolment__user")
    search_fields = ("code", "holder_name")
    readonly_fields = ("enrolment", "code", "holder_name", "hours", "issued_on", "pdf", "rendered_at")
    actions = ["render_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Render the PDF again"), permissions=["change"], location=BOTH_PLACES)
    def render_again(self, request, queryset):
        for certificate in queryset:
            certificate_render(certificate=certificate)
        self.message_user(request, ngettext_lazy("%(count)s certificate rendered.", "%(count)s certificates rendered.", "count") % {"count": queryset.count()})


@admin.register(Capsule)
class CapsuleAdmin(admin.ModelAdmin):
    list_display = ("title", "theme", "format", "duration_minutes", "done", "published")
    list_filter = ("format", "theme", "published")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("theme",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(done_count=Count("completions"))

    @admin.display(description=_("marked done"), ordering="done_count")
    def done(self, obj):
        return obj.done_count


@admin.register(AdhocTraining)
class AdhocTrainingAdmin(admin.ModelAdmin):
    list_display = ("institution", "request_title", "state", "course", "created_at")
    list_filter = ("state",)
    list_select_related = ("application", "course")
    readonly_fields = ("application", "state", "created_at")
    fields = ("application", "institution", "state", "course", "notes", "created_at")
    actions = ["to_designing", "to_agreed", "to_delivered", "to_declined"]

    def has_add_permission(self, request):
        return False  # requests arrive through the all-year call

    @admin.display(description=_("request"))
    def request_title(self, obj):
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:programs_application_change", args=[obj.application_id]),
                           obj.application.title or obj.application.reference)

    def _move(self, request, queryset, to):
        done = 0
        for training in queryset:
            try:
                adhoc_services.adhoc_move(training=training, to=to, by=request.user, course=training.course)
            except PortalError as error:
                self.message_user(request, f"{training}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, ngettext_lazy("%(count)s request updated.", "%(count)s requests updated.", "count") % {"count": done})

    @admin.action(description=_("Start designing the training"), permissions=["change"], location=BOTH_PLACES)
    def to_designing(self, request, queryset):
        self._move(request, queryset, AdhocState.DESIGNING)

    @admin.action(description=_("Programme agreed"), permissions=["change"], location=BOTH_PLACES)
    def to_agreed(self, request, queryset):
        self._move(request, queryset, AdhocState.AGREED)

    @admin.action(description=_("Delivered"), permissions=["change"], location=BOTH_PLACES)
    def to_delivered(self, request, queryset):
        self._move(request, queryset, AdhocState.DELIVERED)

    @admin.action(description=_("Decline"), permissions=["change"], location=BOTH_PLACES)
    def to_declined(self, request, queryset):
        self._move(request, queryset, AdhocState.DECLINED)


@admin.register(SeminarHostCandidacy)
class SeminarHostCandidacyAdmin(admin.ModelAdmin):
    list_display = ("reference", "member", "call", "state", "submitted_at")
    list_filter = ("state", "call")
    list_select_related = ("member", "call")
    readonly_fields = ("reference", "call", "member", "applicant", "state", "data", "submitted_at")
    fields = readonly_fields
    actions = ["accept_as_host"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Accept as the seminar host of its edition"), permissions=["change"],
                  location=BOTH_PLACES)
    def accept_as_host(self, request, queryset):
        for application in queryset:
            edition = Edition.objects.filter(host_call_id=application.call_id).order_by("-starts_on").first()
            if edition is None:
                self.message_user(request, _("No edition uses the call of %(reference)s as its seminar host call.")
                                  % {"reference": application.reference}, messages.WARNING)
                continue
            try:
                seminar_host_accept(edition=edition, application=application, by=request.user)
            except PortalError as error:
                self.message_user(request, f"{application.reference}: {error.message}", messages.WARNING)
            else:
                self.message_user(request, _("%(member)s hosts the seminar of %(edition)s.") % {
                    "member": application.member, "edition": edition}, messages.SUCCESS)
