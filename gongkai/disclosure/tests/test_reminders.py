from datetime import date

from django.core import mail
from django.core.management import call_command

from gongkai.disclosure import actions, reminders
from gongkai.disclosure.models import Application

from .factories import VALID_ID, registered


def _people_with_mail(world):
    for user, address in ((world.officer, "officer@example.cn"), (world.head, "head@example.cn")):
        user.email = address
        user.save()


def test_it_reminds_each_case_once_and_catches_up(world, today):
    _people_with_mail(world)
    soon = registered(world, date(2025, 1, 20))  # due 2025-02-21
    actions.assign_officer(soon, actor=world.head, officer=world.officer)
    unassigned = registered(world, date(2025, 1, 2))  # due 2025-02-06 (春节 skipped)
    pending = registered(world, date(2025, 2, 10))
    today.set(date(2025, 2, 11))
    actions.request_extension(pending, actor=world.officer, on=date(2025, 2, 11), working_days=10, reason="复杂")

    # 2025-02-17 (Mon): +5 working days = 2/24 → the first case is due soon; the second overdue
    result = reminders.sweep(date(2025, 2, 17))
    assert (result["due_soon"], result["overdue"], result["extension_pending"]) == (1, 1, 1)
    by_to = {m.to[0]: m.body for m in mail.outbox}
    assert soon.number in by_to["officer@example.cn"]
    assert unassigned.number in by_to["head@example.cn"] and pending.number in by_to["head@example.cn"]
    for body in by_to.values():
        assert VALID_ID not in body and "13912345678" not in body and "王小二" not in body

    mail.outbox.clear()
    assert reminders.sweep(date(2025, 2, 17)) == {"due_soon": 0, "overdue": 0, "extension_pending": 0,
                                                  "unconfirmed": 0, "mails": 0}
    assert mail.outbox == []

    # no sweep on 2/18; on 2/19 the overdue and pending cases are reminded again, the due-soon one not
    result = reminders.sweep(date(2025, 2, 19))
    assert (result["due_soon"], result["overdue"], result["extension_pending"]) == (0, 1, 1)
    # an extension moves the due date: due soon again for the new date
    today.set(date(2025, 2, 19))
    actions.extend(soon, actor=world.head, on=date(2025, 2, 19), working_days=1, reason="复杂")
    assert Application.objects.get(pk=soon.pk).due_on == date(2025, 2, 24)
    assert reminders.sweep(date(2025, 2, 19))["due_soon"] == 1


def test_it_runs_from_the_command(world, capsys):
    registered(world, date(2025, 1, 20))
    call_command("send_reminders", "--date", "2025-02-17")
    assert "5个工作日内到期 1 件" in capsys.readouterr().out

