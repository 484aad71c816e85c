"""CSV/XLSX export and import of the registry (django-import-export).

Rows are matched by natural keys (a member's slug, a person's e-mail), so a spreadsheet
exported, edited and imported again updates records instead of duplicating them.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields
from import_export import resources
from import_export.widgets import ForeignKeyWidget
from import_export.widgets import ManyToManyWidget

from .exports import safe_cell
from .exports import unsafe_cell
from .models import Dues
from .models import Member
from .models import Person
from .models import TerritorialNetwork
from .models import Theme


class AllOrNothingResource(resources.ModelResource):
    """A spreadsheet with one bad row imports nothing: the whole file is one transaction. Exported
    cells go out as text a spreadsheet will not run (network.exports), and come back as they were."""

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for key, value in list(row.items()):
            row[key] = unsafe_cell(value)
        return super().before_import_row(row, **kwargs)

    def import_data(self, dataset, **kwargs):
        kwargs.setdefault("use_transactions", True)
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)


class MemberResource(AllOrNothingResource):
    territorial_network = fields.Field(
        attribute="territorial_network",
        column_name="territorial_network",
        widget=ForeignKeyWidget(TerritorialNetwork, field="slug"),
    )
    themes = fields.Field(attribute="themes", column_name="themes", widget=ManyToManyWidget(Theme, field="slug"))

    class Meta:
        model = Member
        import_id_fields = ["slug"]
        fields = [
            "slug", "name", "kind", "country", "territorial_network", "population", "status", "joined_on",
            "website", "latitude", "longitude", "themes",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
        verbose_name = _("members")

    # A new member starts with the status in its row; an existing member's status changes through the
    # table of allowed moves (network.services.member_status_set), logged as the importing staff member.
    def import_instance(self, instance, row, **kwargs):
        current = instance.status if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if current is not None and instance.status != current:
            instance._imported_status, instance.status = instance.status, current

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if getattr(instance, "_imported_status", None):
            return False
        return super().skip_row(instance, original, row, import_validation_errors=import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        wanted = getattr(instance, "_imported_status", None)
        if wanted:
            from .services import member_status_set

            user = kwargs.get("user")
            member_status_set(member=instance, status=wanted, by=user if getattr(user, "pk", None) else None,
                              comment=_("Imported from a spreadsheet"))
            instance.status = wanted


class PersonResource(AllOrNothingResource):
    class Meta:
        model = Person
        import_id_fields = ["email"]
        fields = ["email", "first_name", "last_name", "position", "language"]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True


class DuesResource(AllOrNothingResource):
    member = fields.Field(attribute="member", column_name="member", widget=ForeignKeyWidget(Member, field="slug"))

    class Meta:
        model = Dues
        import_id_fields = ["member", "year"]
        fields = ["member", "year", "amount", "currency", "invoiced_on", "paid_on"]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
