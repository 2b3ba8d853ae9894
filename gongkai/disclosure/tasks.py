"""Background work: the daily reminder sweep (``gongkai manage send_reminders`` runs it now)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

SWEEP_AT = time(7, 30)  # local time, before the working day starts


def next_run(now: datetime | None = None) -> datetime:
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=SWEEP_AT.hour, minute=SWEEP_AT.minute, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


def schedule_next() -> bool:
    """Enqueue tomorrow's sweep unless one is already waiting (the chain keeps itself going)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: schedule the command with cron instead
        return False
    path = f"{daily_sweep.func.__module__}.{daily_sweep.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return False
    daily_sweep.using(run_after=next_run()).enqueue()
    return True


@task()
def daily_sweep() -> dict:
    from .reminders import sweep

    result = sweep()
    schedule_next()
    return result
