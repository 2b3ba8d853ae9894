"""Letters: the default texts per outcome, remedy clauses, DOCX/PDF output, compose() and 文号."""

import io
import shutil
import subprocess
from datetime import date

import pdfplumber
import pytest
from django.db import transaction
from docx import Document
from docx.oxml.ns import qn

from gongkai.accounts.models import Agency
from gongkai.documents import rendering
from gongkai.documents.kinds import LetterKind, Remedy, all_slots
from gongkai.documents.letters import compose, layout_letter, resolve_template, sample_context
from gongkai.documents.models import LetterCounter, LetterTemplate
from gongkai.rules.outcomes import OUTCOMES

ON = date(2025, 2, 21)


def unsaved_agency():
    gov = Agency(pk=1, name="测试县人民政府", kind=Agency.Kind.GOVERNMENT)
    return Agency(pk=2, code="dept-x", name="测试县自然资源局", short_name="测试自然资", parent=gov,
                  kind=Agency.Kind.DEPARTMENT, phone="0972-8322118")


def builtin(kind, variant=""):
    from gongkai.documents.defaults import default_template
    from gongkai.documents.kinds import default_remedy
    from gongkai.documents.letters import ResolvedTemplate

    d = default_template(kind, variant)
    return ResolvedTemplate(kind, variant, d.title, d.body, d.closing, default_remedy(kind, variant), "builtin")


def text_of(kind, variant="", context=None, agency=None):
    agency = agency or unsaved_agency()
    layout = layout_letter(builtin(kind, variant), agency=agency,
                           context=context or sample_context(kind, variant), on=ON, number="测试自然资公答〔2025〕7号")
    return layout, layout.text()


# Article each outcome's letter must cite (domain.md §2.4 mapping; letters.md §1.3)
ARTICLES = {
    "granted": "第三十六条第（一）项、第（二）项",
    "partially_granted": "第三十七条",
    "denied_state_secret": "第十四条、第三十六条第（三）项",
    "denied_prohibited_by_law": "第十四条、第三十六条第（三）项",
    "denied_security_stability": "第十四条、第三十六条第（三）项",
    "denied_third_party_rights": "第十五条、第三十二条、第三十六条第（三）项",
    "denied_internal_affairs": "第十六条第一款",
    "denied_process_info": "第十六条第二款",
    "denied_enforcement_file": "第十六条第二款",
    "denied_administrative_query": "第三十六条第（三）项",
    "unavailable_not_held": "第三十六条第（四）项",
    "unavailable_needs_creation": "第三十八条",
    "unavailable_unclear": "第三十条",
    "rejected_petition": "第三十九条第一款",
    "rejected_duplicate": "第三十六条第（六）项",
    "rejected_publication": "第三十九条第二款",
    "rejected_mass_repeated": "第三十五条",
    "rejected_confirm_or_reissue": "确认或者重新出具",
    "other_no_correction": "第三十条",
    "other_fee_unpaid": "国办函〔2020〕109号",
    "other_other": "书面撤回该申请",
}


def test_it_has_one_decision_text_per_outcome():
    assert set(ARTICLES) == set(OUTCOMES)
    assert len([s for s in all_slots() if s[0] == LetterKind.DECISION]) == 21


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_it_cites_the_right_article_and_remedy_for_each_outcome(outcome):
    layout, text = text_of(LetterKind.DECISION, outcome)
    assert ARTICLES[outcome] in text
    assert layout.title == "政府信息公开申请答复书"
    assert layout.salutation == "王小明："
    assert "本机关于2025年2月21日收到您以互联网方式提出" in text and "您（单位）" not in text
    assert text.rstrip().endswith("测试县自然资源局\n2025年2月21日")
    if OUTCOMES[outcome].reconsideration_first:
        assert "行政复议法》第二十三条" in text
        assert "60日内先向测试县人民政府申请行政复议" in text
        assert "6个月内" not in text
    else:
        assert "第二十三条" not in text and "先向" not in text
        assert "60日内向测试县人民政府申请行政复议" in text
        assert "6个月内向有管辖权的人民法院提起行政诉讼" in text


