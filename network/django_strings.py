"""Strings of Django and its admin that Django 6 added and whose own Spanish catalogue does not
translate yet (the form's empty choice, the admin's action button and search heading). Marked here
so makemessages puts them in the project's catalogues, which take precedence over Django's."""

from django.utils.translation import gettext_noop

STRINGS = (
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
    gettext_noop("Run"),  # admin/actions.html
    gettext_noop("Search %(name)s"),  # admin/search_form.html
)
