"""Which language translated content (calls, events, courses, webinars, good practices; each app's
translation.py) is shown in. A field reads the active language's text, else the first language of
settings.MODELTRANSLATION_FALLBACK_LANGUAGES that has some (the original); a page then says so in a
small note and marks the text with its language, so a reader and a screen reader know."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def each_language(*fields: str) -> list[str]:
    """`title` → `title_es`, `title_pt_br`, `title_en`: admin searches and exports over every language."""
    return [build_localized_fieldname(field, code) for field in fields for code in language_codes()]


def shown_language(obj, field: str = "title") -> str | None:
    """The language `obj.<field>` is shown in when it is not the active one (None when the text is in
    the reader's language, when it is empty everywhere, or when the model is not translated)."""
    try:
        translator.get_options_for_model(type(obj))
    except NotRegistered:
        return None
    active = (get_language() or settings.LANGUAGE_CODE).lower()
    order = [active, *(code for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES if code != active)]
    for code in order:
        if getattr(obj, build_localized_fieldname(field, code), None):
            return None if code == active else code
    return None


def language_name(code: str) -> str:
    """A language in its own name (Español, Português (Brasil), English), as the switcher lists it."""
    return dict(settings.LANGUAGES).get(code, code)


def localized(field: str, prefix: str = ""):
    """`field` in the active language with the same fallback as reading it from an object, as a
    database expression: for `values()`, `union()` and annotations that bypass the model's attribute.
    `prefix`: a relation path (`"webinar__"`)."""
    from django.db.models import F
    from django.db.models import TextField
    from django.db.models import Value
    from django.db.models.functions import Coalesce
    from django.db.models.functions import NullIf

    active = (get_language() or settings.LANGUAGE_CODE).lower()
    order = [active, *(code for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES if code != active)]
    text = TextField()
    return Coalesce(*(NullIf(F(prefix + build_localized_fieldname(field, code)), Value(""), output_field=text)
                      for code in order), Value(""), output_field=text)