def test_it_names_the_agencys_own_court_and_reconsideration_body():
    agency = unsaved_agency()
    agency.court, agency.reconsideration_body = "互助县人民法院", "海东市人民政府"
    _, text = text_of(LetterKind.DECISION, "granted", agency=agency)
    assert "60日内向海东市人民政府申请行政复议" in text and "6个月内向互助县人民法院提起行政诉讼" in text


def test_it_explains_each_withheld_part_of_a_partial_release():
    _, text = text_of(LetterKind.DECISION, "partially_granted")
    assert "1. 《互助县2024年城区土地征收补偿安置方案》" in text
    assert ("1. 被征收人身份证号码和银行账号：属于个人隐私，公开会对第三方合法权益造成损害。"
            "依据：《中华人民共和国政府信息公开条例》（以下简称《条例》）第十五条。") in text


def test_it_names_the_referral_agency_only_when_there_is_one():
    _, text = text_of(LetterKind.DECISION, "unavailable_not_held")
    assert "负责公开该政府信息的行政机关为互助县住房和城乡建设局，联系方式：0972-8322120" in text
    context = sample_context(LetterKind.DECISION, "unavailable_not_held")
    context["decision"]["referral_agency"] = ""
    _, text = text_of(LetterKind.DECISION, "unavailable_not_held", context)
    assert "第三十六条第（五）项" not in text


def test_it_leaves_a_visible_blank_when_a_refusal_has_no_reason():
    context = sample_context(LetterKind.DECISION, "denied_process_info")
    context["decision"]["reason"] = ""
    layout, _ = text_of(LetterKind.DECISION, "denied_process_info", context)
    assert layout.paragraphs[1].endswith("过程性信息。＿＿＿＿")


def test_it_tells_the_applicant_what_to_correct_by_when_and_what_happens_otherwise():
    layout, text = text_of(LetterKind.CORRECTION)
    assert layout.title == "政府信息公开申请补正告知书"
    assert "第三十条" in text and "一次性告知" in text
    assert "1. 请写明所需信息涉及的具体地块或项目名称；" in text
    assert "请您于2025年3月10日前" in text
    assert "视为放弃申请，本机关不再处理该政府信息公开申请" in text
    assert layout.remedy == "" and "行政复议" not in text and "行政诉讼" not in text
    assert layout.closing == "特此告知。"


def test_it_cites_the_heads_approval_in_an_extension_notice():
    layout, text = text_of(LetterKind.EXTENSION)
    assert "第三十三条第二款" in text
    assert "经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日" in text
    assert "本机关将于2025年4月18日前作出答复" in text
    assert layout.remedy == "" and "行政复议" not in text


def test_it_asks_a_third_party_within_15_working_days_and_says_what_silence_means():
    layout, text = text_of(LetterKind.CONSULTATION, "third_party")
    assert layout.salutation == "互助县某房地产开发有限公司："
    assert "第三十二条" in text and "15个工作日内（即2025年3月24日前）" in text
    assert "逾期未提出意见的，由本机关依照《条例》的规定决定是否公开" in text
    assert "王小明" not in text  # the applicant's identity is not passed on to the third party
    _, text = text_of(LetterKind.CONSULTATION, "agency")
    assert "第三十四条" in text and "逾期未提出意见的，视为同意公开" in text


def test_it_tells_the_applicant_the_clock_stops_while_consulting():
    _, text = text_of(LetterKind.CONSULTATION_NOTICE, "third_party")
    assert "第三十三条第三款" in text and "不计算在答复期限内" in text


