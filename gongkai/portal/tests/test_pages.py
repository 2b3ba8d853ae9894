import pytest


def test_it_lists_agencies_on_the_home_page(client, world):
    r = client.get("/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "测试县人民政府" in html and "测试县自然资源局" in html
    assert 'lang="zh-Hans"' in html and 'name="viewport"' in html


def test_it_shows_the_guide_fields_of_article_12(client, world):
    world.agency.address = "测试县人民路1号"
    world.agency.phone = "0972-1234567"
    world.agency.save()
    html = client.get("/agencies/dept-x/guide/").content.decode()
    for label in ("政府信息公开工作机构", "办公地址", "办公时间", "联系电话", "传真号码", "互联网联系方式"):
        assert label in html
    assert "测试县人民路1号" in html


def test_it_answers_unknown_pages_in_chinese(client, db):
    r = client.get("/agencies/nope/")
    assert r.status_code == 404
    assert "页面不存在" in r.content.decode()


def test_it_sends_security_headers(client, db):
    r = client.get("/")
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_it_reports_health(client, db):
    assert client.get("/healthz").json()["database"] == "ok"
    assert client.get("/healthz").json()["storage"] == "ok"


def test_it_reports_a_data_directory_it_cannot_write_to_as_down(client, db, settings, tmp_path):
    """Tests run as root, which chmod does not stop: a data "directory" that is a file refuses
    every write just as a read-only mount does."""
    blocked = tmp_path / "data"
    blocked.write_text("not a directory")
    settings.DATA_DIR = blocked
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["status"] == "down" and r.json()["storage"] == "read-only"
    blocked.unlink()
    blocked.mkdir()  # writable again: healthy again
    assert client.get("/healthz").status_code == 200


def test_it_shows_the_staff_dashboard_only_to_staff(client, world):
    assert client.get("/staff/").status_code == 302  # to the log-in page
    client.force_login(world.outsider)
    assert client.get("/staff/").status_code == 404
    client.force_login(world.officer)
    r = client.get("/staff/")
    assert r.status_code == 200 and "测试县自然资源局" in r.content.decode()


def test_it_locks_out_after_repeated_failed_logins(client, world):
    for _ in range(5):
        r = client.post("/staff/login/", {"username": "officer", "password": "wrong"})
    r = client.post("/staff/login/", {"username": "officer", "password": "correct horse battery"})
    assert r.status_code == 429
    assert "锁定" in r.content.decode()


def test_it_logs_in_with_the_right_password(client, world):
    r = client.post("/staff/login/", {"username": "officer", "password": "correct horse battery"})
    assert r.status_code == 302 and r.headers["Location"] == "/staff/"
    r = client.post("/staff/login/", {"username": "officer", "password": "nope"}, follow=True)


def test_it_keeps_officers_out_of_the_admin(client, world):
    client.force_login(world.officer)
    r = client.get("/admin/")
    assert r.status_code == 302


def test_it_links_the_disclosure_columns_of_an_agency(client, world):
    html = client.get("/agencies/dept-x/").content.decode()
    assert "/agencies/dept-x/guide/" in html
    for path in ("/agencies/dept-x/catalog/", "/agencies/dept-x/reports/", "/agencies/dept-x/apply/"):
        assert path in html


def test_it_refuses_nul_characters_before_they_reach_the_database(client, world):
    r = client.get("/api/v1/catalog", {"agency": "a\x00b"})
    assert r.status_code == 400 and "空字符" in r.json()["detail"]
    r = client.get("/search/?q=%00")
    assert r.status_code == 400 and "空字符" in r.content.decode()
    r = client.post("/api/v1/applications", data='{"name": "x\\u0000"}', content_type="application/json")
    assert r.status_code == 400
    assert client.get("/api/v1/applications/x%00y", {"query_code": "A"}).status_code == 400
    assert client.get("/search/", {"q": "宅基地"}).status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded; charset=utf-8",
                                          "application/merge-patch+json", ""])
def test_it_refuses_nul_characters_whatever_the_body_says_it_is(client, world, content_type):
    """Any body but a multipart upload: ninja parses a JSON body sent as text/plain just the same."""
    r = client.generic("POST", "/api/v1/feedback", '{"subject": "x\u0000"}'.encode(), content_type=content_type)
    assert r.status_code == 400 and "空字符" in r.json()["detail"]
