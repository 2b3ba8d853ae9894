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


def test_it_words_number_limits_in_chinese(db):
    class Figures(forms.Form):
        count = forms.IntegerField(min_value=0, max_value=100)
        amount = forms.DecimalField(max_digits=8, decimal_places=4, min_value=0)

    assert Figures({"count": "-5", "amount": "1.234567"}).errors == {
        "count": ["不能小于0。"], "amount": ["小数不能超过4位。"]}
    assert Figures({"count": "101", "amount": "12345.6"}).errors == {
        "count": ["不能大于100。"], "amount": ["整数部分不能超过4位。"]}
    assert Figures({"count": "1", "amount": "约三万"}).errors == {"amount": ["请填写数字。"]}


def test_it_shows_the_admin_add_user_page_in_chinese(client, world):
    client.force_login(world.admin)
    html = client.get("/admin/accounts/user/add/").content.decode()
    assert "After you" not in html and "创建用户后，可以继续设置该用户的其他信息。" in html
