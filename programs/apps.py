from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """One Django app with three rooms, each with the house layout (models, enums, services,
    selectors, rules, forms, views, urls, admin, tasks, hooks): the calls engine, cooperation and
    knowledge. One app keeps one migration history, the tables, permissions and admin URLs staff
    already use, and lets cooperation and knowledge point at applications without cross-app
    migrations."""

    name = "programs"
    verbose_name = _("Calls and programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .calls import hooks as calls
        from .cooperation import hooks as cooperation
        from .knowledge import hooks as knowledge

        calls.register()
        cooperation.register()
        knowledge.register()
