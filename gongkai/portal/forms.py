"""The site's form renderer: Django's, with one label template for every form (issue 19 item 3).

Every label Django renders — ``{{ field.label_tag }}``, ``as_field_group``, ``as_div``, the admin —
goes through ``django/forms/label.html``; here it is ``portal/forms/label.html``, which puts a red
``＊`` (hidden from screen readers) before a required field's label and ``（必填）`` after it for
screen readers only. Labels written by hand in a template include ``portal/forms/_label.html``
(``with target="id_x" text="…" required=True``), the same markup.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    replaced = {"django/forms/label.html": "portal/forms/label.html"}

    def get_template(self, template_name):
        return super().get_template(self.replaced.get(template_name, template_name))
