"""Load the demo data (idempotent) and print the demo logins."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser
from django.urls import NoReverseMatch
from django.urls import reverse
from django.utils.translation import gettext as _

from network.demo import DEMO_LOGINS
from network.demo import MEMBERS
from network.demo import load_demo
from network.staff_groups import staff_groups_ensure


def _url(name: str, fallback: str) -> str:
    try:
        path = reverse(name)
    except NoReverseMatch:
        path = fallback
    return settings.SITE_URL + path


class Command(BaseCommand):
    @staticmethod
    def _load_app_demos(*, today) -> dict:
        """Apps that build on the network ship `<app>.demo.load_demo`; load them after it, in app order."""
        from importlib import import_module
        from importlib.util import find_spec

        from django.apps import apps

        totals: dict = {}
        for config in apps.get_app_configs():
            if config.name == "network" or find_spec(f"{config.name}.demo") is None:
                continue
            module = import_module(f"{config.name}.demo")
            if hasattr(module, "load_demo"):
                totals.update(module.load_demo(today=today))
        from network.demo.plan import load_demo as load_plan_demo  # last: it links to the others' data

        totals.update(load_plan_demo(today=today))
        return totals

    help = "Load the demo members, networks, themes, dues, people and logins. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="Date the demo dues are relative to (default: today).",
        )

    def handle(self, *args, **options) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(_("--today must be a date as YYYY-MM-DD.")) from exc

        from django.utils import timezone

        from network.demo.freshness import demo_dates_refresh
        from network.demo.freshness import demo_loaded

        moved = demo_dates_refresh(today=today or timezone.localdate())  # a demo kept for weeks stays current
        counts = load_demo(today=today)
        extra = self._load_app_demos(today=today)
        staff_groups_ensure()  # the secretariat's roles (network/staff_groups.py)
        if moved is None:
            demo_loaded()
        if moved:
            self.stdout.write(_("The demo's dates had gone stale: moved %(days)d days forward (rows a person changed after "
                                "the first load stay as they were).") % {"days": moved})

        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data ready: %(members)d members, %(territorial_networks)d territorial networks, "
                    "%(themes)d themes, %(people)d people."
                )
                % counts
            )
        )
        if extra.get("calls"):
            self.stdout.write(_("Demo calls: %(calls)d (%(applications_created)d applications added).") % extra)
        if options["verbosity"] > 1 or counts["created"] or counts["updated"]:
            self.stdout.write(_("This run: %(created)d objects created, %(updated)d updated.") % counts)
        if counts["status_changes"]:
            self.stdout.write(
                self.style.WARNING(
                    _("The dues refresh changed %(status_changes)d membership statuses.") % counts
                )
            )

        member_names = {member.slug: member.name for member in MEMBERS}
        admin_url = _url("admin:index", "/admin/")
        portal_url = _url("portal:home", "/portal/")
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": settings.DEMO_PASSWORD})
        labels = {"staff": _("staff"), "focal point": _("focal point"), "technician": _("technician")}
        for login in DEMO_LOGINS:
            where = f"({member_names[login.member]})" if login.member else ""
            url = admin_url if login.is_staff else portal_url
            label = labels.get(login.label, login.label)
            self.stdout.write(f"  {label:<12} {login.email:<29} {where:<11} -> {url}")
