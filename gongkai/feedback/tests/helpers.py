from __future__ import annotations

from datetime import date

from gongkai.feedback import actions
from gongkai.feedback.models import Kind


def submit(agency, *, kind=Kind.INQUIRY, received_on: date | None = None, anonymous=False, email="zhang@example.cn",
           consent=False, subject="关于宅基地审批进度的咨询", content="请问宅基地审批需要多长时间？", **extra):
    contact = None if anonymous else actions.Contact("张三", "13800000000", email)
    return actions.submit_item(agency=agency, kind=kind, subject=subject, content=content, contact=contact,
                               publish_consent=consent, received_on=received_on, **extra)
