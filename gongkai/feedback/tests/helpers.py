from __future__ import annotations

from datetime import date

from gongkai.feedback import actions
from gongkai.feedback.models import Kind


def submit(agency, *, kind=Kind.INQUIRY, received_on: date | None = None, anonymous=False, email="zhang@example.cn",
           consent=False, subject="关于宅基地审批进度的咨询", content="请问宅基地审批需要多长时间？", **extra):
    contact = None if anonymous else actions.Contact("张三", "13800000000", email)
    return actions.submit_item(agency=agency, kind=kind, subject=subject, content=content, contact=contact,
                               publish_consent=consent, received_on=received_on, **extra)


def preview_and_confirm(client, item, question: str, answer: str):
    """The two staff steps of publishing: 预览公开内容, then 确认发布 with the preview's digest."""
    import re

    preview = client.post(f"/staff/feedback/{item.number}/publish/", {"question": question, "answer": answer})
    found = re.search(r'name="digest" value="([0-9a-f]+)"', preview.content.decode())
    confirm = client.post(f"/staff/feedback/{item.number}/publish/", {
        "question": question, "answer": answer, "confirm": "1", "digest": found.group(1) if found else ""})
    return preview, confirm
