"""The secretariat's action plan, dashboard and reports in the admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.http import Http404
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..enums import Language
from ..errors import PortalError
from ..workflow import state_history
from . import selectors
from . import services
from .enums import ReportState
from .enums import Stage
from .figures import figure_group_choices
from .models import ActionLine
from .models import ActionPlan
from .models import Activity
from .models import ActivityLink
from .models import ReportRun


def stage_badge(activity: Activity) -> str:
    return format_html('<span class="stage stage-{}">{}</span> {} · {} %', activity.stage, activity.compliance,
                       activity.get_stage_display(), activity.percent)


class ActionLineForm(forms.ModelForm):
    figure_groups = forms.MultipleChoiceField(
        label=_("Figures in this chapter"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=figure_group_choices,
    )

    class Meta:
        model = ActionLine
        fields = ["position", "title", "objective", "figure_groups"]


class ActionLineInline(admin.StackedInline):
    model = ActionLine
    form = ActionLineForm
    extra = 0
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "line_count", "progress"]
    search_fields = ["title"]
    inlines = [ActionLineInline]
    actions = ["copy_to_next_year"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lines__activities")

    @admin.display(description=_("action lines"))
    def line_count(self, plan: ActionPlan) -> int:
        return len(plan.lines.all())

    @admin.display(description=_("progress"))
    def progress(self, plan: ActionPlan) -> str:
        lines = [selectors.line_percent(list(line.activities.all())) for line in plan.lines.all()]
        return f"{sum(lines) / len(lines):.0f} %" if lines else "—"

    @admin.action(description=_("Copy to the next year (activities back to no progress)"))
    def copy_to_next_year(self, request, queryset):
        for plan in queryset:
            try:
                new = services.plan_copy(source=plan, year=plan.year + 1)
            except PortalError as error:
                self.message_user(request, f"{plan.year + 1}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("Action plan %(year)s created from %(source)s.")
                                  % {"year": new.year, "source": plan.year}, messages.SUCCESS)


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["position", "description", "responsible", "stage_display"]
    readonly_fields = ["stage_display"]
    autocomplete_fields = ["responsible"]
    show_change_link = True

    @admin.display(description=_("stage"))
    def stage_display(self, activity: Activity) -> str:
        return stage_badge(activity) if activity.pk else "—"


@admin.register(ActionLine)
class ActionLineAdmin(admin.ModelAdmin):
    form = ActionLineForm
    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    search_fields = ["title", "objective"]
    inlines = [ActivityInline]


class ActivityLinkInline(admin.TabularInline):
    model = ActivityLink
    extra = 1
    fields = ["content_type", "object_id", "target_display"]
    readonly_fields = ["target_display"]

    @admin.display(description=_("carried out by"))
    def target_display(self, link: ActivityLink) -> str:
        return str(link) if link.pk else "—"


class ActivityForm(forms.ModelForm):
    stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices)
    stage_comment = forms.CharField(label=_("Why the stage changed"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Activity
        fields = ["line", "position", "description", "responsible"]


def _set_stage_action(stage: str):
    def action(modeladmin, request, queryset):
        for activity in queryset:
            services.activity_stage_set(activity=activity, stage=stage, by=request.user)
        modeladmin.message_user(request, ngettext("%(count)d activity updated.", "%(count)d activities updated.",
                                                  queryset.count()) % {"count": queryset.count()}, messages.SUCCESS)

    action.__name__ = f"set_stage_{stage}"
    label = Stage(stage).label
    return admin.action(description=_("Set stage: %(stage)s") % {"stage": label})(action)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    form = ActivityForm
    list_display = ["description_short", "line", "responsible", "stage_display"]
    list_filter = ["line__plan", "stage"]
    list_select_related = ["line__plan", "responsible"]
    search_fields = ["description"]
    autocomplete_fields = ["responsible"]
    readonly_fields = ["history"]
    inlines = [ActivityLinkInline]
    actions = [_set_stage_action(s) for s in Stage.values]

    @admin.display(description=_("activity"))
    def description_short(self, activity: Activity) -> str:
        return str(activity)

    @admin.display(description=_("stage"), ordering="stage")
    def stage_display(self, activity: Activity) -> str:
        return stage_badge(activity)

    @admin.display(description=_("stage history"))
    def history(self, activity: Activity) -> str:
        rows = [format_html("<li>{} · {} → {} · {} {}</li>", timezone.localtime(c.at).strftime("%Y-%m-%d %H:%M"),
                            Stage(c.source).label, Stage(c.target).label, c.by or "", c.comment)
                for c in state_history(activity)] if activity.pk else []
        return format_html("<ul>{}</ul>", format_html("".join(rows))) if rows else "—"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["stage"].initial = obj.stage if obj else Stage.NONE
        return form

    def save_model(self, request, obj, form, change):
        stage = form.cleaned_data["stage"]
        if not change:
            obj.stage = stage
            super().save_model(request, obj, form, change)
            return
        super().save_model(request, obj, form, change)
        services.activity_stage_set(activity=obj, stage=stage, by=request.user,
                                    comment=form.cleaned_data.get("stage_comment", ""))


class ReportRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.ES)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


def report_years() -> list[int]:
    years = set(selectors.plan_years())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state_display", "created_at", "finished_at", "requested_by", "download",
                    "published_display"]
    list_filter = ["kind", "year", "state", "language", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["requested_by", "member"]
    change_list_template = "admin/network/reportrun/change_list.html"
    actions = ["publish", "withdraw"]

    @admin.display(description=_("on /reports/"), ordering="published_at")
    def published_display(self, run: ReportRun) -> str:
        return _("since %(date)s") % {"date": date_format(timezone.localtime(run.published_at), "SHORT_DATE_FORMAT")} \
            if run.published_at else "—"

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("network.change_reportrun")

    @admin.action(description=_("Publish on the public reports page"), permissions=["publish"])
    def publish(self, request, queryset):
        published, refused = [], []
        for run in queryset.order_by("year", "language"):
            try:
                services.report_publish(run=run)
            except PortalError:
                refused.append(str(run))
                continue
            self.log_change(request, run, [{"changed": {"fields": ["published"]}}])
            published.append(str(run))
        if published:
            self.message_user(request, _("Published on /reports/: %(reports)s. Each replaces the one published "
                                         "before for its year and language.") % {"reports": ", ".join(published)},
                              messages.SUCCESS)
        if refused:
            self.message_user(request, _("Not published, as only finished annual reports can be: %(reports)s.")
                              % {"reports": ", ".join(refused)}, messages.WARNING)

    @admin.action(description=_("Withdraw from the public reports page"), permissions=["publish"])
    def withdraw(self, request, queryset):
        withdrawn = [run for run in queryset.filter(published_at__isnull=False)]
        for run in withdrawn:
            services.report_withdraw(run=run)
            self.log_change(request, run, [{"changed": {"fields": ["published"]}}])
        self.message_user(request, ngettext("%(count)d report withdrawn from /reports/.",
                                            "%(count)d reports withdrawn from /reports/.", len(withdrawn))
                          % {"count": len(withdrawn)}, messages.SUCCESS)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("state"))
    def state_display(self, run: ReportRun) -> str:
        return run.get_state_display() if run.state != ReportState.RUNNING else f"{run.get_state_display()} {run.progress} %"

    @admin.display(description=_("file"))
    def download(self, run: ReportRun) -> str:
        if run.state != ReportState.DONE:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:network_reportrun_download", args=[run.pk]),
                           _("Download PDF"))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="network_reportrun_dashboard"),
            path("preview/<int:year>/", wrap(self.preview_view), name="network_reportrun_preview"),
            path("render/", wrap(self.render_view), name="network_reportrun_render"),
            path("<int:run_id>/status/", wrap(self.status_view), name="network_reportrun_status"),
            path("<int:run_id>/download/", wrap(self.download_view), name="network_reportrun_download"),
            *super().get_urls(),
        ]

    def _check(self, request) -> None:
        if not request.user.is_staff or not self.has_view_permission(request):
            raise PermissionDenied

    def _year(self, request) -> int:
        """The year asked for, or the latest year with an action plan up to this one (a plan already
        copied to next year does not move the dashboard ahead), or this year without any plan."""
        years = report_years()
        planned = selectors.plan_years()
        so_far = [y for y in planned if y <= timezone.localdate().year]
        default = max(so_far or planned) if planned else years[0]
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = default
        return year if year in years else default

    def dashboard_view(self, request):
        self._check(request)
        year = self._year(request)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": _("Dashboard %(year)s") % {"year": year},
            "years": report_years(), "form": ReportRequestForm(years=report_years(), initial={"year": year}),
            **selectors.report_context(year=year, with_annex=False),
            "runs": ReportRun.objects.filter(kind=ReportRun.Kind.ANNUAL, year=year).select_related("requested_by")[:10],
        }
        return TemplateResponse(request, "admin/network/reportrun/dashboard.html", context)

    def preview_view(self, request, year: int):
        self._check(request)
        context = {**self.admin_site.each_context(request), "opts": self.opts,
                   "title": _("Report %(year)s: preview") % {"year": year}, **selectors.report_context(year=year)}
        return TemplateResponse(request, "admin/network/reportrun/preview.html", context)

    def render_view(self, request):
        self._check(request)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:network_reportrun_dashboard"))
        form = ReportRequestForm(request.POST, years=report_years())
        if not form.is_valid():
            self.message_user(request, _("Choose a year and a language."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:network_reportrun_dashboard"))
        run = services.report_request(year=form.cleaned_data["year"], language=form.cleaned_data["language"],
                                      by=request.user)
        return HttpResponseRedirect(reverse("admin:network_reportrun_dashboard") + f"?year={run.year}&run={run.pk}")

    def status_view(self, request, run_id: int):
        self._check(request)
        run = get_object_or_404(ReportRun, pk=run_id, kind=ReportRun.Kind.ANNUAL)
        return TemplateResponse(request, "admin/network/reportrun/_status.html", {"run": run})

    def download_view(self, request, run_id: int):
        self._check(request)
        run = get_object_or_404(ReportRun, pk=run_id, state=ReportState.DONE)
        if not run.file:
            raise Http404
        return FileResponse(run.file.open("rb"), as_attachment=True, filename=run.file.name.rsplit("/", 1)[-1],
                            content_type="application/pdf")