def test_it_states_basis_method_standard_amount_and_payment_period_in_a_fee_notice():
    _, text = text_of(LetterKind.FEE_NOTICE)
    assert "国办函〔2020〕109号" in text
    assert "收费方式：按件计收。" in text
    assert "11—30件（含30件）的部分，100元/件" in text
    assert "第12件申请" in text and "应缴金额：人民币100元。" in text
    assert "缴纳方式：" in text
    assert "收到收费通知次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请" in text
    context = sample_context(LetterKind.FEE_NOTICE, "")
    context["fee"] = {"method": "per_volume", "amount_yuan": 1700, "ordinal": None, "pages": 150,
                      "pay_within_working_days": 20}
    _, text = text_of(LetterKind.FEE_NOTICE, "", context)
    assert "收费方式：按量计收。" in text and "共150页" in text and "人民币1700元" in text
    assert "自然月内累计提出的第" not in text


def test_it_sets_the_delayed_reply_date_under_article_35():
    layout, text = text_of(LetterKind.DELAYED_REPLY)
    assert "第三十五条" in text and "将于2025年5月30日前作出答复" in text and layout.remedy == ""


def test_it_acknowledges_receipt_with_the_statutory_receipt_date():
    _, text = text_of(LetterKind.ACKNOWLEDGEMENT)
    assert "第三十一条" in text and "2025年2月21日为本机关收到申请之日" in text


# --- DOCX and PDF: rendered once per module (WeasyPrint takes a fraction of a second each) ---

@pytest.fixture(scope="module")
def refusal():
    layout, _ = text_of(LetterKind.DECISION, "denied_state_secret")
    return layout, rendering.to_docx(layout, author="测试县自然资源局"), rendering.to_pdf(layout)


@pytest.fixture(scope="module")
def correction_pdf():
    layout, _ = text_of(LetterKind.CORRECTION)
    return rendering.to_pdf(layout)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join((page.extract_text() or "") for page in pdf.pages).replace("\n", "")


def test_it_writes_a_docx_that_reopens_with_title_number_and_remedy(refusal):
    layout, docx, _ = refusal
    document = Document(io.BytesIO(docx))
    texts = [p.text for p in document.paragraphs]
    assert not any(ch in t for t in texts for ch in "\u2060\u200b\ufeff")  # staff search and copy the text
    assert texts[0] == "政府信息公开申请答复书"
    assert texts[1] == "测试自然资公答〔2025〕7号"
    assert texts[2] == "王小明："
    assert layout.remedy in texts and "行政复议法》第二十三条" in layout.remedy
    assert texts[-3:] == ["（盖章）", "测试县自然资源局", "2025年2月21日"]
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert document.paragraphs[0].alignment == 1 and document.paragraphs[1].alignment == 2  # centre, right
    fonts = document.paragraphs[3].runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "FangSong"
    assert document.paragraphs[3].paragraph_format.first_line_indent.pt == 32
    assert document.core_properties.title == "政府信息公开申请答复书"


def test_it_writes_a_pdf_whose_text_is_chinese_and_searchable(refusal, correction_pdf):
    _, _, pdf = refusal
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "政府信息公开申请答复书" in text
    assert "属于依法确定的国家秘密" in text
    assert "行政复议法》第二十三条" in text and "先向测试县人民政府申请行政复议" in text
    assert "视为放弃申请" in pdf_text(correction_pdf)


