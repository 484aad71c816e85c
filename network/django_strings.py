"""Strings of Django and its admin that Django 6 added and whose own Spanish catalogue does not
translate yet (the form's empty choice, the admin's action button and search heading). Marked here
so makemessages puts them in the project's catalogues, which take precedence over Django's."""

from django.utils.translation import gettext_noop
from django.utils.translation import ngettext_lazy

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

# django-simple-history (the change history of every record) ships no Spanish catalogue.
HISTORY = (
    gettext_noop("Change history: %s"),
    gettext_noop("View history: %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Choose a date from the list below to revert to a previous version of this object."),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Change History"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("Changed by"),
    gettext_noop("Date/time"),
    gettext_noop("Object"),
    gettext_noop("Revert"),
    gettext_noop("Close"),
    gettext_noop("None"),
)
HISTORY_ENTRIES = ngettext_lazy("entry", "entries")

STRINGS = (
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
    gettext_noop("Run"),  # admin/actions.html
    gettext_noop("Search %(name)s"),  # admin/search_form.html
)
