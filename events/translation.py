"""Events' content in es, pt-BR and en (see programs/translation.py)."""
from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import register

from events.models import Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "motto")
