"""Letters an agency could send as they are (issue 14, found 7 / Deliver 6).

Every expected sentence below is written out by hand from letters.md §1.0–§1.5 and the 条例; none
is built from the code under test.
"""

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from gongkai.accounts.models import Agency
from gongkai.documents import rendering
from gongkai.documents.citations import cite, merge, parse
from gongkai.documents.kinds import LetterKind
from gongkai.documents.letters import layout_letter
from gongkai.documents.tests.test_letters import builtin

ON = date(2025, 3, 3)
NUMBER = "互自然资公答〔2025〕12号"
APP_NUMBER = "huzhu-zrj-2025-00012"


def agency():
    gov = Agency(pk=1, name="互助县人民政府", kind=Agency.Kind.GOVERNMENT, reconsideration_body="海东市人民政府")
    return Agency(pk=2, code="huzhu-zrj", name="互助县自然资源局", parent=gov, kind=Agency.Kind.DEPARTMENT,
                  office_name="互助县自然资源局办公室", phone="0972-8322118", address="互助县威远镇南街8号",
                  office_hours="工作日上午8:30—12:00，下午14:30—18:00")


PERSON = {"name": "张三", "type": "natural_person"}
COMPANY = {"name": "青海某某建设有限公司", "type": "commercial_enterprise"}


def context(applicant=PERSON, form="email", delivery="email", **decision):
    return {
        "applicant": dict(applicant),
        "application": {"number": APP_NUMBER, "received_on": date(2025, 2, 10), "content": "某地块征收补偿方案",
                        "channel_label": "互联网", "form": form, "delivery": delivery,
                        "email": "zhangsan@example.com", "address": "互助县威远镇北街3号", "officer_name": "李明"},
        "correction": {"items": "请写明地块名称。", "deadline": date(2025, 3, 17)},
        "extension": {"working_days": 20, "reason": "申请涉及多个年度的档案", "new_due": date(2025, 4, 8)},
        "decision": decision,
    }


def letter(kind, variant="", ctx=None):
    layout = layout_letter(builtin(kind, variant), agency=agency(), context=ctx or context(), on=ON, number=NUMBER)
    return layout, layout.text()


def body_lines(text):
    return text.splitlines()


# -- citations ----------------------------------------------------------------------------------

def test_it_prints_each_article_once_in_the_order_of_the_law():
    bases = merge(parse("条例第三十七条、第三十六条第（二）项、第（三）项"),
                  parse("《中华人民共和国政府信息公开条例》第十五条（个人隐私）"), parse("条例第十五条、第三十七条"))
    assert cite(bases) == "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（二）项、第（三）项、第三十七条"
    assert cite(merge(parse("条例第十六条第一款、第二款"))) == "《中华人民共和国政府信息公开条例》第十六条第一款、第二款"
    assert cite(merge(parse("《中华人民共和国统计法》第三十九条"), parse("条例第十四条、第三十六条第（三）项"))) == (
        "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项和《中华人民共和国统计法》第三十九条")
    assert cite(merge(parse("—"), parse("条例无专门条款（年度报告格式所列情形）"))) == ""
    assert cite(merge(parse("国办函〔2020〕109号"))) == "国办函〔2020〕109号"


# -- each decision kind -------------------------------------------------------------------------

def test_a_grant_to_a_person_says_you_cites_36_2_and_says_it_goes_by_email():
    layout, text = letter(LetterKind.DECISION, "granted", context(
        outcome="granted", basis="条例第三十六条第（一）项、第（二）项", released=["《某地块征收补偿方案》"]))
    assert layout.salutation == "张三："
    assert "您（单位）" not in text and "贵单位" not in text
    lines = body_lines(text)
    assert "经查，您申请获取的政府信息属于可以公开的政府信息。" in lines
    assert "根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，本机关决定予以公开。" in lines
    assert lines.index("经查，您申请获取的政府信息属于可以公开的政府信息。") < lines.index(
        "根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，本机关决定予以公开。")
    assert "本机关以电子邮件方式将上述政府信息发送至您提供的电子邮箱（zhangsan@example.com），请注意查收。" in lines
    assert "联系人：李明（互助县自然资源局办公室）；联系电话：0972-8322118。" in lines
    assert text.endswith("（盖章）\n互助县自然资源局\n2025年3月3日\n")


