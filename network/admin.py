"""The secretariat's main tool: members, dues, networks, people, roles and themes."""

from django import forms
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from django.contrib import messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import Exists
from django.db.models import OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import FileResponse
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import path
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.html import format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.utils.translation import ngettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST
from django_countries import countries
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .api import keys as api_keys
from .enums import MEMBER_STATUS_WORKFLOW
from .enums import InvitationState
from .enums import MemberStatus
from .enums import OutboxState
from .enums import RoleKind
from .enums import StatusActor
from .errors import PortalError
from .forms import HeldMessageForm
from .mail import outbox_dispatch
from .models import DataExport
from .models import Dues
from .models import ErasureRequest
from .models import Invitation
from .models import Member
from .models import OutboxMessage
from .models import PartnerKey
from .models import Person
from .models import PersonalDataAccess
from .models import PrivacyNotice
from .models import SitePage
from .models import RetentionPeriod
from .models import RetentionRun
from .models import Role
from .models import SustainableDevelopmentGoal
from .models import TerritorialNetwork
from .models import Theme
from .models import User
from .resources import DuesResource
from .resources import MemberResource
from .resources import PersonResource
from .text import search_key
from .workflow import change_label
from .workflow import state_history


class HistoryImportExportAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """Export/import buttons and the change history on the same change list."""


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal information"), {"fields": ("name", "language", "time_zone")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)
    actions = ["prepare_data_export"]

    @admin.action(description=_("Prepare a download of the selected people's data (when they ask by e-mail)"),
                  permissions=["view"])
    def prepare_data_export(self, request, queryset):
        from . import privacy

        if not request.user.has_perm("network.view_dataexport"):
            raise PermissionDenied
        for user in queryset:
            privacy.data_export_request(user=user)
        self.message_user(request, _("The downloads are being prepared: find them under Personal data exports. "
                                     "Opening one is recorded."), messages.SUCCESS)


class TeamRulesFormSet(BaseInlineFormSet):
    """Roles on a city's or a person's page follow the portal's team rule (services): a city that
    has a focal point keeps at least one."""

    def clean(self):
        super().clean()
        changes: dict[int, dict] = {}

        def change(member_id):
            return changes.setdefault(member_id, {"removed": set(), "demoted": set(), "added": 0})

        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data:
                continue
            pk = form.instance.pk
            old_member, old_kind = form.initial.get("member"), form.initial.get("kind")
            new_member = data.get("member") or (self.instance if isinstance(self.instance, Member) else None)
            new_member = getattr(new_member, "pk", new_member)
            new_kind = data.get("kind")
            was_focal = pk is not None and old_kind == RoleKind.FOCAL_POINT
            if data.get("DELETE"):
                if was_focal:
                    change(old_member)["removed"].add(pk)
                continue
            is_focal = new_kind == RoleKind.FOCAL_POINT
            if was_focal and (not is_focal or new_member != old_member):
                change(old_member)["demoted"].add(pk)
            if is_focal and new_member and (not was_focal or new_member != old_member):
                change(new_member)["added"] += 1
        members = Member.objects.in_bulk([member_id for member_id in changes if member_id])
        for member_id, change_set in changes.items():
            if member_id in members:
                try:
                    services.team_focal_points_check(member=members[member_id], **change_set)
                except PortalError as error:
                    raise ValidationError(error.message) from error


class RoleInline(admin.TabularInline):
    model = Role
    formset = TeamRulesFormSet
    extra = 0
    autocomplete_fields = ["person", "member"]


class DuesInline(admin.TabularInline):
    model = Dues
    extra = 0
    fields = ["year", "amount", "currency", "invoiced_on", "paid_on"]
    ordering = ["-year"]


