"""gongkai.portal.widgets.Select renders what Django's Select renders, without a template per option."""

import pytest
from django import forms
from django.test.html import parse_html

from gongkai.portal.widgets import Select

CHOICES = [("", "全部"), ("a", "甲<b>&\"乙\""), ("县直部门", [("b", "乙"), (3, "丙")]), (2026, "2026年")]


@pytest.mark.parametrize("value", ["b", "3", 3, 2026, "", None, "missing", ["a", "b"]])
@pytest.mark.parametrize("attrs", [{"id": "id_agency"}, {"id": "id_agency", "required": True, "class": "wide"},
                                   {"id": "x", "disabled": True, "aria-describedby": "help"}])
def test_it_renders_the_same_markup_as_django(value, attrs):
    ours = Select(choices=CHOICES).render("agency", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("agency", value, attrs=attrs)
    assert parse_html(ours) == parse_html(django)


def test_it_escapes_labels_and_marks_one_option_selected():
    html = Select(choices=CHOICES).render("agency", "b", attrs={"id": "id_agency"})
    assert "甲&lt;b&gt;&amp;&quot;乙&quot;" in html and "<b>" not in html
    assert html.count("selected") == 1 and '<option value="b" selected>乙</option>' in html
    assert '<optgroup label="县直部门">' in html


def test_the_search_form_uses_it_and_keeps_the_choice(db):
    from gongkai.catalog.forms import SearchForm

    form = SearchForm({"item": "1", "year": "2025"})
    html = str(form["year"])
    assert '<option value="2025" selected>2025年</option>' in html
    assert all(isinstance(form.fields[name].widget, Select) for name in ("item", "category", "year", "validity"))
