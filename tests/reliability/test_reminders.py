"""The worker stopped for a day and restarted: every reminder is sent exactly once.

The daily task (gongkai.portal.tasks.run_jobs) runs on a frozen clock: on Friday 2025-02-21,
twice (a restart); not on Saturday (the worker is down); twice again on Sunday.

Dates by hand (domain.md §3): an application received on Monday 2025-01-20 in person is due 20
working days later, skipping the Spring Festival holiday 2025-01-28 … 02-04 (and the working
Sunday 01-26 and Saturday 02-08): 2025-02-21. On Friday 02-21 it is due today (within 5 working
days); on Sunday 02-23 it is overdue.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401 - autouse: fast letter PDFs
from gongkai.disclosure.tests.factories import registered
from gongkai.portal.tasks import run_jobs

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def day(monkeypatch):
    def set_day(d: date):
        moment = datetime.combine(d, time(7, 30), tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_day


@pytest.fixture
def cases(world, settings):
    from gongkai.disclosure import actions
    from gongkai.feedback import actions as feedback
    from gongkai.feedback.models import Item
    from gongkai.feedback.tests.helpers import submit

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for user, address in ((world.officer, "officer@example.gov.cn"), (world.head, "head@example.gov.cn")):
        user.email = address
        user.save(update_fields=["email"])
    app = registered(world, date(2025, 1, 20))
    app = actions.assign_officer(app, actor=world.head, officer=world.officer)
    assert app.due_on == date(2025, 2, 21)
    item, _ = submit(world.agency, received_on=date(2025, 2, 10))
    feedback.assign_item(item, owner=world.officer, actor=world.head)
    Item.objects.filter(pk=item.pk).update(due_on=date(2025, 2, 21))
    return app, item


def run(django_capture_on_commit_callbacks):
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        results = run_jobs()
    assert not any(str(v).startswith("失败") for v in results.values()), results
    return [(m.subject, tuple(m.to)) for m in mail.outbox[before:]]


def test_it_sends_each_reminder_once_across_a_restart_and_a_missed_day(
        world, cases, day, django_capture_on_commit_callbacks):
    app, item = cases
    day(date(2025, 2, 21))  # Friday: due today
    friday = run(django_capture_on_commit_callbacks)
    assert sorted(friday) == sorted([
        ("依申请公开提醒：1件待处理", ("officer@example.gov.cn",)),  # due within 5 working days
        (friday_feedback_subject(friday), ("officer@example.gov.cn",)),  # the feedback item is due
        # the agency has published nothing: its 网站自查 veto lines go to the head, once a day
        ("网站自查提醒：测试县自然资源局（2025年2月21日）", ("head@example.gov.cn",)),
    ])
    assert run(django_capture_on_commit_callbacks) == []  # restarted the same day: nothing again

    # Saturday 02-22: the worker is down. Sunday: it comes back and runs twice.
    day(date(2025, 2, 23))
    sunday = run(django_capture_on_commit_callbacks)
    assert run(django_capture_on_commit_callbacks) == []
    inspection_mail = [m for m in sunday if m[0].startswith("网站自查提醒")]
    assert inspection_mail == [("网站自查提醒：测试县自然资源局（2025年2月23日）", ("head@example.gov.cn",))]
    sunday = [m for m in sunday if m not in inspection_mail]
    assert len(sunday) == 2
    disclosure_mail = [m for m in sunday if m[0].startswith("依申请公开提醒")]
    assert disclosure_mail == [("依申请公开提醒：1件待处理", ("officer@example.gov.cn",))]  # overdue, once
    body = "".join(m.body for m in mail.outbox if m.subject.startswith("依申请公开提醒"))
    assert "【已逾期】" in body and app.number in body
    escalation = [m for m in sunday if m not in disclosure_mail]
    assert escalation[0][1] == ("head@example.gov.cn",)  # overdue feedback goes to the head, once
    item.refresh_from_db()
    assert item.escalated_at is not None and item.reminded_at is not None
    app.refresh_from_db()
    assert app.overdue_reminded_on == date(2025, 2, 23) and app.due_soon_reminded_for == date(2025, 2, 21)


def friday_feedback_subject(sent) -> str:
    subjects = [s for s, _ in sent if not s.startswith(("依申请公开提醒", "网站自查提醒"))]
    assert len(subjects) == 1, sent
    return subjects[0]
