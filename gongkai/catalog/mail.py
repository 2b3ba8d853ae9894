"""Subscription e-mail: the double opt-in confirmation and the new-items notice.

Links are signed with ``django.core.signing`` (no token table): a confirmation link is valid for
7 days, an unsubscribe link for as long as the subscription exists. Every notice carries
``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058) so mail clients offer one-click
unsubscribe.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse

from gongkai.portal.models import site_name

SALT = "gongkai.catalog.subscription"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def make_token(subscription, purpose: str) -> str:
    return signing.dumps({"s": subscription.pk, "p": purpose, "e": subscription.email}, salt=SALT, compress=True)


def read_token(token: str, purpose: str, max_age: int | None = None) -> int | None:
    """The subscription id in a valid token for ``purpose``; None when forged, altered or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != purpose:
        return None
    return data.get("s")


def confirm_url(subscription) -> str:
    return site_url() + reverse("catalog:subscription_confirm", args=[make_token(subscription, "confirm")])


def unsubscribe_url(subscription) -> str:
    return site_url() + reverse("catalog:unsubscribe", args=[make_token(subscription, "unsubscribe")])


def send_confirmation(subscription) -> None:
    body = (
        f"您好：\n\n有人（可能是您本人）用此邮箱在{site_name()}订阅了以下政府信息：\n"
        f"  {subscription.describe()}\n\n"
        f"请在7天内打开下面的链接确认订阅；确认之前不会给您发送任何信息：\n{confirm_url(subscription)}\n\n"
        "如果这不是您本人的操作，请忽略本邮件。\n")
    EmailMessage(f"请确认订阅：{subscription.describe()}", body, to=[subscription.email]).send()


def send_notice(subscription, items) -> None:
    lines = [f"您好：\n\n您订阅的“{subscription.describe()}”有{len(items)}条新公开的政府信息：\n"]
    for item in items:
        lines.append(f"· {item.title}\n  {item.agency.name}　发布日期 {item.published_on:%Y-%m-%d}　"
                     f"索引号 {item.index_number}\n  {site_url()}{item.get_absolute_url()}\n")
    stop = unsubscribe_url(subscription)
    lines.append(f"\n退订：{stop}\n")
    EmailMessage(
        f"新公开信息：{subscription.describe()}", "\n".join(lines), to=[subscription.email],
        headers={"List-Unsubscribe": f"<{stop}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    ).send()