def test_an_already_public_grant_cites_36_1_and_tells_where():
    _, text = letter(LetterKind.DECISION, "granted", context(
        outcome="granted", where="互助县人民政府网站“政府信息公开—征地信息”栏目"))
    assert "根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，本机关决定予以公开。" in text
    assert "该政府信息已经主动公开，您可以通过以下途径获取：互助县人民政府网站“政府信息公开—征地信息”栏目。" in text
    assert "发送至" not in text


@pytest.mark.parametrize("form, delivery, sentence", [
    ("download", "online", f"您可以凭申请编号（{APP_NUMBER}）和查询码，在本平台的申请办理进度查询页面下载上述政府信息；"
                           "通过本平台账号提出申请的，也可以登录后在本人的申请记录中下载。"),
    ("paper", "post", "本机关以邮寄方式将上述政府信息的纸质文本随本答复书一并寄送至您提供的通信地址（互助县威远镇北街3号）。"),
    ("paper", "pickup", "请您持本答复书和身份证明，于办公时间（工作日上午8:30—12:00，下午14:30—18:00）到"
                        "互助县自然资源局办公室（互助县威远镇南街8号）领取上述政府信息的纸质文本。"),
    ("disc", "post", "本机关以邮寄方式将上述政府信息的光盘随本答复书一并寄送至您提供的通信地址（互助县威远镇北街3号）。"),
    ("inspection", "pickup", "请您持本答复书和身份证明，于办公时间（工作日上午8:30—12:00，下午14:30—18:00）到"
                             "互助县自然资源局办公室（互助县威远镇南街8号）当场查阅上述政府信息。"),
])
def test_it_says_how_and_where_in_the_form_the_applicant_chose(form, delivery, sentence):
    _, text = letter(LetterKind.DECISION, "granted", context(
        form=form, delivery=delivery, outcome="granted", released=["《某地块征收补偿方案》"]))
    assert sentence in body_lines(text)


def test_a_partial_grant_to_a_company_gives_each_part_and_one_citation():
    layout, text = letter(LetterKind.DECISION, "partially_granted", context(
        COMPANY, outcome="partially_granted", basis="条例第三十七条、第三十六条第（二）项、第（三）项",
        released=["《某地块征收补偿方案》（区分处理后）"],
        withheld=[{"part": "被征收人身份证号码", "reason": "属于个人隐私", "basis": "条例第十五条、第三十七条"}],
        reason="该方案附件载有被征收人的身份信息。"))
    assert layout.salutation == "青海某某建设有限公司："
    lines = body_lines(text)
    assert "经审查，贵单位申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。该方案附件载有被征收人的身份信息。" in lines
    assert ("1. 被征收人身份证号码：属于个人隐私。依据：《中华人民共和国政府信息公开条例》（以下简称《条例》）"
            "第十五条、第三十七条。") in lines
    assert ("根据《条例》第十五条、第三十六条第（二）项、第（三）项、第三十七条的规定，本机关决定部分公开："
            "对上述内容不予公开，向贵单位提供其余可以公开的政府信息内容：") in lines
    assert text.count("第三十七条") == 2  # once for the part, once in the decision's citation
    assert ("如对本答复书不服，根据《中华人民共和国行政复议法》第二十三条的规定，贵单位应当自收到本答复书之日起60日内"
            "先向互助县人民政府申请行政复议；对行政复议决定不服的，可以再依法向人民法院提起行政诉讼。") in lines
    assert "您" not in text


