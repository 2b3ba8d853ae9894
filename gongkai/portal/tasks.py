"""The daily jobs of every app, run once a day by the background worker.

django-tasks has no scheduler, so a ``daily_jobs`` task re-enqueues itself for the next morning;
``gongkai serve`` makes sure one is waiting when it starts. Each job is idempotent (its app keeps
what it already sent), so running twice, or catching up after a missed day, sends nothing twice.
Without the worker (e.g. several machines with cron), run ``gongkai manage run_daily``.
Each app registers its job in its ``AppConfig.ready()``; this module knows none of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)
RUN_AT = time(7, 30)  # local time, before the working day starts


JOBS: dict[str, Callable[[], object]] = {}


def register_daily_job(name: str, job: Callable[[], object]) -> None:
    """Each app registers its daily job in ``AppConfig.ready()``, as it registers its staff links."""
    JOBS.setdefault(name, job)


def run_jobs() -> dict[str, str]:
    """Run every daily job now; one failing job does not stop the others."""
    results = {}
    for name, job in JOBS.items():
        try:
            results[name] = repr(job())
        except Exception as e:  # noqa: BLE001 - reported, then the next job runs
            log.exception("daily job %s failed", name)
            results[name] = f"失败：{type(e).__name__}：{e}"
    return results


def next_run(now: datetime | None = None) -> datetime:
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=RUN_AT.hour, minute=RUN_AT.minute, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


def _path() -> str:
    return f"{daily_jobs.func.__module__}.{daily_jobs.func.__qualname__}"


def ensure_scheduled() -> bool:
    """Enqueue the next daily run unless one is already waiting (on the database task backend;
    with another backend, run ``gongkai manage run_daily`` from cron)."""
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return False
    if DBTaskResult.objects.filter(task_path=_path(), status="READY").exists():
        return False
    daily_jobs.using(run_after=next_run()).enqueue()
    return True


@task()
def daily_jobs() -> dict[str, str]:
    try:
        return run_jobs()
    finally:
        ensure_scheduled()
