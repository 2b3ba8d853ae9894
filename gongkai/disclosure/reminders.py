"""The daily reminder sweep (issue 3, item 8; style.md rule 6).

* officers: cases due within 5 working days (once per due date — a new due date reminds again)
  and overdue cases (once a day while overdue);
* heads: extensions waiting for their approval (once a day while waiting; the request itself
  already told them that day), and applications still not confirmed as received 3 working days
  after submission (once a day while unconfirmed — 第三十一条: the receipt date is the day both
  sides confirm, so these are the cases most at risk).

Idempotent: each case is *claimed* by a conditional UPDATE of its ``*_reminded_*`` field before a
mail goes out, so two sweeps on one day (or two workers at once) send nothing twice. It catches
up by construction: what it looks for is derived from today's date and the stored due dates,
so a day the sweep did not run leaves nothing behind. Mails carry case numbers, dates and
statuses only — no names, identity numbers or contact details (the console mail backend of
embedded mode prints them to the log).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.models import Membership, Role
from gongkai.portal.dates import prose
from gongkai.portal.models import site_name
from gongkai.rules.periods import UNCONFIRMED_ALERT_WORKING_DAYS, due_soon_until, waiting_since

from .models import Application


def _claim(qs, **update) -> list[Application]:
    """Lock the candidate rows (skipping rows another sweep holds), mark them, return them."""
    with transaction.atomic():
        rows = list(qs.select_for_update(skip_locked=True, of=("self",))
                    .select_related("agency", "officer").order_by("due_on", "pk"))
        if rows:
            Application.objects.filter(pk__in=[a.pk for a in rows]).update(**update)
    return rows


def _heads(agency_ids) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for m in (Membership.objects.active().filter(agency_id__in=set(agency_ids), role=Role.HEAD)
              .select_related("user")):
        if m.user.is_active and m.user.email:
            out[m.agency_id].append(m.user)
    return out


def _line(app: Application) -> str:
    if app.status == "submitted":
        return f"  {app.number}  {app.agency.short_name or app.agency.name}  待确认收到  {app.submitted_on:%Y-%m-%d}提交"
    due = f"答复期限 {app.due_on:%Y-%m-%d}" if app.due_on else "答复期限暂停计算"
    return f"  {app.number}  {app.agency.short_name or app.agency.name}  {app.get_status_display()}  {due}"


def sweep(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    until = due_soon_until(today, current_calendar())
    base = Application.objects.all()
    soon = _claim(base.due_within(on=today, until=until).filter(
        Q(due_soon_reminded_for__isnull=True) | Q(due_soon_reminded_for__lt=F("due_on"))
        | Q(due_soon_reminded_for__gt=F("due_on"))), due_soon_reminded_for=F("due_on"))
    overdue = _claim(base.overdue(on=today).filter(
        Q(overdue_reminded_on__isnull=True) | Q(overdue_reminded_on__lt=today)), overdue_reminded_on=today)
    waiting = _claim(base.extension_pending().filter(
        Q(extension_reminded_on__isnull=True) | Q(extension_reminded_on__lt=today)), extension_reminded_on=today)

    unconfirmed = _claim(base.unconfirmed_since(waiting_since(today, UNCONFIRMED_ALERT_WORKING_DAYS, current_calendar()))
                         .filter(Q(unconfirmed_reminded_on__isnull=True) | Q(unconfirmed_reminded_on__lt=today)),
                         unconfirmed_reminded_on=today)

    heads = _heads([a.agency_id for a in soon + overdue + waiting + unconfirmed])
    mail: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for label, apps in (("5个工作日内到期", soon), ("已逾期", overdue)):
        for app in apps:
            people = [app.officer] if app.officer_id and app.officer.email else heads.get(app.agency_id, [])
            for person in people:
                mail[person.email][label].append(_line(app))
    for app in waiting:
        for person in heads.get(app.agency_id, []):
            mail[person.email]["延期答复待您批准"].append(_line(app))
    for app in unconfirmed:
        for person in heads.get(app.agency_id, []):
            mail[person.email][f"提交超过{UNCONFIRMED_ALERT_WORKING_DAYS}个工作日仍未确认收到"].append(_line(app))

    sent = 0
    for address, sections in mail.items():
        body = [f"以下政府信息公开申请需要处理（{prose(today)}）：", ""]
        for label, lines in sections.items():
            body += [f"【{label}】", *lines, ""]
        body.append(f"请登录{site_name()}工作台查看：{settings.SITE_URL}/staff/applications/")
        send_mail(f"依申请公开提醒：{sum(len(v) for v in sections.values())}件待处理", "\n".join(body), None,
                  [address], fail_silently=True)
        sent += 1
    return {"due_soon": len(soon), "overdue": len(overdue), "extension_pending": len(waiting),
            "unconfirmed": len(unconfirmed), "mails": sent}


def notify_heads(app: Application, subject: str, lines: list[str]) -> None:
    """Mail the heads of ``app``'s agency now (on commit): numbers and dates only."""
    addresses = [u.email for u in _heads([app.agency_id]).get(app.agency_id, [])]
    _mail_on_commit(addresses, subject, lines)


def notify_user(user, subject: str, lines: list[str]) -> None:
    if user is not None and user.is_active and user.email:
        _mail_on_commit([user.email], subject, lines)


def _mail_on_commit(addresses: list[str], subject: str, lines: list[str]) -> None:
    if not addresses:
        return
    body = "\n".join([*lines, "", f"请登录{site_name()}工作台查看：{settings.SITE_URL}/staff/applications/"])
    transaction.on_commit(lambda: [send_mail(subject, body, None, [a], fail_silently=True) for a in addresses])
