"""What the platform tells people by e-mail, and the links it gives them (tracking page, one-time rating link)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

RATING_SALT = "gongkai.feedback.rating"
RATING_MAX_AGE = 90 * 24 * 3600  # the link is valid for 90 days and works once


def cn_date(d, year: bool = True) -> str:
    return (f"{d.year}年" if year else "") + f"{d.month}月{d.day}日"


def absolute(path: str) -> str:
    """``SITE_URL`` (e.g. https://gk.example.gov.cn) + path."""
    return settings.SITE_URL.rstrip("/") + path


def rating_token(reply) -> str:
    return signing.dumps({"reply": reply.pk, "item": reply.item_id}, salt=RATING_SALT, compress=True)


def reply_from_token(token: str):
    """The reply a rating link is for, or None when the link is forged, expired or already used."""
    from .models import Reply

    try:
        data = signing.loads(token, salt=RATING_SALT, max_age=RATING_MAX_AGE)
    except signing.BadSignature:
        return None
    reply = (Reply.objects.select_related("item", "item__agency")
             .filter(pk=data.get("reply"), item_id=data.get("item"), rating__isnull=True).first())
    if reply is None or not reply.item.has_private_reply_path:
        return None
    return reply


def rating_url(reply) -> str:
    return absolute(reverse("feedback:rate", args=[rating_token(reply)]))


def tracking_url(item) -> str:
    return absolute(reverse("feedback:track") + f"?number={item.number}")


def staff_item_url(item) -> str:
    return absolute(reverse("feedback_staff:item", args=[item.number]))


def send(recipients, subject: str, body: str) -> None:
    """Queue an e-mail once the surrounding transaction commits."""
    from .tasks import send_notice

    recipients = sorted({r for r in recipients if r})
    if recipients:
        transaction.on_commit(lambda: send_notice.enqueue(recipients, subject, body))


def heads_emails(agency) -> list[str]:
    from gongkai.accounts.models import Membership, Role

    return list(Membership.objects.active()
                .filter(agency=agency, role=Role.HEAD, user__is_active=True)
                .exclude(user__email="").values_list("user__email", flat=True))


# -- the texts -------------------------------------------------------------------------------

def received(item, code: str) -> tuple[str, str]:
    return (f"【{item.agency.name}】已收到您的{item.get_kind_display()}（编号 {item.number}）",
            f"{item.contact_name or '您好'}：\n\n"
            f"{item.agency.name}已于{cn_date(item.received_on)}收到您提交的{item.get_kind_display()}"
            f"“{item.subject}”。\n编号：{item.number}\n查询码：{code}\n"
            f"答复期限：{cn_date(item.due_on)}前\n\n"
            f"凭编号和查询码可在以下页面查看办理进度和答复：\n{tracking_url(item)}\n\n"
            "本邮件由系统自动发送，请勿直接回复。\n")


def replied(item, reply) -> tuple[str, str]:
    return (f"【{item.agency.name}】您的{item.get_kind_display()}已答复（编号 {item.number}）",
            f"{item.contact_name or '您好'}：\n\n"
            f"您提交的{item.get_kind_display()}“{item.subject}”已答复：\n\n{reply.text}\n\n"
            f"查看答复：{tracking_url(item)}\n"
            f"请对本次答复作出评价（链接仅能使用一次）：\n{rating_url(reply)}\n\n"
            f"{item.agency.name}\n")


def assigned(item) -> tuple[str, str]:
    return (f"互动事项 {item.number} 已分派给您，请于{cn_date(item.due_on, year=False)}前答复",
            f"{item.owner}：\n\n{item.agency.name}的{item.get_kind_display()}“{item.subject}”已分派给您承办，"
            f"答复期限为{cn_date(item.due_on)}。\n{staff_item_url(item)}\n")


def reminder(item) -> tuple[str, str]:
    who = str(item.owner) if item.owner_id else "负责人"
    return (f"提醒：互动事项 {item.number} 将于{cn_date(item.due_on, year=False)}到期",
            f"{who}：\n\n{item.get_kind_display()}“{item.subject}”（{item.agency.name}）的答复期限为"
            f"{cn_date(item.due_on)}，尚未答复。\n{staff_item_url(item)}\n")


def escalation(item) -> tuple[str, str]:
    owner = str(item.owner) if item.owner_id else "（尚未分派）"
    return (f"超期：互动事项 {item.number} 已超过答复期限",
            f"负责人：\n\n{item.agency.name}的{item.get_kind_display()}“{item.subject}”答复期限为"
            f"{cn_date(item.due_on)}，至今未答复。承办人：{owner}。\n{staff_item_url(item)}\n")


def reopened(item, rating) -> tuple[str, str]:
    return (f"不满意评价：互动事项 {item.number} 已退回重新办理",
            f"负责人：\n\n提交人对{item.get_kind_display()}“{item.subject}”的答复评价为“不满意”，"
            f"事项已退回重新办理，新的答复期限为{cn_date(item.due_on)}。\n"
            f"评价意见：{rating.comment or '（无）'}\n{staff_item_url(item)}\n")
