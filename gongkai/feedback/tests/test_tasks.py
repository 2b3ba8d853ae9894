"""Reminders before the deadline and escalation to the head: each sent once (style rule 6)."""

from datetime import date
from io import StringIO

from django.core import mail
from django.core.management import call_command

from gongkai.feedback import actions
from gongkai.feedback.models import Event, FeedbackSettings, Kind

from .helpers import submit


def _item(people):
    # 咨询 received Thu 9 Oct 2025: 10=1, Sat 11 (worked)=2, 13=3, 14=4, 15=5 → due Wed 15 Oct
    item, _ = submit(people.agency, kind=Kind.INQUIRY, received_on=date(2025, 10, 9))
    actions.assign_item(item, owner=people.officer, actor=people.head)
    assert item.due_on == date(2025, 10, 15)
    mail.outbox.clear()
    return item


def test_it_reminds_the_owner_once_two_working_days_before(people, run_on_commit):
    item = _item(people)
    # Sat 11 Oct (a working day): 3 working days left (13, 14, 15) → not yet
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 11)) == {"reminded": 0, "escalated": 0}
    # Mon 13 Oct: 2 left → remind
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 13)) == {"reminded": 1, "escalated": 0}
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 13)) == {"reminded": 0, "escalated": 0}
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 14)) == {"reminded": 0, "escalated": 0}
    assert [m.to for m in mail.outbox] == [["officer@x.example.cn"]]
    assert item.number in mail.outbox[0].subject
    assert item.events.filter(type=Event.Type.REMINDED).count() == 1


def test_it_catches_up_when_the_sweep_did_not_run(people, run_on_commit):
    _item(people)
    # first run only on the due date itself: still reminded (0 working days left)
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 15))["reminded"] == 1


def test_it_honours_the_agency_reminder_setting(people, run_on_commit):
    FeedbackSettings.objects.create(agency=people.agency, remind_days=0)
    _item(people)
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 14))["reminded"] == 0
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 15))["reminded"] == 1


def test_it_escalates_an_overdue_item_to_the_head_once(people, run_on_commit):
    item = _item(people)
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 15)) == {"reminded": 1, "escalated": 0}
    mail.outbox.clear()
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 16)) == {"reminded": 0, "escalated": 1}
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 17)) == {"reminded": 0, "escalated": 0}
    assert [m.to for m in mail.outbox] == [["head@x.example.cn"]]
    assert "超期" in mail.outbox[0].subject and "李明" in mail.outbox[0].body
    assert item.events.filter(type=Event.Type.ESCALATED).count() == 1


def test_it_neither_reminds_nor_escalates_a_replied_item(people, run_on_commit):
    item = _item(people)
    actions.reply_item(item, text="答复", actor=people.officer)
    mail.outbox.clear()
    assert run_on_commit(actions.remind_items, on=date(2025, 10, 16)) == {"reminded": 0, "escalated": 0}
    assert mail.outbox == []


def test_it_reminds_the_head_when_nobody_owns_the_item(people, run_on_commit):
    submit(people.agency, kind=Kind.INQUIRY, received_on=date(2025, 10, 9))
    mail.outbox.clear()
    run_on_commit(actions.remind_items, on=date(2025, 10, 13))
    assert [m.to for m in mail.outbox] == [["head@x.example.cn"]]


def test_it_runs_the_sweep_from_the_command_line(people):
    _item(people)
    out = StringIO()
    call_command("feedback_reminders", "--date", "2025-10-16", stdout=out)
    assert "超期报告 1 件" in out.getvalue()
    out = StringIO()
    call_command("feedback_reminders", "--date", "2025-10-16", stdout=out)
    assert "到期提醒 0 件，超期报告 0 件" in out.getvalue()


def test_it_runs_the_sweep_as_a_daily_job(people):
    from gongkai.portal.tasks import run_jobs

    _item(people)
    result = run_jobs()["互动事项提醒和督办"]
    assert "'escalated': 1" in result  # the real today is long after 15 Oct 2025
