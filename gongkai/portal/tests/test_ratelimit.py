"""The client address the rate limits count by."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from gongkai.portal.ratelimit import client_ip


def test_it_takes_the_address_behind_the_configured_number_of_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"  # no proxy: a forged header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"  # the address our one proxy saw
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.7"


def test_a_request_without_an_address_has_none_not_a_placeholder(settings):
    """The address goes into inet columns (audit trail, log-in lockout): PostgreSQL refuses a word."""
    from django.http import HttpRequest

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(HttpRequest()) is None  # what Client.force_login builds; a Unix socket gives ""
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="testserver")) is None
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="garbage")) is None


@pytest.mark.django_db
def test_logging_in_without_an_address_is_recorded(client, world):
    from axes.models import AccessLog

    client.force_login(world.officer)  # axes records the log-in with the address client_ip gives
    assert AccessLog.objects.filter(username=world.officer.username, ip_address=None).exists()


# -- behind a proxy in production (issue 15, item 4) ------------------------------------------------

@pytest.mark.django_db
def test_production_refuses_forwarded_requests_while_the_proxy_count_is_0(client, settings):
    settings.PRODUCTION, settings.TRUSTED_PROXY_COUNT = True, 0
    r = client.get("/healthz", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert r.status_code == 503 and "GONGKAI_TRUSTED_PROXY_COUNT" in r.content.decode()
    assert "反向代理" in r.content.decode()
    assert client.get("/healthz").status_code == 200  # no proxy in front: served
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get("/healthz", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
    settings.PRODUCTION, settings.TRUSTED_PROXY_COUNT = False, 0  # embedded: `gongkai serve` has no proxy
    assert client.get("/healthz", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200


def test_the_shipped_production_config_names_one_proxy():
    root = Path(__file__).resolve().parents[3]
    lines = (root / "deploy" / "gongkai.env").read_text().splitlines()
    assert "GONGKAI_TRUSTED_PROXY_COUNT=1" in lines
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in (root / "deploy" / "nginx.conf").read_text()
    assert "GONGKAI_TRUSTED_PROXY_COUNT" in (root / "docs" / "deploy.md").read_text()


@pytest.mark.parametrize("cache_url, backend", [("", "FileBasedCache"), ("redis://127.0.0.1:6379/0", "RedisCache")])
def test_production_keeps_rate_limit_counts_where_every_worker_sees_them(tmp_path, cache_url, backend):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update({"GONGKAI_MODE": "production", "GONGKAI_SECRET_KEY": "x" * 50, "GONGKAI_CACHE_URL": cache_url,
                "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn", "GONGKAI_DATA_DIR": str(tmp_path),
                "GONGKAI_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "DJANGO_SETTINGS_MODULE": "gongkai.settings"})
    code = "from django.conf import settings as s; c = s.CACHES['ratelimit']; print(c['BACKEND'], c['LOCATION'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    name, location = out.stdout.split()
    assert name.endswith(backend)
    if backend == "FileBasedCache":
        assert location == str(tmp_path / "ratelimit")


# -- the bucket: a burst, then a steady rate, and the wait it names --------------------------------

def test_it_allows_a_burst_then_one_request_per_interval(monkeypatch):
    from gongkai.portal import ratelimit

    now = [1_800_000_000.0]
    monkeypatch.setattr(ratelimit, "_clock", lambda: now[0])
    monkeypatch.setitem(ratelimit.LIMITS, "track", (3, 60))  # three at once, then one every 20 s
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.9")
    assert [ratelimit.rate_limited(request, "track") for _ in range(3)] == [0, 0, 0]
    assert ratelimit.rate_limited(request, "track") == 20
    assert ratelimit.rate_limited(request, "track") == 20  # a refused request does not push the wait out
    now[0] += 19
    assert ratelimit.wait_seconds(request, "track") == 1
    now[0] += 1
    assert ratelimit.rate_limited(request, "track") == 0
    assert ratelimit.rate_limited(request, "track") == 20
    other = RequestFactory().get("/", REMOTE_ADDR="198.51.100.10")
    assert ratelimit.rate_limited(other, "track") == 0


def test_the_refusal_says_how_long_to_wait():
    from gongkai.portal.ratelimit import message

    assert message(30) == "提交过于频繁，请约1分钟后再试。"
    assert message(60) == "提交过于频繁，请约1分钟后再试。"
    assert message(61) == "提交过于频繁，请约2分钟后再试。"
    assert message(600) == "提交过于频繁，请约10分钟后再试。"
