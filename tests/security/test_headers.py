"""Security headers on every kind of response, HSTS and secure cookies in production mode, and
staff sessions that expire."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401 - autouse: fast letter PDFs

PAGES = {
    "home": "/",
    "agency page": "/agencies/dept-x/",
    "application form": "/agencies/dept-x/apply/",
    "tracking": "/applications/track/",
    "search": "/search/?q=土地",
    "staff log-in": "/staff/login/",
    "not found": "/no-such-page/",
}


def assert_secure_headers(r, where):
    csp = r.headers.get("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"):
        assert directive in csp, (where, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert r.headers["X-Frame-Options"] == "DENY", where
    assert r.headers["X-Content-Type-Options"] == "nosniff", where
    assert r.headers["Referrer-Policy"] == "same-origin", where
    assert "Strict-Transport-Security" not in r.headers  # only over HTTPS in production mode


@pytest.mark.django_db
def test_it_sends_the_security_headers_on_public_and_staff_pages(client, world):
    for where, url in PAGES.items():
        assert_secure_headers(client.get(url), where)
    client.force_login(world.officer)
    for url in ("/staff/", "/staff/applications/", "/staff/catalog/", "/staff/feedback/"):
        assert_secure_headers(client.get(url), url)


@pytest.mark.django_db
def test_it_sends_nosniff_and_frame_options_on_api_answers_and_downloads(client, world):
    for url in ("/api/v1/agencies", "/api/v1/openapi.json", "/api/v1/applications/x-2025-00001"):
        r = client.get(url)
        assert r["Content-Type"].startswith("application/json"), url
        assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["X-Frame-Options"] == "DENY"
    r = client.get("/agencies/dept-x/catalog/export.csv")
    assert r.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_it_sends_hsts_over_https(client, world):
    r = client.get("/", secure=True)
    assert r.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_it_turns_on_https_only_settings_in_production_mode(tmp_path):
    """The real settings module, loaded in production mode in a fresh interpreter."""
    env = {**os.environ, "GONGKAI_MODE": "production", "GONGKAI_SECRET_KEY": "x" * 50,
           "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn", "GONGKAI_DATA_DIR": str(tmp_path),
           "GONGKAI_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    code = ("import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ("
            "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
            "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', 'X_FRAME_OPTIONS', "
            "'SECURE_CONTENT_TYPE_NOSNIFF', 'SESSION_COOKIE_AGE', 'DEBUG')}))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                         cwd=settings.BASE_DIR)
    assert out.returncode == 0, out.stderr
    prod = json.loads(out.stdout)
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000 and prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert prod["SECURE_SSL_REDIRECT"] and prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]
    assert prod["SESSION_COOKIE_HTTPONLY"] and prod["CSRF_COOKIE_HTTPONLY"] and not prod["DEBUG"]
    assert prod["X_FRAME_OPTIONS"] == "DENY" and prod["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert prod["SESSION_COOKIE_AGE"] <= 8 * 3600


# -- sessions -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_gives_the_session_cookie_httponly_and_samesite(client, world):
    r = client.post("/staff/login/", {"username": "officer", "password": "correct horse battery"})
    assert r.status_code == 302
    cookie = r.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"]  # a browser-session cookie: closing the browser ends it
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.django_db
def test_it_ends_a_staff_session_after_the_session_age(client, world, monkeypatch):
    from django.contrib.sessions.backends import db as session_db

    assert settings.SESSION_COOKIE_AGE == 8 * 3600  # one working day
    assert client.post("/staff/login/", {"username": "officer", "password": "correct horse battery"}).status_code == 302
    assert client.get("/staff/applications/").status_code == 200

    start = timezone.now()
    monkeypatch.setattr(session_db.timezone, "now", lambda: start + timedelta(hours=7, minutes=59))
    assert client.get("/staff/applications/").status_code == 200  # still within the working day
    monkeypatch.setattr(session_db.timezone, "now", lambda: start + timedelta(hours=8, minutes=1))
    r = client.get("/staff/applications/")
    assert r.status_code == 302 and r["Location"].startswith("/staff/login/")


@pytest.mark.django_db
def test_it_does_not_extend_a_session_by_activity(client, world, monkeypatch):
    """The 8 hours count from log-in: a session left open and used now and then still ends."""
    from django.contrib.sessions.backends import db as session_db

    assert not settings.SESSION_SAVE_EVERY_REQUEST
    client.post("/staff/login/", {"username": "officer", "password": "correct horse battery"})
    start = timezone.now()
    for hours in (2, 4, 6, 7.9):
        monkeypatch.setattr(session_db.timezone, "now", lambda h=hours: start + timedelta(hours=h))
        assert client.get("/staff/applications/").status_code == 200
    monkeypatch.setattr(session_db.timezone, "now", lambda: start + timedelta(hours=8, minutes=1))
    assert client.get("/staff/applications/").status_code == 302
