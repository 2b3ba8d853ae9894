"""Form widgets that render in Python instead of one template include per option.

Django's ``Select`` renders ``select_option.html`` once per ``<option>``; a list of a province's
2,000 agencies (or the search page's five filter lists) then costs tens of milliseconds per page.
``Select`` here produces the same markup — a test holds it equal to Django's — from the same
selection rules (``format_value``; one selected option unless multiple), so selection, ``required``,
option groups and attributes behave identically.
"""

from __future__ import annotations

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _esc(value) -> str:
    """``conditional_escape`` without its lazy-string and SafeString wrapping: a select of 2,000
    options escapes 4,000 values (``format_html`` per option was most of the filter lists' cost)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        multiple = self.allow_multiple_selected
        has_selected = False
        parts = []
        for option_value, option_label in self.choices:
            group = isinstance(option_label, (list, tuple))
            options = []
            for subvalue, sublabel in (option_label if group else [(option_value, option_label)]):
                selected = (not has_selected or multiple) and str(subvalue) in chosen
                has_selected |= selected
                options.append(f'<option value="{"" if subvalue is None else _esc(subvalue)}"'
                               f'{" selected" if selected else ""}>{_esc(sublabel)}</option>')
            html_ = "".join(options)
            parts.append(f'<optgroup label="{_esc(option_value)}">{html_}</optgroup>' if group else html_)
        final = self.build_attrs(self.attrs, attrs)
        if multiple:
            final["multiple"] = True
        return format_html("<select name=\"{}\"{}>{}</select>", name, flatatt(final), mark_safe("".join(parts)))
