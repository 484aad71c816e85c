"""Content staff write in several languages (django-modeltranslation): each field below gets a column
per language (title_es, title_pt_br, title_en); reading `call.title` gives the active language, else
the original (settings.MODELTRANSLATION_FALLBACK_LANGUAGES). network.content_language says which
language a page is showing, for its note."""
from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import register

from programs.calls.models import Call
from programs.knowledge.models import GoodPractice
from programs.knowledge.models import Webinar


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "summary", "description")


@register(Webinar)
class WebinarTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(GoodPractice)
class GoodPracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
