"""Production mode: health of database and queue, shared cache, object store, JSON logs."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from gongkai.portal.logs import JsonFormatter
from gongkai.settings import cache_from_url


def _task(status=TaskResultStatus.READY, enqueued_ago=0, run_after=None, finished_ago=None):
    now = timezone.now()
    t = DBTaskResult.objects.create(
        status=status, args_kwargs={"args": [], "kwargs": {}}, task_path="gongkai.catalog.tasks.notify_subscribers",
        queue_name="default", backend_name="default", run_after=run_after or get_date_max(),
        finished_at=now - timedelta(seconds=finished_ago) if finished_ago is not None else None)
    DBTaskResult.objects.filter(pk=t.pk).update(enqueued_at=now - timedelta(seconds=enqueued_ago))
    return t


def test_it_reports_an_empty_queue_as_ok(client, db):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["queue"] == {"ready": 0, "scheduled": 0, "running": 0, "failed": 0, "failed_24h": 0,
                             "oldest_ready_age_seconds": 0, "status": "ok"}


def test_it_counts_the_queue_and_the_age_of_the_oldest_ready_task(client, db):
    _task(enqueued_ago=120)
    _task(enqueued_ago=30)
    _task(run_after=timezone.now() + timedelta(hours=1))  # scheduled, not yet due: not waiting
    _task(run_after=timezone.now() - timedelta(seconds=300), enqueued_ago=4000)  # due 300 s ago
    _task(status=TaskResultStatus.RUNNING)
    _task(status=TaskResultStatus.FAILED, finished_ago=60)
    _task(status=TaskResultStatus.FAILED, finished_ago=3 * 86400)
    _task(status=TaskResultStatus.SUCCESSFUL, finished_ago=10)
    r = client.get("/healthz")
    assert r.status_code == 200
    q = r.json()["queue"]
    assert (q["ready"], q["scheduled"], q["running"], q["failed"], q["failed_24h"]) == (3, 1, 1, 2, 1)
    assert 300 <= q["oldest_ready_age_seconds"] < 330
    assert q["status"] == "ok" and r.json()["status"] == "ok"
    assert "no-cache" in r.headers["Cache-Control"]


def test_it_calls_a_queue_nobody_works_on_degraded_but_stays_up(client, db, settings):
    settings.QUEUE_MAX_AGE_SECONDS = 600
    _task(enqueued_ago=601 + 5)
    r = client.get("/healthz")
    assert r.status_code == 200  # the web process itself is fine: keep it in the load balancer
    assert r.json()["status"] == "degraded" and r.json()["queue"]["status"] == "stale"


def test_it_answers_503_when_the_database_is_down(client, db, monkeypatch):
    from gongkai.portal import views

    class Broken:
        def __enter__(self):
            raise OSError("connection refused")

        def __exit__(self, *a):
            return False

    class Down:
        def cursor(self):
            return Broken()

    monkeypatch.setattr(views, "connection", Down())
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["status"] == "down"


def test_it_reads_cache_urls():
    assert cache_from_url(None)["BACKEND"].endswith("LocMemCache")
    redis = cache_from_url("redis://127.0.0.1:6379/2")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/2"
    f = cache_from_url("file:///var/cache/gongkai")
    assert f["BACKEND"].endswith("FileBasedCache") and f["LOCATION"] == "/var/cache/gongkai"
    with pytest.raises(ImproperlyConfigured, match="不支持"):
        cache_from_url("memcached://x")


def test_it_writes_one_json_object_a_line():
    record = logging.LogRecord("gongkai.catalog", logging.WARNING, __file__, 1, "发布了%s条", (3,), None)
    record.agency = "dept-x"
    out = json.loads(JsonFormatter().format(record))
    assert out["level"] == "WARNING" and out["logger"] == "gongkai.catalog"
    assert out["message"] == "发布了3条" and out["agency"] == "dept-x"
    assert out["time"].endswith("+00:00")


def _settings_in_subprocess(env: dict, code: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    return subprocess.run([sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
                           "'gongkai.settings'; django.setup(); from django.conf import settings as s; " + code],
                          env={**base, **env}, capture_output=True, text=True, timeout=120)


def test_it_puts_files_in_an_object_store_when_a_bucket_is_named(tmp_path):
    pytest.importorskip("storages")
    pytest.importorskip("boto3")
    r = _settings_in_subprocess({
        "GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_S3_BUCKET": "gongkai-files",
        "GONGKAI_S3_ENDPOINT_URL": "https://oss.example.cn", "GONGKAI_S3_ACCESS_KEY_ID": "AK",
        "GONGKAI_S3_SECRET_ACCESS_KEY": "SK"},
        "from django.core.files.storage import storages; d = storages['default']; "
        "print(type(d).__name__, d.bucket_name, d.endpoint_url, d.default_acl, d.file_overwrite, d.querystring_auth)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["S3Storage", "gongkai-files", "https://oss.example.cn", "private", "False", "True"]


def test_it_refuses_object_store_settings_without_a_bucket(tmp_path):
    r = _settings_in_subprocess({"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_S3_ENDPOINT_URL": "https://x"}, "")
    assert r.returncode != 0 and "GONGKAI_S3_BUCKET" in r.stderr


def test_it_turns_the_page_cache_on_with_a_shared_cache_only(tmp_path):
    code = "print(s.PAGE_CACHE_SECONDS, s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1])"
    r = _settings_in_subprocess({"GONGKAI_DATA_DIR": str(tmp_path)}, code)
    assert r.stdout.split() == ["0", "LocMemCache"], r.stderr
    r = _settings_in_subprocess({"GONGKAI_DATA_DIR": str(tmp_path),
                                 "GONGKAI_CACHE_URL": "redis://127.0.0.1:6379/0"}, code)
    assert r.stdout.split() == ["300", "RedisCache"], r.stderr


def test_it_refuses_an_unknown_log_format(tmp_path):
    r = _settings_in_subprocess({"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_LOG_FORMAT": "xml"}, "")
    assert r.returncode != 0 and "GONGKAI_LOG_FORMAT" in r.stderr
