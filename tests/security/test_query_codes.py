"""Query codes stay out of URLs and logs (issue 15 item 7): the API and the pages take the code in
the ``X-Query-Code`` header or the body and never generate a URL carrying it; gunicorn's access
log replaces an old client's ``?query_code=``; embedded-mode mail goes to 0600 files, not the log."""

from __future__ import annotations

import datetime
import os
import re
import stat
import subprocess
import sys
from datetime import date
from types import SimpleNamespace

import pytest
from django.core import mail

from gongkai.disclosure import actions
from gongkai.disclosure.models import Application
from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401 - autouse: fast letter PDFs
from gongkai.disclosure.tests.factories import fields


def _urls(value) -> list[str]:
    """Every string in a JSON answer that is a link."""
    if isinstance(value, dict):
        return [u for v in value.values() for u in _urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _urls(v)]
    if isinstance(value, str) and (value.startswith("/") or value.startswith("http")):
        return [value]
    return []


def _assert_clean(urls, code):
    for url in urls:
        assert "query_code" not in url.lower() and code not in url, url


def test_no_url_the_api_or_the_tracking_page_returns_carries_the_query_code(client, world):
    r = client.post("/api/v1/applications", {**fields(), "agency": "dept-x"}, content_type="application/json")
    assert r.status_code == 201, r.content
    number, code = r.json()["number"], r.json()["query_code"]
    _assert_clean(_urls(r.json()), code)
    app = Application.objects.get(number=number)
    app = actions.confirm_receipt(app, actor=world.officer, on=app.submitted_on)
    headers = {"X-Query-Code": code}
    seen, todo = set(), [f"/api/v1/applications/{number}"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        answer = client.get(url, headers=headers)
        assert answer.status_code == 200, (url, answer.content[:200])
        if answer["Content-Type"].startswith("application/json"):
            links = _urls(answer.json())
            _assert_clean(links, code)
            todo += [u for u in links if u.startswith("/api/")]
    assert len(seen) >= 3  # the application, its acknowledgement as PDF and DOCX
    assert client.get(f"/api/v1/applications/{number}").status_code == 404  # the code is needed
    assert client.get(f"/api/v1/applications/{number}", {"query_code": code}).status_code == 200  # old clients

    # the tracking page: the code goes in a POST, the page's links never carry it
    page = client.post("/applications/track/", {"number": number, "query_code": code}, follow=True)
    assert page.status_code == 200 and app.number in page.content.decode()
    hrefs = re.findall(r'(?:href|action)="([^"]+)"', page.content.decode())
    assert any("/letters/" in h for h in hrefs)
    _assert_clean(hrefs, code)


def test_the_feedback_api_takes_the_code_in_a_header(client, world):
    r = client.post("/api/v1/feedback", {"agency": "dept-x", "kind": "inquiry", "subject": "不动产登记要带什么材料？",
                                         "content": "想办理二手房过户，需要准备哪些材料？"},
                    content_type="application/json")
    assert r.status_code == 201, r.content
    number, code = r.json()["number"], r.json()["query_code"]
    answer = client.get(f"/api/v1/feedback/{number}", headers={"X-Query-Code": code})
    assert answer.status_code == 200 and answer.json()["status"] == "new"
    _assert_clean(_urls(answer.json()), code)
    assert client.get(f"/api/v1/feedback/{number}", headers={"X-Query-Code": "WRONG234"}).status_code == 404
    assert client.get(f"/api/v1/feedback/{number}", {"query_code": code}).status_code == 200  # old clients


def _access_line(tmp_path, *, raw_uri, query, referer="-", extra_headers=()):
    from gunicorn.config import Config

    from gongkai.portal.accesslog import AccessLogger

    cfg = Config()
    log = tmp_path / "access.log"
    cfg.set("accesslog", str(log))
    cfg.set("access_log_format", '%(h)s "%(r)s" %(s)s q=%(q)s "%(f)s" hdr=%({x-query-code}i)s')
    logger = AccessLogger(cfg)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": raw_uri, "SERVER_PROTOCOL": "HTTP/1.1",
               "PATH_INFO": raw_uri.split("?")[0], "QUERY_STRING": query, "REMOTE_ADDR": "10.0.0.5",
               "HTTP_REFERER": referer}
    req = SimpleNamespace(headers=[("X-QUERY-CODE", "HDRSECRET9"), *extra_headers])
    resp = SimpleNamespace(status="200 OK", sent=12, headers=[])
    logger.access(resp, req, environ, datetime.timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    return log.read_text(encoding="utf-8")


def test_the_access_log_never_shows_a_query_code(tmp_path):
    line = _access_line(tmp_path, raw_uri="/api/v1/applications/dept-x-2025-00001?query_code=AB12CD34EF&x=1",
                        query="query_code=AB12CD34EF&x=1",
                        referer="https://gk.example.cn/x?Query%5FCode=ZZ98YY76XX")
    for secret in ("AB12CD34EF", "ZZ98YY76XX", "HDRSECRET9"):
        assert secret not in line
    assert '"GET /api/v1/applications/dept-x-2025-00001?query_code=[removed]&x=1 HTTP/1.1" 200' in line
    assert "q=query_code=[removed]&x=1" in line and "hdr=[removed]" in line
    plain = _access_line(tmp_path / "..", raw_uri="/catalog/?q=code", query="q=code")
    assert '"GET /catalog/?q=code HTTP/1.1"' in plain  # nothing else touched


def test_gongkai_serve_and_the_shipped_gunicorn_config_use_that_logger(world, monkeypatch, capsys):
    import argparse
    import runpy
    from pathlib import Path

    from gongkai.cli import serve
    from gongkai.portal.accesslog import AccessLogger

    started = []

    class FakeProcess:
        def __init__(self, argv, **kwargs):
            started.append(argv)

        def wait(self, timeout=None):
            return 0

        def poll(self):
            return 0

    monkeypatch.setenv("GONGKAI_SITE_URL", "http://127.0.0.1:8000")  # run() would set it for good
    monkeypatch.setattr(serve.subprocess, "Popen", FakeProcess)
    monkeypatch.setattr(serve.signal, "signal", lambda *a: None)
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    assert serve.run(parser.parse_args(["--no-worker", "--no-demo"])) == 0
    argv = started[-1]
    assert "gunicorn" in argv and argv[argv.index("--logger-class") + 1] == "gongkai.portal.accesslog.AccessLogger"
    conf = runpy.run_path(str(Path(__file__).parents[2] / "deploy" / "gunicorn.conf.py"))
    assert conf["logger_class"] == "gongkai.portal.accesslog.AccessLogger"
    from gunicorn.util import load_class

    assert load_class(conf["logger_class"]) is AccessLogger
    nginx = (Path(__file__).parents[2] / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "access_log /var/log/nginx/gongkai.access.log gongkai_noquery;" in nginx
    assert "$request_uri" not in nginx.split("log_format gongkai_noquery")[1].split(";")[0]


def test_embedded_mail_goes_to_private_files_not_the_log(settings, tmp_path, capsys):
    settings.EMAIL_BACKEND = "gongkai.portal.mailbox.PrivateFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    mail.send_mail("您的意见建议已收到", "编号：HD2025000001\n查询码：AB12CD34EF\n", None, ["wang@example.com"])
    printed = capsys.readouterr()
    assert "AB12CD34EF" not in printed.out + printed.err
    folder = tmp_path / "mail"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    text = files[0].read_bytes()
    assert b"wang@example.com" in text


def test_embedded_mode_without_smtp_chooses_the_mail_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(GONGKAI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="gongkai.settings")
    r = subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                        "print(settings.EMAIL_BACKEND); print(settings.EMAIL_FILE_PATH)"],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["gongkai.portal.mailbox.PrivateFileBackend", str(tmp_path.resolve() / "mail")]


@pytest.mark.parametrize(("backend", "delivers"), [
    ("gongkai.portal.mailbox.PrivateFileBackend", False), ("django.core.mail.backends.console.EmailBackend", False),
    ("django.core.mail.backends.smtp.EmailBackend", True)])
def test_mail_in_the_folder_does_not_count_as_delivered(settings, backend, delivers):
    from gongkai.portal import mailbox

    settings.EMAIL_BACKEND = backend
    assert mailbox.delivers() is delivers
