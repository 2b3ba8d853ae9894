"""A JSON field in the admin as people read it, not Django's raw blob (``{"kind": "reconsideration", …}``):
each key under its Chinese label, a choice under its label, lists joined with 、, yes/no as 是/否.

    class EventInline(admin.TabularInline):
        readonly_fields = ["type", "data_shown"]
        data_shown = data_field("data", EVENT_DATA_LABELS, choices={"kind": Kind})

Keys without a label are shown last, under their own name, so the audit trail hides nothing.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join

EMPTY = "—"


def readable(data, labels: dict[str, str], choices: dict | None = None) -> str:
    """``data`` (a JSON value) as an HTML definition list in ``labels``' order; ``choices`` maps a
    key to the ``TextChoices`` (or a ``{value: label}`` dict) its values come from."""
    choices = choices or {}
    if not isinstance(data, dict):
        return _text(None, data, labels, choices)
    if not data:
        return EMPTY
    keys = [k for k in labels if k in data] + [k for k in data if k not in labels]
    rows = ((labels.get(k, k), _text(k, data[k], labels, choices)) for k in keys)
    return format_html('<dl class="readable-data">{}</dl>', format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))


def _text(key, value, labels, choices) -> str:
    if value is None or value in ("", [], {}):
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_text(key, v, labels, choices) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{labels.get(k, k)}：{_text(k, v, labels, choices)}" for k, v in value.items())
    if isinstance(choices.get(key), dict):
        return choices[key].get(value, str(value))
    if key in choices:
        try:
            return str(choices[key](value).label)
        except ValueError:
            pass
    return str(value)


def data_field(field: str, labels: dict[str, str], description: str = "内容", choices: dict | None = None):
    """A read-only admin column or field showing the JSON ``field`` through :func:`readable`."""

    @admin.display(description=description)
    def shown(model_admin, obj):
        return readable(getattr(obj, field), labels, choices)

    return shown
