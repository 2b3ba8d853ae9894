"""Everything held about one application, for its applicant (个人信息查阅、复制): a ZIP with
``申请信息.json`` — what they submitted, the state and dates of the case, the steps as the
applicant may see them — every letter issued to them as PDF and DOCX, the released files and the files sent with a 补正.

Left out, because they are not the applicant's data or are internal to the agency: the names of
staff, third parties consulted and their opinions, internal extension requests before approval,
letters not addressed to the applicant (e.g. to a third party), and redaction working files (the
originals before redaction). The released copies (redacted PDFs) of a 予以公开 / 部分公开 reply are in.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from django.utils import timezone

from .models import Application, EventType

#: steps shown to the applicant (date and name only; the letters carry the details)
APPLICANT_EVENTS = (
    EventType.SUBMITTED, EventType.REGISTERED, EventType.RECEIVED, EventType.CORRECTION_REQUESTED,
    EventType.CORRECTION_RECEIVED, EventType.CORRECTION_LAPSED, EventType.CONSULTATION_STARTED,
    EventType.CONSULTATION_ENDED, EventType.EXTENDED, EventType.FEE_NOTIFIED, EventType.FEE_PAID,
    EventType.FEE_LAPSED, EventType.DELAYED_REPLY_SET, EventType.DECIDED, EventType.WITHDRAWN,
    EventType.REOPENED, EventType.CORRECTION_SUBMITTED, EventType.INFORMATION_PROVIDED,
)

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _date(d):
    return d.isoformat() if d else None


def applicant_data(app: Application) -> dict:
    letters = app.letters.filter(to_applicant=True).defer("docx", "pdf", "text", "paper_scan").order_by("issued_on", "pk")
    return {
        "说明": "本文件包含本平台保存的与该申请有关的您的全部信息。",
        "导出时间": timezone.localtime().isoformat(timespec="seconds"),
        "申请编号": app.number,
        "受理机关": app.agency.name,
        "申请人": {
            "申请人类型": app.get_applicant_type_display(), "姓名或名称": app.name, "联系人": app.contact_name,
            "身份证明类型": app.get_id_type_display(), "证件号码": app.id_number, "联系电话": app.phone,
            "电子邮箱": app.email, "通信地址": app.address, "邮政编码": app.postcode,
        },
        "所需信息": {
            "信息名称": app.info_name, "文号": app.info_doc_number, "内容描述": app.content,
            "指定提供形式": app.get_form_display(), "获取信息的方式": app.get_delivery_display(),
        },
        "办理情况": {
            "提交方式": app.get_channel_display(), "提交日期": _date(app.submitted_on),
            "收到申请日期": _date(app.received_on), "答复期限": _date(app.due_on), "状态": app.get_status_display(),
            "办理结果": app.outcome_label, "办结日期": _date(app.decided_on),
            "信息处理费（元）": app.fee_amount,
        },
        "办理步骤": [{"日期": _date(e.date), "事项": e.get_type_display()}
                 for e in app.events.filter(type__in=APPLICANT_EVENTS).order_by("date", "pk")],
        "文书": [{"标题": letter.title, "文号": letter.number, "日期": _date(letter.issued_on)} for letter in letters],
        "补正": [{"提交方式": c.get_via_display(), "提交日期": _date(c.submitted_on), "收到日期": _date(c.received_on),
                "补正后的申请内容": c.content, "附件": [a.filename for a in c.attachments.all()]}
               for c in app.corrections.prefetch_related("attachments")],
        "提供的政府信息": [{"文件": r.public_name, "说明": r.notice}
                      for r in app.released_to_applicant().defer("original", "released_pdf")],
    }


def applicant_zip(app: Application) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("申请信息.json", json.dumps(applicant_data(app), ensure_ascii=False, indent=2))
        for i, letter in enumerate(app.letters.filter(to_applicant=True).order_by("issued_on", "pk"), 1):
            stem = _UNSAFE.sub("_", f"{i:02d}-{letter.issued_on:%Y%m%d}-{letter.title}")[:120]
            if letter.pdf:
                z.writestr(f"文书/{stem}.pdf", bytes(letter.pdf))
            if letter.docx:
                z.writestr(f"文书/{stem}.docx", bytes(letter.docx))
        for i, release in enumerate(app.released_to_applicant(), 1):
            if release.released_pdf:
                stem = _UNSAFE.sub("_", f"{i:02d}-{release.public_name.removesuffix('.pdf')}")[:110]
                z.writestr(f"提供的政府信息/{stem}.pdf", bytes(release.released_pdf))
        for c in app.corrections.prefetch_related("attachments"):
            for a in c.attachments.all():
                z.writestr(f"补正附件/{c.pk}-{_UNSAFE.sub('_', a.filename)[:100]}", bytes(a.data))
    return out.getvalue()
