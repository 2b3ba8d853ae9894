from datetime import date

from gongkai.accounts.models import User


def test_it_lets_the_public_sign_up_and_see_their_applications(client, world):
    r = client.post("/account/signup/", {"username": "zhangsan", "display_name": "张三", "email": "z@example.cn",
                                         "password1": "Qinghai-Huzhu-2026", "password2": "Qinghai-Huzhu-2026"})
    assert r.status_code == 302 and r.headers["Location"] == "/account/"
    user = User.objects.get(username__startswith="zhangsan-")
    assert not user.is_staff and not user.memberships.exists()
    from gongkai.disclosure.models import Application
    from gongkai.disclosure.tests.factories import registered

    app = registered(world, received_on=date(2025, 1, 20))
    Application.objects.filter(pk=app.pk).update(applicant=user)
    page = client.get("/account/").content.decode()
    assert app.number in page and f"您的登录名是 {user.username}" in page and f"登录名：{user.username}" in page
    assert client.get("/staff/").status_code == 404  # a public account is not staff
    client.post("/account/logout/")  # and the log-in name the page gave opens the account again
    r = client.post("/account/login/", {"username": user.username, "password": "Qinghai-Huzhu-2026"})
    assert r.status_code == 302 and app.number in client.get("/account/").content.decode()


def _signup(client, username):
    client.logout()
    r = client.post("/account/signup/", {"username": username, "display_name": "张三", "email": "",
                                         "password1": "Qinghai-Huzhu-2026", "password2": "Qinghai-Huzhu-2026"})
    page = client.get(r.headers.get("Location", "/account/signup/")).content.decode() if r.status_code == 302 else ""
    return r, page


def test_sign_up_answers_the_same_whether_the_name_is_taken_or_not(client, world):
    """``officer`` exists (a staff account), ``lisi2025`` does not: the answers cannot be told apart."""
    import re

    answers = {}
    for name in ("officer", "OFFICER", "lisi2025"):
        r, page = _signup(client, name)
        login_name = re.search(r"您的登录名是 (\S+?)（", page)
        assert r.status_code == 302 and r.headers["Location"] == "/account/" and login_name, name
        assert re.fullmatch(re.escape(name) + r"-\d{4}", login_name.group(1)), login_name.group(1)
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.replace(login_name.group(1), "…"))
        answers[name] = (r.status_code, r.headers["Location"], page)
        assert "已被使用" not in page and "已存在" not in page
    assert answers["officer"] == answers["lisi2025"] == answers["OFFICER"]
    world.officer.refresh_from_db()
    assert world.officer.username == "officer" and world.officer.memberships.exists()  # untouched
    assert User.objects.filter(username__regex=r"^(officer|OFFICER|lisi2025)-[0-9]{4}$").count() == 3


def test_sign_up_gives_a_fresh_name_when_the_digits_drawn_are_taken(client, db, monkeypatch):
    from gongkai.accounts import forms

    User.objects.create_user("wangwu-0007", password="x")
    draws = iter([7, 7, 8])
    monkeypatch.setattr(forms.secrets, "randbelow", lambda n: next(draws))
    r, page = _signup(client, "wangwu")
    assert r.status_code == 302 and "您的登录名是 wangwu-0008" in page


def test_it_refuses_weak_passwords_and_bots_in_chinese(client, db):
    r = client.post("/account/signup/", {"username": "lisi", "password1": "12345678", "password2": "12345678"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "密码" in html and User.objects.filter(username="lisi").count() == 0
    r = client.post("/account/signup/", {"username": "bot", "password1": "Qinghai-Huzhu-2026",
                                         "password2": "Qinghai-Huzhu-2026", "website": "http://spam"})
    assert r.status_code == 400 and not User.objects.filter(username="bot").exists()
    r = client.post("/account/signup/", {"username": "a b", "password1": "x", "password2": "y"})
    assert "用户名只能包含" in r.content.decode()


def test_it_logs_the_public_in_and_out(client, world):
    User.objects.create_user("wangwu", password="Qinghai-Huzhu-2026")
    r = client.post("/account/login/", {"username": "wangwu", "password": "Qinghai-Huzhu-2026"})
    assert r.status_code == 302 and r.headers["Location"] == "/account/"
    assert "我的申请" in client.get("/").content.decode()
    client.post("/account/logout/")
    assert client.get("/account/").status_code == 302


def test_staff_signing_in_at_the_public_log_in_go_to_their_workbench(client, world):
    world.officer.set_password("Qinghai-Huzhu-2026")
    world.officer.save()
    r = client.post("/account/login/", {"username": world.officer.username, "password": "Qinghai-Huzhu-2026"})
    assert r.status_code == 302 and r.headers["Location"] == "/staff/"
