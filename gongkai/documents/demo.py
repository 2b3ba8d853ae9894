"""Demo: real-looking 文号 prefixes for the 互助县 agencies and one agency-specific fee notice."""

from __future__ import annotations

from gongkai.accounts.models import Agency, User

from . import actions
from .defaults import FEE_NOTICE
from .kinds import KIND_CODES, LetterKind, Remedy
from .models import LetterTemplate

#: 机关代字 as used in the agencies' 文号 (互助县 → 互; departments add their own character(s))
PREFIXES = {"huzhu": "互政", "huzhu-zrj": "互自然资", "huzhu-czj": "互财", "huzhu-jyj": "互教"}


def load() -> None:
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    if admin is None:
        return
    for code, prefix in PREFIXES.items():
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            continue
        for kind in LetterKind.values:
            actions.set_number_pattern(agency, kind, actor=admin,
                                       pattern=f"{prefix}公{KIND_CODES[kind]}〔{{年}}〕{{序号}}号")
    zrj = Agency.objects.filter(code="huzhu-zrj").first()
    if zrj is not None and not LetterTemplate.objects.filter(agency=zrj, kind=LetterKind.FEE_NOTICE).exists():
        body = FEE_NOTICE.body.replace(
            "缴纳方式：通过政府非税收入收缴系统缴纳，本机关出具省级财政部门统一监（印）制的财政票据。",
            "缴纳方式：持本通知书到互助县政务服务中心一楼财政窗口缴纳，或通过“青海省非税收入统一缴款平台”"
            "输入本通知书文号缴纳；本机关出具青海省财政厅统一监制的财政票据。")
        actions.save_letter_template(zrj, LetterKind.FEE_NOTICE, "", actor=admin, title=FEE_NOTICE.title,
                                     body=body, closing=FEE_NOTICE.closing, remedy=Remedy.STANDARD)
