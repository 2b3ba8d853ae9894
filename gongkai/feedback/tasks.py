"""Background work: e-mail notices, and the daily reminder/escalation sweep (also ``gongkai manage feedback_reminders``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_notice(recipients: list[str], subject: str, body: str) -> int:
    recipients = [r for r in recipients if r]
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@task()
def feedback_reminders() -> dict:
    from django.utils import timezone

    from .actions import remind_items

    return remind_items(on=timezone.localdate())
