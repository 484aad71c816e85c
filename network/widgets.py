"""Form widgets drawn in Python instead of through one template include per option.

Django renders a <select> with a template per option (and one for each option's attributes): a
filter sidebar with a hundred choices costs several milliseconds on every list page. `FastSelect`
writes the same markup with format_html; everything else (choices, the selected value, attributes)
is Django's Select.

`PortalFormRenderer` (settings.FORM_RENDERER) does the same for every form of the site and the
admin: Django's plain <input> widgets, <select> and <textarea> are written in Python, to the byte
what Django's own templates write (tests/network/test_paging_and_widgets.py compares them); any
other template (and any widget with its own option template) is rendered by Django as before.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them (True: the name alone; False: left out)."""
    return mark_safe("".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items() if value is not False and value is not None
    ))


def _option_html(value, label, selected: bool) -> str:
    return (f'<option value="{conditional_escape(value)}"{" selected" if selected else ""}>'
            f"{conditional_escape(label)}</option>")


class FastSelect(forms.Select):
    """A <select> written straight from its choices: Django's Select builds a dict of context per
    option (its attributes, index, template name) before drawing it; a sidebar of a few hundred
    countries and themes spent milliseconds there on every list page. The choices, the selected
    value (the first match only, as Django's), the attributes and the markup are Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        values = self.format_value(value)
        has_selected = False
        parts = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            options = []
            for subvalue, sublabel in (option_label if grouped else [(option_value, option_label)]):
                selected = not has_selected and str(subvalue) in values
                has_selected |= selected
                options.append(_option_html("" if subvalue is None else subvalue, sublabel, selected))
            inner = "".join(options)
            labelled = grouped and option_value  # as Django's select.html: a group without a name has no <optgroup>
            parts.append(f'<optgroup label="{conditional_escape(option_value)}">{inner}</optgroup>' if labelled else inner)
        return mark_safe(f'<select name="{conditional_escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>'
                         f'{"".join(parts)}</select>')


def fast_widgets(form: forms.Form) -> forms.Form:
    """Swap the form's plain <select> widgets for FastSelect (same choices, attributes and output)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            widget = FastSelect(attrs=field.widget.attrs)
            widget.choices = field.widget.choices
            widget.is_required = field.widget.is_required
            field.widget = widget
    return form





# --- Every form's widgets ------------------------------------------------------------------------
_WIDGETS = "django/forms/widgets/"
# Each of these templates is Django's input.html alone.
_INPUT_TEMPLATES = frozenset(_WIDGETS + name + ".html" for name in (
    "input", "text", "email", "number", "password", "hidden", "url", "date", "datetime", "time", "search", "tel",
    "color", "checkbox", "file"))
_OPTION_TEMPLATE = _WIDGETS + "select_option.html"


def _template_attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name alone,
    anything else (None too) its text."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f'{value}{_template_attrs(widget["attrs"])}>')


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_template_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION_TEMPLATE:
                return None  # a widget with options of its own: Django draws it
            parts.append(f'\n  <option value="{conditional_escape(option["value"])}"{_template_attrs(option["attrs"])}>'
                         f'{conditional_escape(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_template_attrs(widget["attrs"])}>\n{value}</textarea>'


class PortalFormRenderer(DjangoTemplates):
    """Django's default form renderer, with its plain widgets written in Python (see the module's
    docstring). A form or widget renders exactly as before; it costs a few microseconds instead of
    a template include per widget and per option."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in _INPUT_TEMPLATES:
                return _input(widget)
            if template_name == _WIDGETS + "textarea.html":
                return _textarea(widget)
            if template_name == _WIDGETS + "select.html" and (html := _select(widget)) is not None:
                return html
        return super().render(template_name, context, request=request)
