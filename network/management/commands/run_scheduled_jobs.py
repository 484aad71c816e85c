"""Run the scheduled jobs once, for installations without Redis and Celery beat (e.g. from cron)."""

from django.core.management.base import BaseCommand

from network import services as network_services
from network.sweeps import run_sweeps


class Command(BaseCommand):
    help = "Run every periodic job once (reminders, survey links, escalations) and refresh the dues standing."

    def handle(self, *args, **options):
        done = run_sweeps()
        dues = network_services.dues_standing_refresh()
        for name, count in done.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(
            f"Members now in arrears: {len(dues.marked_in_arrears)}, back to active: {len(dues.restored)}."
        )