def test_it_embeds_the_fonts_in_the_pdf(refusal):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(refusal[2]))
    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            embedded.append(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
            assert "CJK" in str(target["/BaseFont"])
    assert embedded and all(embedded)


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_it_reports_every_font_embedded_to_pdffonts(refusal, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(refusal[2])
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines and all(line.split()[-5] == "yes" for line in lines)  # the "emb" column


# --- compose(): templates from the database, 文号 ---

def decision_context(outcome="granted"):
    return sample_context(LetterKind.DECISION, outcome)


def test_it_composes_with_a_number_and_both_files(world):
    composed = compose(agency=world.agency, kind=LetterKind.DECISION, context=decision_context(), on=ON)
    assert composed.number == "测试县自然资源局公答〔2025〕1号"
    assert composed.title == "政府信息公开申请答复书"
    assert composed.text.startswith("政府信息公开申请答复书\n测试县自然资源局公答〔2025〕1号\n")
    assert composed.docx[:2] == b"PK" and composed.pdf.startswith(b"%PDF")


def test_it_uses_the_agencys_own_template_before_the_default(world):
    LetterTemplate.objects.create(agency=None, kind=LetterKind.CORRECTION, title="平台补正告知书", body="平台正文{申请人}")
    assert resolve_template(world.agency, LetterKind.CORRECTION).title == "平台补正告知书"
    LetterTemplate.objects.create(agency=world.agency, kind=LetterKind.CORRECTION, title="补正通知",
                                  body="请补正：{补正事项}", closing="此致", remedy=Remedy.NONE)
    template = resolve_template(world.agency, LetterKind.CORRECTION)
    assert (template.title, template.source) == ("补正通知", "agency")
    assert resolve_template(world.other_agency, LetterKind.CORRECTION).source == "platform"
    composed = compose(agency=world.agency, kind=LetterKind.CORRECTION, on=ON, number="给定1号",
                       context=sample_context(LetterKind.CORRECTION, ""))
    assert composed.number == "给定1号" and "请补正：1. 请写明" in composed.text
    assert not LetterCounter.objects.exists()  # a given number uses none up


def test_it_keeps_the_reconsideration_first_clause_even_if_a_template_says_otherwise(world):
    LetterTemplate.objects.create(agency=world.agency, kind=LetterKind.DECISION, variant="denied_process_info",
                                  title="答复书", body="不予公开。", remedy=Remedy.NONE)
    template = resolve_template(world.agency, LetterKind.DECISION, "denied_process_info")
    assert template.remedy == Remedy.RECONSIDERATION_FIRST


def test_it_refuses_an_unknown_kind_or_outcome(world):
    with pytest.raises(ValueError, match="未知的文书种类"):
        compose(agency=world.agency, kind="memo", context={}, on=ON)
    with pytest.raises(ValueError, match="办理结果"):
        compose(agency=world.agency, kind=LetterKind.DECISION, context={"decision": {"outcome": "yes"}}, on=ON)
    assert not LetterCounter.objects.exists()


def test_it_gives_the_number_back_when_the_callers_step_fails(world):
    from gongkai.documents.numbering import allocate_number

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            allocate_number(world.agency, LetterKind.DECISION, 2025)
            raise RuntimeError("the step failed")
    assert allocate_number(world.agency, LetterKind.DECISION, 2025) == "测试县自然资源局公答〔2025〕1号"


def _closing_spill_layout(paragraphs: int) -> rendering.LetterLayout:
    line = "经审查，您申请获取的政府信息属于本机关公开职责权限范围，现将有关情况告知如下。"
    return rendering.LetterLayout(
        title="政府信息公开申请补正告知书", number="测试自然资公补〔2025〕1号", salutation="王小明：",
        paragraphs=[line * 2] * paragraphs, closing="特此告知。", contact="联系人：李明；联系电话：0972-8322118。",
        seal="（盖章）", signature="测试县自然资源局", date_text="2025年2月5日")


def _page_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(page.extract_text() or "").replace("\n", "") for page in pdf.pages]


def test_the_seal_and_date_are_not_left_alone_on_a_second_page():
    """GB/T 9704-2012 7.3.5.1: when the space left on the page cannot hold the seal and the date,
    the spacing is tightened rather than the closing block moved to a page of its own. Five
    three-line paragraphs at 28 pt leave only a few lines free on the first page."""
    from weasyprint import HTML

    layout = _closing_spill_layout(5)
    assert len(HTML(string=rendering.to_html(layout)).render().pages) == 2  # at 28 pt the block spills
    pages = _page_texts(rendering.to_pdf(layout))
    assert len(pages) == 1, pages
    assert "特此告知" in pages[0] and "2025年2月5日" in pages[0]


def test_a_letter_that_is_really_two_pages_long_stays_two_pages_with_all_its_text():
    pages = _page_texts(rendering.to_pdf(_closing_spill_layout(8)))
    assert len(pages) == 2
    assert pages[0].startswith("政府信息公开申请补正告知书") and "2025年2月5日" in pages[-1]
