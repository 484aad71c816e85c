"""Courses' content in es, pt-BR and en (see programs/translation.py)."""
from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import register

from campus.models import Course


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title", "summary", "description")
