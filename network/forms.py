import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .enums import RoleKind
from .models import OutboxMessage


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    kind = forms.ChoiceField(
        label=_("Role"),
        choices=[(k.value, k.label) for k in (RoleKind.TECHNICIAN, RoleKind.OFFICIAL, RoleKind.FOCAL_POINT)],
        initial=RoleKind.TECHNICIAN,
    )


class RecipientsField(forms.CharField):
    """A list of e-mail addresses typed one per line (or separated by commas), kept as a list."""

    widget = forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return [part.strip() for part in re.split(r"[\n,;]+", value or "") if part.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for address in value:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(_("%(address)s is not a valid e-mail address."), code="invalid",
                                      params={"address": address}) from None

    def run_validators(self, value):
        return None  # CharField's length validators do not apply to a list


class HeldMessageForm(forms.ModelForm):
    """A held e-mail edited before it goes out: recipients one per line, a subject that fits."""

    to = RecipientsField(label=_("Recipients"), help_text=_("One address per line."))

    class Meta:
        model = OutboxMessage
        fields = ["to", "subject", "text", "html"]
        widgets = {"subject": forms.TextInput(attrs={"class": "vLargeTextField"})}


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing ids outside the database's integer range as invalid choices: they
    used to reach the query (`pk__in`), which SQLite cannot bind (a 500 for `sdgs=10^26`)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if field.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
                                         "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
                                         "PositiveSmallIntegerField", "PositiveBigIntegerField"):
            for item in value or ():
                try:
                    number = int(str(item)[:30])
                except (TypeError, ValueError):
                    continue  # Django's own check says it is not a valid choice
                if not -(2**63) <= number < 2**63:
                    raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                          params={"pk": str(item)[:30]})
        return super()._check_values(value)