def test_a_refusal_on_several_bases_cites_them_in_one_sentence_after_the_finding():
    _, text = letter(LetterKind.DECISION, "denied_prohibited_by_law", context(
        outcome="denied_prohibited_by_law", basis="《中华人民共和国统计法》第三十九条、条例第十四条",
        reason="该信息为统计调查中获得的能够识别单个统计调查对象的资料。"))
    lines = body_lines(text)
    finding = ("经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。"
               "该信息为统计调查中获得的能够识别单个统计调查对象的资料。")
    decision = ("根据《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项和《中华人民共和国统计法》"
                "第三十九条的规定，本机关决定不予公开。")
    assert lines.index(finding) + 1 == lines.index(decision)
    assert text.count("根据") == 2  # the decision and the remedy clause


def test_not_held_with_a_referral_cites_36_4_and_5_and_names_the_agency():
    _, text = letter(LetterKind.DECISION, "unavailable_not_held", context(
        outcome="unavailable_not_held", basis="条例第三十六条第（四）项、第（五）项",
        reason="本机关在档案室和业务系统中以“征收补偿”为关键词检索，均未找到该信息。",
        referral_agency="互助县住房和城乡建设局", referral_contact="0972-8322120"))
    assert ("经检索，本机关没有制作或者获取您申请公开的政府信息。本机关在档案室和业务系统中以“征收补偿”为关键词检索，"
            "均未找到该信息。") in text
    assert ("根据《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项的规定，现告知您：本机关不掌握该政府信息。"
            "该政府信息不属于本机关负责公开，负责公开该政府信息的行政机关为互助县住房和城乡建设局，"
            "联系方式：0972-8322120。") in text
    _, text = letter(LetterKind.DECISION, "unavailable_not_held", context(
        outcome="unavailable_not_held", basis="条例第三十六条第（四）项、第（五）项", reason="经检索未找到。"))
    assert "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，现告知您：本机关不掌握该政府信息。" in text


def test_a_duplicate_is_not_handled_again_with_the_earlier_reply_named():
    _, text = letter(LetterKind.DECISION, "rejected_duplicate", context(
        COMPANY, outcome="rejected_duplicate", basis="条例第三十六条第（六）项",
        earlier_reply="2025年1月6日，互自然资公答〔2025〕3号"))
    assert ("经查，本机关已就贵单位提出的相同政府信息公开申请作出答复（2025年1月6日，互自然资公答〔2025〕3号）。"
            "贵单位重复申请公开相同的政府信息。") in text
    assert "根据《中华人民共和国政府信息公开条例》第三十六条第（六）项的规定，本机关不予重复处理。" in text


def test_a_correction_notice_to_a_company():
    layout, text = letter(LetterKind.CORRECTION, "", context(COMPANY))
    assert layout.salutation == "青海某某建设有限公司："
    assert ("本机关于2025年2月10日收到贵单位以互联网方式提出的政府信息公开申请（申请编号：huzhu-zrj-2025-00012），"
            "申请获取“某地块征收补偿方案”的政府信息。") in text
    assert "请贵单位于2025年3月17日前，按照上述事项将补正后的政府信息公开申请提交本机关。" in text
    assert "行政复议" not in text and text.endswith("特此告知。\n联系人：李明（互助县自然资源局办公室）；"
                                                   "联系电话：0972-8322118。\n\n（盖章）\n互助县自然资源局\n2025年3月3日\n")


def test_an_extension_notice_to_a_person():
    _, text = letter(LetterKind.EXTENSION)
    assert ("因申请涉及多个年度的档案，本机关无法在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条"
            "第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日，本机关将于2025年4月8日前作出答复。"
            ) in text


def test_a_receipt_carries_its_number_and_the_receipt_date():
    layout, text = letter(LetterKind.ACKNOWLEDGEMENT)
    assert text.startswith(f"政府信息公开申请接收回执\n{NUMBER}\n\n张三：\n")
    assert ("根据《中华人民共和国政府信息公开条例》第三十一条的规定，2025年2月10日为本机关收到申请之日。") in text


