"""Evaluation questionnaires in the admin: questions, sending the links, results with charts, CSV."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network import charts

from .. import exports
from .. import selectors
from ..enums import QuestionKind
from ..models import Question
from ..models import Questionnaire
from ..models import SurveyInvitation
from ..services.surveys import survey_send_links


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1
    fields = ["order", "kind", "text", "choices", "scale_max", "required"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "subject_display", "anonymous", "n_invitations", "n_responses", "links_sent_at",
                    "results_link"]
    list_filter = ["anonymous", "subject_type"]
    search_fields = ["title"]
    inlines = [QuestionInline]
    actions = ["send_links_now"]
    fields = ["title", "introduction", "subject_type", "subject_id", "anonymous", "send_after_end", "closes_at",
              "links_sent_at"]
    readonly_fields = ["links_sent_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subject_type").annotate(
            n_inv=Count("invitations", distinct=True), n_resp=Count("responses", distinct=True))

    @admin.display(description=_("about"))
    def subject_display(self, obj):
        return f"{obj.subject_type.name}: {obj.subject}" if obj.subject else "—"

    @admin.display(description=_("links sent"), ordering="n_inv")
    def n_invitations(self, obj):
        return obj.n_inv

    @admin.display(description=_("answers"), ordering="n_resp")
    def n_responses(self, obj):
        return obj.n_resp

    @admin.display(description=_("results"))
    def results_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:events_questionnaire_results", args=[obj.pk]),
                           _t("Results"))

    @admin.action(description=_("Send the links now (to those who have none)"), permissions=["change"])
    def send_links_now(self, request, queryset):
        sent = sum(survey_send_links(questionnaire=q) for q in queryset)
        self.message_user(request, ngettext("%(count)d link sent.", "%(count)d links sent.", sent) % {"count": sent})

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/results/", wrap(self.results_view), name="events_questionnaire_results"),
            path("<int:pk>/results.csv", wrap(self.results_csv), name="events_questionnaire_results_csv"),
            *super().get_urls(),
        ]

    def _questionnaire(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Questionnaire.objects.select_related("subject_type"), pk=pk)

    def results_view(self, request, pk: int):
        questionnaire = self._questionnaire(request, pk)
        count, results = selectors.survey_results(questionnaire)
        for result in results:
            if result.question.kind == QuestionKind.RATING:
                result.chart = charts.column_chart(result.distribution, width=360, height=180)
            elif result.question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                result.chart = charts.bar_chart(result.distribution, width=520)
        invited = questionnaire.invitations.count()
        return TemplateResponse(request, "admin/events/questionnaire/results.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "original": questionnaire,
            "title": _t("Results: %(title)s") % {"title": questionnaire.title}, "questionnaire": questionnaire,
            "count": count, "results": results, "invited": invited,
            "rate": round(100 * count / invited) if invited else None,
        })

    def results_csv(self, request, pk: int):
        questionnaire = self._questionnaire(request, pk)
        _count, results = selectors.survey_results(questionnaire)
        rows = []
        for result in results:
            if result.texts:
                rows.extend([result.question.text, _t("Text"), text, ""] for text in result.texts)
            for label, value in result.distribution:
                rows.append([result.question.text, result.question.get_kind_display(), label, value])
            if result.average is not None:
                rows.append([result.question.text, _t("Average"), "", result.average])
        header = [_t("Question"), _t("Kind"), _t("Answer"), _t("Count")]
        response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="questionnaire-{questionnaire.pk}-results.csv"'
        return response


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "questionnaire", "member", "sent_at", "answered_at"]
    list_filter = ["questionnaire"]
    search_fields = ["email", "name"]
    list_select_related = ["questionnaire", "member"]
    readonly_fields = ["questionnaire", "email", "name", "language", "user", "person", "member", "sent_at",
                       "answered_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False
