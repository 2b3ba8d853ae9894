"""No framework defaults in sight: Chinese messages, empty labels, admin headings."""

import re

from django import forms

from gongkai.portal.models import SiteIdentity


class _Form(forms.Form):
    name = forms.CharField(max_length=3)
    email = forms.EmailField()


class _ModelForm(forms.ModelForm):
    class Meta:
        model = SiteIdentity
        fields = ["site_name", "host"]


def test_it_words_a_missing_field_one_way(db):
    form = _Form({})
    assert form.errors == {"name": ["此项必填。"], "email": ["此项必填。"]}


def test_it_words_length_and_email_errors_in_chinese(db):
    form = _Form({"name": "x" * 3000, "email": "not-an-address"})
    assert form.errors == {"name": ["不能超过3字（现有3000字）。"], "email": ["电子邮箱格式不对。"]}


def test_it_gives_every_select_a_chinese_empty_label(db):
    html = str(_ModelForm()["host"])
    assert '<option value="" selected>请选择</option>' in html and "---------" not in html
    from gongkai.feedback.models import Item

    choices = Item._meta.get_field("kind").get_choices()
    assert choices[0] == ("", "请选择")


def test_it_shows_the_admin_index_in_chinese(client, world):
    client.force_login(world.admin)
    html = client.get("/admin/").content.decode()
    english = set(re.findall(r">\s*([A-Za-z][A-Za-z ]+[A-Za-z])\s*<", html))
    assert english <= {"admin"}, english  # only the username of the signed-in administrator
    assert "登录失败锁定" in html and "后台任务" in html
