"""Translated content on a page: `{% content_note call %}` says, in the reader's language, that the
text below is shown in its original language because it has not been translated yet;
`{{ call|content_lang }}` gives the `lang` attribute for the element holding that text."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language

from network.content_language import language_name
from network.content_language import shown_language

register = template.Library()


@register.simple_tag
def content_note(obj, field="title"):
    shown = shown_language(obj, field)
    if not shown:
        return ""
    return render_to_string("includes/content_note.html", {"shown": shown, "shown_name": language_name(shown),
                                                         "reader_name": language_name(get_language())})


@register.filter
def content_lang(obj, field="title"):
    shown = shown_language(obj, field)
    return format_html(' lang="{}"', shown) if shown else ""
