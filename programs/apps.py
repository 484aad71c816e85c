from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Calls and programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from network.upcoming import register_upcoming_provider

        from . import kinds, selectors  # noqa: F401  (kinds registers the forms of every call kind)

        register_upcoming_provider(selectors.upcoming_deadlines)