class CountryInUseFilter(admin.SimpleListFilter):
    """Only the countries that members are in (not the 250 of the world)."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        # order_by(): with the model's ordering by name, DISTINCT would return every member's row.
        codes = set(Member.objects.order_by().values_list("country", flat=True).distinct())
        return sorted(((code, countries.name(code)) for code in codes), key=lambda item: search_key(str(item[1])))

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class OverdueDuesFilter(admin.SimpleListFilter):
    title = _("dues")
    parameter_name = "dues"

    def lookups(self, request, model_admin):
        return [("overdue", _("With overdue dues")), ("clear", _("Nothing overdue"))]

    def queryset(self, request, queryset):
        owes = Exists(
            Dues.objects.filter(services.overdue_dues_q(today=timezone.localdate()), member=OuterRef("pk"))
        )
        if self.value() == "overdue":
            return queryset.filter(owes)
        if self.value() == "clear":
            return queryset.filter(~owes)
        return queryset


def _status_action(status: str):
    def action(model_admin, request, queryset):
        model_admin._set_status(request, queryset, status)

    action.__name__ = f"set_status_{status}"
    return admin.action(description=format_lazy(_("Set membership status: {status}"),
                                                status=MemberStatus(status).label),
                        permissions=["change"])(action)


STATUS_ACTIONS = [_status_action(status) for status in MemberStatus.values if status != MemberStatus.PROSPECT]


@admin.register(Member)
class MemberAdmin(HistoryImportExportAdmin):
    resource_classes = [MemberResource]
    list_display = ["name", "kind", "country_display", "territorial_network", "population", "status", "joined_on"]
    list_filter = ["status", "kind", "territorial_network", CountryInUseFilter, OverdueDuesFilter, "themes"]
    list_select_related = ["territorial_network"]
    search_fields = ["name", "search_text", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["territorial_network", "themes"]
    inlines = [DuesInline, RoleInline]
    list_per_page = 50
    actions = ["refresh_dues_standing", *STATUS_ACTIONS]
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "status", "joined_on")}),
        (_("Place"), {"fields": ("country", "territorial_network", "population", "latitude", "longitude")}),
        (_("Profile"), {"fields": ("website", "description", "themes")}),
        (_("Membership status"), {"fields": ("status_history",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        # A new member starts with a status; after that it changes only through the actions, which
        # follow the table of allowed moves and log who, as whom and why.
        return ["status", "status_history"] if obj is not None else ["status_history"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is not None else fieldsets[:-1]

    @admin.display(description=_("status changes"))
    def status_history(self, obj: Member) -> str:
        rows = [(change.at, change_label(change), change.by or dict(StatusActor.choices).get(change.actor, ""),
                 change.comment) for change in state_history(obj, workflow=MEMBER_STATUS_WORKFLOW)]
        if not rows:
            return _("No change since the member was recorded.")
        return format_html("<ul>{}</ul>", format_html_join(
            "", "<li>{} · {} · {}{}</li>",
            ((date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT"), label, who,
              f" · {comment}" if comment else "") for at, label, who, comment in rows)))

    def _set_status(self, request, queryset, status: str) -> None:
        moved, refused = 0, []
        for member in queryset:
            try:
                before = member.status
                services.member_status_set(member=member, status=status, by=request.user)
                moved += before != status
            except PortalError:
                refused.append(member.name)
        label = MemberStatus(status).label
        if moved:
            self.message_user(request, ngettext("%(count)d member is now “%(status)s”.",
                                                "%(count)d members are now “%(status)s”.", moved)
                              % {"count": moved, "status": label}, messages.SUCCESS)
        if refused:
            self.message_user(request, _("Not changed (that change of status is not allowed from their current "
                                         "status): %(members)s.") % {"members": ", ".join(refused)},
                              messages.WARNING)

    @admin.display(description=_("country"), ordering="country")
    def country_display(self, obj: Member) -> str:
        # The admin's default display of a choices field normalises all ~250 country choices for
        # every row (40 % of the changelist's time at 50 rows); the name lookup is direct.
        return obj.country.name

    @admin.action(description=_("Recompute the dues standing of all members"))
    def refresh_dues_standing(self, request, queryset):
        result = services.dues_standing_refresh()
        self.message_user(
            request,
            ngettext_lazy("%(arrears)d member now in arrears, %(restored)d back to active.", "%(arrears)d members now in arrears, %(restored)d back to active.", "arrears")
            % {"arrears": len(result.marked_in_arrears), "restored": len(result.restored)},
            messages.SUCCESS,
        )


@admin.register(Dues)
class DuesAdmin(HistoryImportExportAdmin):
    resource_classes = [DuesResource]
    list_display = ["member", "year", "amount", "currency", "invoiced_on", "paid_on"]
    list_filter = ["year", "currency", ("paid_on", admin.EmptyFieldListFilter), "member__territorial_network"]
    list_select_related = ["member"]
    search_fields = ["member__name", "member__search_text"]
    autocomplete_fields = ["member"]
    date_hierarchy = "invoiced_on"
    actions = ["mark_paid_today"]

    @admin.action(description=_("Mark as paid today"))
    def mark_paid_today(self, request, queryset):
        count = 0
        for dues in queryset.filter(paid_on__isnull=True):
            services.dues_mark_paid(dues=dues)
            count += 1
        self.message_user(
            request, ngettext("%d dues payment recorded.", "%d dues payments recorded.", count) % count
        )


@admin.register(TerritorialNetwork)
class TerritorialNetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "coordinating_member", "member_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["coordinating_member"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("coordinating_member").annotate(n=Count("members"))

    @admin.display(description=_("members"), ordering="n")
    def member_count(self, obj):
        return obj.n


@admin.register(Person)
class PersonAdmin(HistoryImportExportAdmin):
    resource_classes = [PersonResource]
    list_display = ["__str__", "email", "position", "language", "has_login"]
    list_filter = ["language", "roles__kind", "roles__member__territorial_network"]
    search_fields = ["first_name", "last_name", "email", "roles__member__name"]
    autocomplete_fields = ["user"]
    inlines = [RoleInline]
    list_select_related = ["user"]

    @admin.display(description=_("login"), boolean=True)
    def has_login(self, obj):
        return obj.user_id is not None


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        role = self.instance
        was_focal_point = role.pk is not None and Role.objects.filter(pk=role.pk, kind=RoleKind.FOCAL_POINT).exists()
        stays = cleaned.get("kind") == RoleKind.FOCAL_POINT and cleaned.get("member") == role.member
        if was_focal_point and not stays:
            try:
                services.team_focal_points_check(member=Role.objects.get(pk=role.pk).member, demoted={role.pk})
            except PortalError as error:
                raise ValidationError(error.message) from error
        return cleaned


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    """A person's role in a city. The same rule as the portal's team: the only focal point of a city
    cannot be deleted or changed into another role."""

    form = RoleForm
    list_display = ["person", "kind", "member", "since"]
    list_filter = ["kind", "member__territorial_network"]
    search_fields = ["person__first_name", "person__last_name", "person__email", "member__name"]
    autocomplete_fields = ["person", "member"]
    list_select_related = ["person", "member"]

    def delete_view(self, request, object_id, extra_context=None):
        role = Role.objects.select_related("person", "member").filter(pk=object_id).first()
        if role is not None and self.has_delete_permission(request, role) and not _removable(role):
            self.message_user(request, _("%(person)s is the only focal point of %(member)s and cannot be removed.")
                              % {"person": role.person, "member": role.member}, messages.ERROR)
            return redirect("admin:network_role_change", role.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        kept = [role for role in queryset.select_related("person", "member") if not _removable(role)]
        for role in kept:
            self.message_user(request, _("%(person)s is the only focal point of %(member)s and cannot be removed.")
                              % {"person": role.person, "member": role.member}, messages.ERROR)
        super().delete_queryset(request, queryset.exclude(pk__in=[role.pk for role in kept]))


def _removable(role: Role) -> bool:
    try:
        services.team_focal_points_check(member=role.member, removed={role.pk})
    except PortalError:
        return False
    return True


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_pt", "name_en", "slug"]
    search_fields = ["name", "name_pt", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sdgs"]


@admin.register(SustainableDevelopmentGoal)
class SdgAdmin(admin.ModelAdmin):
    list_display = ["__str__"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """The record of every invitation to a city's team. Invitations are sent from the city's page in
    the portal (by a focal point, or by staff acting for the city), which e-mails the link; here they
    are read and withdrawn."""

    list_display = ["email", "member", "kind", "state", "invited_by", "by_secretariat", "created_at", "expires_at"]
    list_filter = ["state", "kind", "by_secretariat"]
    search_fields = ["email", "member__name"]
    list_select_related = ["member", "invited_by"]
    fields = ["email", "first_name", "last_name", "member", "kind", "state", "invited_by", "by_secretariat",
              "created_at", "expires_at", "accepted_at"]
    readonly_fields = fields
    actions = ["withdraw"]

    def has_add_permission(self, request):
        return False  # sent from the city's portal page, which e-mails the link

    @admin.action(description=_("Withdraw the selected invitations"), permissions=["change"])
    def withdraw(self, request, queryset):
        withdrawn = 0
        for invitation in queryset.select_related("member").filter(state=InvitationState.PENDING):
            try:
                services.invitation_revoke(invitation=invitation, by=request.user)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                withdrawn += 1
        self.message_user(request, ngettext("%(count)d invitation withdrawn.", "%(count)d invitations withdrawn.",
                                            withdrawn) % {"count": withdrawn}, messages.SUCCESS)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Every e-mail: held ones (decisions) are read as the recipient will read them, edited, sent or
    discarded here; voided ones say why; failures can be retried."""

    list_display = ["subject", "recipients", "state_display", "topic", "related_reference", "created_at", "sent_at",
                    "attempts"]
    list_filter = ["state", "topic", "language"]
    search_fields = ["subject", "to", "related_reference"]
    date_hierarchy = "created_at"
    actions = ["send_held", "discard_held", "retry_failed"]
    readonly_fields = ["state", "void_reason", "created_at", "sent_at", "attempts", "last_error", "topic",
                       "related_reference", "language"]
    change_form_template = "admin/network/outboxmessage/change_form.html"
    form = HeldMessageForm

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.display(description=_("state"), ordering="state")
    def state_display(self, obj):
        if obj.state == OutboxState.VOIDED and obj.void_reason:
            return format_html("{} <span class=\"quiet\">({})</span>", obj.get_state_display(),
                               obj.get_void_reason_display())
        return obj.get_state_display()

    def get_fields(self, request, obj=None):
        # The top of the page shows state, topic, recipients, language, subject and both parts as the
        # recipient reads them; below are only what can still be edited (a held message) and the facts
        # of its delivery.
        delivery = ["created_at", "sent_at", "attempts"] + (["last_error"] if obj and obj.last_error else [])
        if obj is not None and self.has_change_permission(request, obj):
            return ["to", "subject", "text", "html", *delivery]
        return delivery

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is the record of what was said to whom: discard a held message instead

    def has_change_permission(self, request, obj=None):
        # Only a held message can still be edited before it goes out.
        return super().has_change_permission(request, obj) and (obj is None or obj.state == OutboxState.HELD)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/preview/", view(self.preview_view), name="network_outboxmessage_preview"),
            path("<int:object_id>/send/", view(self.send_view), name="network_outboxmessage_send"),
            path("<int:object_id>/discard/", view(self.discard_view), name="network_outboxmessage_discard"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        message = self.get_object(request, object_id)
        extra = {}
        if message is not None:
            extra = {
                "can_send": message.state == OutboxState.HELD and self.has_change_permission(request, message),
                "attachments": [{"filename": a.get("filename", ""), "size": len(a.get("content", "")) * 3 // 4}
                                for a in message.attachments],
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _message_or_404(self, request, object_id, *, change: bool):
        message = self.get_object(request, str(object_id))
        allowed = self.has_change_permission(request, message) if change else self.has_view_permission(request, message)
        if message is None or not allowed:
            raise Http404
        return message

    def preview_view(self, request, object_id):
        """The HTML part alone, for the sandboxed frame of the message page: no script runs, and
        only its own inline styles and images apply."""
        message = self._message_or_404(request, object_id, change=False)

        @xframe_options_sameorigin
        @csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE],
                       "img-src": [CSP.SELF, "data:", "https:"], "frame-ancestors": [CSP.SELF]})
        def respond(_request):
            return HttpResponse(message.html, content_type="text/html; charset=utf-8")

        return respond(request)

    def _after(self, request, message):
        return redirect("admin:network_outboxmessage_change", message.pk)

    def send_view(self, request, object_id):
        @require_POST
        def respond(request):
            message = self._message_or_404(request, object_id, change=True)
            if services.outbox_release(messages=[message], by=request.user):
                text = _("The message is on its way.")
                if message.topic == "decision":
                    text = _("The message is on its way, and the decision on %(reference)s is published.") % {
                        "reference": message.related_reference}
                self.message_user(request, text, messages.SUCCESS)
            else:
                self.message_user(request, _("This message is no longer held; nothing was sent."), messages.WARNING)
            return self._after(request, message)

        return respond(request)

    def discard_view(self, request, object_id):
        @require_POST
        def respond(request):
            message = self._message_or_404(request, object_id, change=True)
            if services.outbox_discard(messages=[message]):
                self.message_user(request, _("The message was discarded; it will not be sent."), messages.SUCCESS)
            else:
                self.message_user(request, _("This message is no longer held."), messages.WARNING)
            return self._after(request, message)

        return respond(request)

    @admin.action(description=_("Send the selected held messages"))
    def send_held(self, request, queryset):
        selected = list(queryset)
        count = services.outbox_release(messages=selected, by=request.user)
        decisions = sum(1 for m in selected if m.state == OutboxState.HELD and m.topic == "decision")
        text = ngettext("%d message queued for sending.", "%d messages queued for sending.", count) % count
        if decisions:
            text += " " + ngettext("The decision they announce is published with it.",
                                   "The decisions they announce are published with them.", decisions)
        self.message_user(request, text, messages.SUCCESS)
        skipped = len(selected) - count
        if skipped:
            self.message_user(request, ngettext(
                "%d selected message was not held (sent, discarded or voided already) and was left alone.",
                "%d selected messages were not held (sent, discarded or voided already) and were left alone.",
                skipped) % skipped, messages.WARNING)

    @admin.action(description=_("Discard the selected held messages"))
    def discard_held(self, request, queryset):
        count = services.outbox_discard(messages=list(queryset))
        self.message_user(request, ngettext("%d message discarded.", "%d messages discarded.", count) % count)

    @admin.action(description=_("Retry the selected failed messages"))
    def retry_failed(self, request, queryset):
        ids = list(queryset.filter(state=OutboxState.FAILED).values_list("pk", flat=True))
        outbox_dispatch(message_ids=ids)
        self.message_user(request, ngettext("%d message queued again.", "%d messages queued again.", len(ids))
                          % len(ids))


