"""A required field is marked once, in the shared label template, for every form (issue 19 item 3);
a missing field is worded one way: 此项必填。"""

from django import forms

STAR = '<span class="required-mark" aria-hidden="true">＊</span>'
HIDDEN = '<span class="visually-hidden">（必填）</span>'


class _Form(forms.Form):
    name = forms.CharField(label="姓名")
    note = forms.CharField(label="备注", required=False)
    how = forms.ChoiceField(label="获取方式", choices=[("mail", "邮寄"), ("online", "网上")], widget=forms.RadioSelect)


def test_a_required_fields_label_starts_with_the_mark():
    form = _Form()
    assert str(form["name"].label_tag()) == f'<label for="id_name">{STAR}姓名：{HIDDEN}</label>'
    assert str(form["note"].label_tag()) == '<label for="id_note">备注：</label>'


def test_every_way_of_rendering_a_form_shows_it():
    html = str(_Form().as_div())
    assert html.count(STAR) == html.count(HIDDEN) == 2  # 姓名 and the radio group's legend, not 备注
    assert f"<legend>{STAR}获取方式：{HIDDEN}</legend>" in html


def test_the_hand_written_login_labels_show_it(client, db):
    for url in ("/staff/login/", "/account/login/"):
        html = client.get(url).content.decode()
        assert f'<label for="id_username">{STAR}用户名{HIDDEN}</label>' in html, url
        assert f'<label for="id_password">{STAR}密码{HIDDEN}</label>' in html, url


def test_a_missing_field_is_worded_one_way_in_every_app(db, world):
    from gongkai.accounts.forms import PublicSignupForm
    from gongkai.appeals.forms import AppealForm, ConcludeForm, UndoForm
    from gongkai.reports.forms import StartForm

    forms_ = (AppealForm({}, user=world.office), ConcludeForm({}), UndoForm({}), StartForm({}), PublicSignupForm({}))
    for form in forms_:
        messages = {m for ms in form.errors.values() for m in ms}
        assert messages == {"此项必填。"}, (type(form).__name__, form.errors)
