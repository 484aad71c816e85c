"""Strings of Django and its admin that Django 6 added and whose own Spanish catalogue does not
translate yet (the form's empty choice, the admin's action button and search heading). Marked here
so makemessages puts them in the project's catalogues, which take precedence over Django's."""

from django.utils.translation import gettext_noop

# Django's admin builds these from a model's name after a fixed article ("El {name}", "O {name}"):
# "El convocatoria", "O chamada". Our catalogues word them without an article before the name.
ADMIN_MESSAGES = (
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Are you sure you want to delete the selected %(objects_name)s? All of the following objects and "
                 "their related items will be deleted:"),
)

STRINGS = (
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
    gettext_noop("Run"),  # admin/actions.html
    gettext_noop("Search %(name)s"),  # admin/search_form.html
)
