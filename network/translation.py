"""The network's own pages in es, pt-BR and en (see programs/translation.py)."""
from modeltranslation.translator import TranslationOptions, register

from network.models import SitePage


@register(SitePage)
class SitePageTranslation(TranslationOptions):
    fields = ("title", "body")
