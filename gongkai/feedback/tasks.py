"""Background work: e-mail notices (the daily reminders are registered in ``apps.py``)."""

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

