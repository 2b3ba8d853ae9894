import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai.settings import database_from_url


def test_it_reads_a_postgres_url():
    db = database_from_url("postgres://u:p%40ss@db.example:5433/gk?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == ("gk", "u", "p@ss", "db.example", "5433")
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_it_reads_a_sqlite_url_with_wal():
    db = database_from_url("sqlite:////tmp/x.sqlite3")
    assert db["NAME"] == "/tmp/x.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_it_refuses_an_unknown_database():
    with pytest.raises(ImproperlyConfigured, match="不支持"):
        database_from_url("mysql://x/y")


def _run(env, *args):
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("GONGKAI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run([sys.executable, "-m", "gongkai", *args], env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_it_refuses_production_without_a_secret_key(tmp_path):
    r = _run({"GONGKAI_MODE": "production", "GONGKAI_ALLOWED_HOSTS": "gk.example.cn",
              "GONGKAI_DATABASE_URL": "postgres://postgres@127.0.0.1/gongkai"}, "manage", "check")
    assert r.returncode != 0
    assert "GONGKAI_SECRET_KEY" in r.stderr


def test_it_is_clean_under_check_deploy_in_production(tmp_path):
    r = _run({"GONGKAI_MODE": "production", "GONGKAI_ALLOWED_HOSTS": "gk.example.cn",
              "GONGKAI_SECRET_KEY": "k" * 20 + "-Very-Long_random_Secret-" + "9Zq" * 10,
              "GONGKAI_DATA_DIR": str(tmp_path),
              "GONGKAI_DATABASE_URL": "postgres://postgres@127.0.0.1/gongkai"}, "manage", "check", "--deploy")
    assert r.returncode == 0, r.stderr
    assert "no issues" in r.stdout


def test_it_refuses_to_start_on_a_data_directory_it_cannot_write_to(tmp_path):
    blocked = tmp_path / "data"
    blocked.write_text("a file where the directory should be: every write in it fails, even as root")
    r = _run({"GONGKAI_DATA_DIR": str(blocked)}, "manage", "check")
    assert r.returncode != 0
    assert "数据目录" in r.stderr and "不可写" in r.stderr


def test_it_keeps_the_generated_secret_key_in_the_data_dir(tmp_path):
    r = _run({"GONGKAI_DATA_DIR": str(tmp_path)}, "manage", "check")
    assert r.returncode == 0, r.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_it_reads_the_client_address_behind_a_proxy(tmp_path):
    r = _run({"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_TRUSTED_PROXY_COUNT": "1"}, "manage", "shell", "-c",
             "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT, "
             "settings.AXES_CLIENT_IP_CALLABLE)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1].split() == ["1", "gongkai.portal.ratelimit.client_ip"]


def _site_url(env) -> str:
    r = _run(env, "manage", "shell", "-c", "from django.conf import settings; print(settings.SITE_URL)")
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().splitlines()[-1]


def test_mail_links_are_absolute_whatever_is_configured(tmp_path):
    production = {"GONGKAI_MODE": "production", "GONGKAI_SECRET_KEY": "k" * 20 + "-Very-Long_random_Secret-" + "9Zq" * 10,
                  "GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_DATABASE_URL": "postgres://postgres@127.0.0.1/gongkai"}
    assert _site_url({**production, "GONGKAI_ALLOWED_HOSTS": ".gk.example.gov.cn,10.0.0.5"}) == "https://gk.example.gov.cn"
    assert _site_url({**production, "GONGKAI_ALLOWED_HOSTS": "gk.example.gov.cn",
                      "GONGKAI_SITE_URL": "https://xxgk.example.gov.cn/"}) == "https://xxgk.example.gov.cn"
    assert _site_url({"GONGKAI_DATA_DIR": str(tmp_path)}) == "http://localhost:8000"


def _sender(env):
    r = _run(env, "manage", "shell", "-v", "0", "-c",
             "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL)")
    return r.stdout.strip().splitlines()[-1] if r.returncode == 0 else r.stderr


def test_it_takes_the_mail_sender_from_the_environment_or_the_sites_host_name(tmp_path):
    data = {"GONGKAI_DATA_DIR": str(tmp_path)}
    assert _sender({**data, "GONGKAI_FROM_EMAIL": "互助县政务公开办 <gk@huzhu.gov.cn>"}) == "互助县政务公开办 <gk@huzhu.gov.cn>"
    assert _sender({**data, "GONGKAI_SITE_URL": "https://gk.huzhu.gov.cn"}) == "gongkai@gk.huzhu.gov.cn"
    # the demo on this machine: a plausible stand-in, never gongkai@localhost
    assert _sender({**data, "GONGKAI_SITE_URL": "http://127.0.0.1:8101"}) == "gongkai@example.gov.cn"
    assert _sender(data) == "gongkai@example.gov.cn"


def test_it_refuses_a_bad_sender_or_real_mail_without_one(tmp_path):
    data = {"GONGKAI_DATA_DIR": str(tmp_path)}
    r = _run({**data, "GONGKAI_FROM_EMAIL": "gongkai@localhost"}, "manage", "check")
    assert r.returncode != 0 and "GONGKAI_FROM_EMAIL" in r.stderr and "应为电子邮箱地址" in r.stderr
    r = _run({**data, "GONGKAI_SMTP_HOST": "smtp.example.gov.cn"}, "manage", "check")
    assert r.returncode != 0 and "须设置发件地址 GONGKAI_FROM_EMAIL" in r.stderr
