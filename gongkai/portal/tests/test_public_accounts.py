from datetime import date

from gongkai.accounts.models import User


def test_it_lets_the_public_sign_up_and_see_their_applications(client, world):
    r = client.post("/account/signup/", {"username": "zhangsan", "display_name": "张三", "email": "z@example.cn",
                                         "password1": "Qinghai-Huzhu-2026", "password2": "Qinghai-Huzhu-2026"})
    assert r.status_code == 302 and r.headers["Location"] == "/account/"
    user = User.objects.get(username="zhangsan")
    assert not user.is_staff and not user.memberships.exists()
    from gongkai.disclosure.models import Application
    from gongkai.disclosure.tests.factories import registered

    app = registered(world, received_on=date(2025, 1, 20))
    Application.objects.filter(pk=app.pk).update(applicant=user)
    page = client.get("/account/").content.decode()
    assert app.number in page
    assert client.get("/staff/").status_code == 404  # a public account is not staff


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
