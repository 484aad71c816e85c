"""Run the scheduled jobs once, for installations without Redis and Celery beat (e.g. from cron)."""

from django.core.management.base import BaseCommand

from network import services as network_services
from programs.services.reminders import reminders_sweep


class Command(BaseCommand):
    help = "Send due deadline reminders and refresh the dues standing (what Celery beat does)."

    def handle(self, *args, **options):
        reminders = reminders_sweep()
        dues = network_services.dues_standing_refresh()
        self.stdout.write(
            f"Reminders sent: {reminders}. Members now in arrears: {len(dues.marked_in_arrears)}, "
            f"back to active: {len(dues.restored)}."
        )
