from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import RoleKind


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    kind = forms.ChoiceField(
        label=_("Role"),
        choices=[(k.value, k.label) for k in (RoleKind.TECHNICIAN, RoleKind.OFFICIAL, RoleKind.FOCAL_POINT)],
        initial=RoleKind.TECHNICIAN,
    )
