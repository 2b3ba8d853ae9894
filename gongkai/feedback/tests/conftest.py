"""Fixtures for the 互动 tests: tasks run at once, a settable clock, e-mail addresses for the personas."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://gk.example.cn"
    cache.clear()  # rate-limit counters
    yield
    cache.clear()


class Clock:
    """Freezes ``timezone.now`` (and so ``timezone.localdate``) at a chosen moment."""

    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch

    def set(self, day: date, at: time = time(10, 0)) -> datetime:
        moment = datetime.combine(day, at, tzinfo=SHANGHAI)
        self._monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def people(world):
    for user, email in ((world.officer, "officer@x.example.cn"), (world.head, "head@x.example.cn"),
                        (world.officer_y, "officer_y@y.example.cn")):
        user.email = email
        user.save(update_fields=["email"])
    return world


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Call ``fn`` and run the on-commit callbacks it queued (e-mails)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
