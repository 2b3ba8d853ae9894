from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command

from gongkai.portal import tasks

SH = ZoneInfo("Asia/Shanghai")


def test_it_runs_next_at_half_past_seven_local_time():
    assert tasks.next_run(datetime(2025, 3, 3, 6, 0, tzinfo=SH)) == datetime(2025, 3, 3, 7, 30, tzinfo=SH)
    assert tasks.next_run(datetime(2025, 3, 3, 7, 30, tzinfo=SH)) == datetime(2025, 3, 4, 7, 30, tzinfo=SH)


def test_it_schedules_the_daily_run_once(db):
    from django_tasks_db.models import DBTaskResult

    assert tasks.ensure_scheduled() is True
    assert tasks.ensure_scheduled() is False
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_it_keeps_going_when_one_job_fails(db, monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "JOBS", {"坏": lambda: 1 / 0, "好": lambda: calls.append(1) or 7})
    results = tasks.run_jobs()
    assert results["好"] == "7" and results["坏"].startswith("失败：ZeroDivisionError")
    assert calls == [1]


def test_every_app_registers_its_daily_job():
    assert list(tasks.JOBS) == ["依申请公开期限提醒", "主动公开订阅通知", "互动事项提醒和督办", "网站自查"]


def test_it_runs_every_job_from_the_command(world, capsys):
    call_command("run_daily", "--schedule")
    out = capsys.readouterr().out
    for name in tasks.JOBS:
        assert name in out
    assert "失败" not in out