from .plan import admin as plan_admin  # noqa: E402,F401  (action plan, dashboard and reports)


# --- Personal data ---------------------------------------------------------------------------------
@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    """Read keys of the public API for partner systems: issued here (the key is shown once), revoked
    at once. The API is open without a key; a key raises the rate limit and says who is calling."""

    list_display = ["name", "prefix", "requests_per_minute", "created_at", "last_used_at", "is_active_display"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "contact_email"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    list_select_related = ["created_by"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        editable = ["name", "contact_email", "requests_per_minute"]
        return editable if obj is None else [*editable, *self.readonly_fields]

    @admin.display(description=_("active"), boolean=True)
    def is_active_display(self, obj: PartnerKey) -> bool:
        return obj.is_active

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        raw = api_keys.partner_key_issue(key=obj, by=request.user)
        self.message_user(request, format_html(
            "{} <code>{}</code>",
            _("Key issued. Copy it now and send it to the partner by a safe channel: it will not be shown again."),
            raw), messages.WARNING)

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = sum(api_keys.partner_key_revoke(key=key) for key in queryset)
        self.message_user(request, ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked)
                          % {"count": revoked}, messages.SUCCESS)


@admin.register(SitePage)
class SitePageAdmin(TranslationAdmin):
    """About the network, contact and the accessibility statement, in the three languages; a page not
    written yet shows the portal's own text."""

    list_display = ["kind", "title", "updated_at"]
    fields = ["kind", "title", "body"]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    """Who is responsible and how to reach them, in the staff's words; the privacy page adds what is
    kept and what erasure does, from the apps' declarations."""

    list_display = ["controller", "contact_email", "updated_at"]
    fieldsets = ((None, {"fields": ["controller", "contact_email"]}),
                 (_("Text of the privacy page"), {"fields": ["text", "text_pt", "text_en"]}))

    def view_on_site(self, obj):
        return reverse("privacy")


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """People's requests to be erased: confirm (the erasure runs across every app at once) or turn
    down with the reason, which the person reads on their page."""

    list_display = ["user", "state", "requested_at", "decided_by", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["user", "decided_by"]
    fields = ["user", "state", "reason", "requested_at", "decided_by", "decided_at", "answer"]
    readonly_fields = ["user", "state", "reason", "requested_at", "decided_by", "decided_at"]
    actions = ["erase_now"]

    def has_add_permission(self, request):
        return False  # a person asks in My account → My data; staff may erase from a person's request

    def has_delete_permission(self, request, obj=None):
        return False  # the proof that a request was answered

    @admin.action(description=_("Erase the selected people now (across every part of the portal)"),
                  permissions=["change"])
    def erase_now(self, request, queryset):
        from . import privacy

        done = 0
        for erasure in queryset.filter(state=ErasureRequest.State.PENDING):
            try:
                privacy.erasure_confirm(request=erasure, by=request.user)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                done += 1
        self.message_user(request, ngettext("%(count)d person erased.", "%(count)d people erased.", done)
                          % {"count": done}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        from . import privacy

        if "answer" in form.changed_data and obj.answer.strip():
            try:
                privacy.erasure_refuse(request=obj, by=request.user, answer=obj.answer)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    """When people downloaded their data (the files are theirs: staff do not open them)."""

    list_display = ["user", "state", "progress", "requested_at", "finished_at", "download"]
    list_filter = ["state"]
    list_select_related = ["user"]
    fields = ["user", "state", "progress", "requested_at", "finished_at", "error", "download"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("download"))
    def download(self, obj):
        if obj.state != DataExport.State.DONE or not obj.file:
            return "—"
        return format_html('<a href="{}">{}</a> <span class="help">{}</span>',
                           reverse("admin:network_dataexport_download", args=[obj.pk]), _("Download (ZIP)"),
                           _("(recorded)"))

    def get_urls(self):
        return [path("<int:pk>/download/", self.admin_site.admin_view(self.download_view),
                     name="network_dataexport_download"), *super().get_urls()]

    def download_view(self, request, pk: int):
        """Staff open a person's download (sent to them on request): every opening is recorded."""
        from . import privacy

        if not self.has_view_permission(request):
            raise PermissionDenied
        export = get_object_or_404(DataExport, pk=pk, state=DataExport.State.DONE)
        if not export.file:
            raise Http404
        if export.user_id != request.user.pk:
            privacy.access_record(by=request.user, kind=PersonalDataAccess.Kind.DATA_EXPORT,
                                  reference=str(export), subject=export.user)
        return FileResponse(export.file.open("rb"), as_attachment=True, content_type="application/zip",
                            filename=export.file.name.rsplit("/", 1)[-1])


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin):
    """How long each kind of personal record is kept: the daily job removes what is due, and the
    privacy page lists every period."""

    list_display = ["__str__", "days", "counted_from", "action", "updated_at"]
    list_editable = ["days"]
    list_display_links = None
    fields = ["days"]

    def changelist_view(self, request, extra_context=None):
        from .retention import retention_periods_ensure

        retention_periods_ensure()  # a kind an app declared since the last visit gets its default
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _kind(self, obj):
        from .retention import RETENTION

        return RETENTION.get(obj.kind)

    @admin.display(description=_("counted"))
    def counted_from(self, obj):
        kind = self._kind(obj)
        return kind.counted_from if kind else "—"

    @admin.display(description=_("then"))
    def action(self, obj):
        kind = self._kind(obj)
        return kind.action if kind else "—"


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    """Each day's retention run and what it removed."""

    list_display = ["day", "started_at", "finished_at", "removed"]
    fields = ["day", "started_at", "finished_at", "results"]
    readonly_fields = fields

    @admin.display(description=_("records removed"))
    def removed(self, obj):
        return sum(obj.results.values()) if obj.results else 0

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Who of the staff read a person's data download, or an application they do not review."""

    list_display = ["at", "by", "kind", "reference", "subject"]
    list_filter = ["kind", ("at", admin.DateFieldListFilter)]
    list_select_related = ["by", "subject"]
    search_fields = ["reference", "by__email", "subject__email"]
    date_hierarchy = "at"
    fields = list_display
    readonly_fields = list_display
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