def test_an_agency_template_saved_with_the_old_placeholder_wording_reads_right():
    from gongkai.documents.letters import ResolvedTemplate
    from gongkai.documents.kinds import Remedy

    old = ResolvedTemplate(LetterKind.CORRECTION, "", "补正告知书", "请您（单位）补正：{补正事项}", "", Remedy.NONE, "agency")
    layout = layout_letter(old, agency=agency(), context=context(COMPANY), on=ON, number=NUMBER)
    assert layout.paragraphs == ["请贵单位补正：请写明地块名称。"]


# -- PDF: numbers unbroken, seal above the 落款 ----------------------------------------------

KINDS = {
    "granted": (LetterKind.DECISION, "granted", dict(outcome="granted", released=["《某地块征收补偿方案》"])),
    "partially_granted": (LetterKind.DECISION, "partially_granted", dict(
        outcome="partially_granted", released=["《某地块征收补偿方案》（区分处理后）"],
        withheld=[{"part": "被征收人身份证号码", "reason": "属于个人隐私", "basis": "条例第十五条"}])),
    "denied": (LetterKind.DECISION, "denied_prohibited_by_law", dict(
        outcome="denied_prohibited_by_law", basis="《中华人民共和国统计法》第三十九条", reason="属于统计调查对象的资料。")),
    "unavailable": (LetterKind.DECISION, "unavailable_not_held", dict(outcome="unavailable_not_held",
                                                                     reason="经检索未找到。")),
    "rejected": (LetterKind.DECISION, "rejected_duplicate", dict(outcome="rejected_duplicate",
                                                                earlier_reply="2025年1月6日，互自然资公答〔2025〕3号")),
    "correction": (LetterKind.CORRECTION, "", {}),
    "extension": (LetterKind.EXTENSION, "", {}),
    "acknowledgement": (LetterKind.ACKNOWLEDGEMENT, "", {}),
}
#: set GONGKAI_LETTER_PNG_DIR to keep a PNG of each page (pdftoppm) to look at
OUT = os.environ.get("GONGKAI_LETTER_PNG_DIR")


@pytest.fixture(scope="module")
def pdfs():
    out = {}
    for name, (kind, variant, decision) in KINDS.items():
        layout, _ = letter(kind, variant, context(COMPANY if name in ("partially_granted", "rejected") else PERSON,
                                                  **decision))
        out[name] = rendering.to_pdf(layout)
    return out


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.parametrize("name", list(KINDS))
def test_its_pdf_keeps_numbers_and_titles_on_one_line_and_has_the_seal(pdfs, name, tmp_path):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdfs[name])
    lines = [line.strip() for line in
             subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.splitlines()]
    assert any(NUMBER in line for line in lines), lines
    assert any(APP_NUMBER in line for line in lines), lines
    assert "（盖章）" in lines
    assert lines.index("（盖章）") + 1 == lines.index("互助县自然资源局")
    assert "2025年3月3日" in lines
    whole = "".join(lines)
    for title in ("《中华人民共和国政府信息公开条例》", "《中华人民共和国行政复议法》"):
        if title in whole:
            assert any(title in line for line in lines), (title, lines)
    if OUT and shutil.which("pdftoppm"):
        Path(OUT).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(Path(OUT) / name)], check=True)


def test_a_docx_keeps_a_number_whole_with_word_joiners_and_a_non_breaking_hyphen():
    from io import BytesIO

    from docx import Document
    from docx.oxml.ns import qn

    layout, _ = letter(LetterKind.ACKNOWLEDGEMENT)
    document = Document(BytesIO(rendering.to_docx(layout)))
    opening = document.paragraphs[3]
    runs = [r for r in opening.runs if r._r.findall(qn("w:noBreakHyphen"))]
    assert len(runs) == 1 and len(runs[0]._r.findall(qn("w:noBreakHyphen"))) == 3  # huzhu-zrj-2025-00012
    assert "".join(t.text for t in runs[0]._r.findall(qn("w:t"))) == "huzhuzrj202500012"
    assert document.paragraphs[-3].text == "（盖章）"
