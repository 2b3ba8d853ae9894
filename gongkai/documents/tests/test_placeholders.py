from datetime import date

from gongkai.accounts.models import Agency
from gongkai.documents.placeholders import (BLANK, PLACEHOLDERS, RenderContext, check_template_text, cn_date, fill,
                                            paragraphs, unknown_placeholders)


def rc(**context):
    gov = Agency(pk=1, name="测试县人民政府", kind=Agency.Kind.GOVERNMENT)
    agency = Agency(name="测试县自然资源局", short_name="县自然资源局", parent=gov, phone="0972-1234567")
    return RenderContext(agency=agency, kind="decision", variant="granted", context=context,
                         on=date(2025, 2, 21), number="县自然资源局公答〔2025〕1号")


def test_it_writes_dates_the_chinese_way_without_leading_zeros():
    assert cn_date(date(2025, 2, 1)) == "2025年2月1日"
    assert cn_date(None) == ""


def test_it_fills_values_and_marks_missing_ones_as_blanks():
    text = fill("{申请人}：于{收到日期}收到，文号{文号}，{补正期限}", rc(applicant={"name": "王小明"},
                                                           application={"received_on": date(2025, 3, 4)}))
    assert text == f"王小明：于2025年3月4日收到，文号县自然资源局公答〔2025〕1号，{BLANK}"


def test_it_drops_an_optional_segment_when_a_value_inside_is_missing():
    template = "开头。[[联系电话：{联系电话}。]][[获取途径：{获取途径}。]]"
    assert fill(template, rc()) == "开头。联系电话：0972-1234567。"


def test_it_numbers_lists_and_explains_each_withheld_part():
    text = fill("{提供的信息}\n{不予公开部分}", rc(decision={
        "released": ["《甲》", "《乙》"],
        "withheld": [{"part": "身份证号码", "reason": "属于个人隐私", "basis": "条例第十五条"},
                     {"part": "银行账号", "reason": "属于个人隐私。"}]}))
    assert paragraphs(text) == ["1. 《甲》", "2. 《乙》", "1. 身份证号码：属于个人隐私。依据：《中华人民共和国政府信息公开条例》第十五条。",
                                "2. 银行账号：属于个人隐私。"]


def test_it_leaves_the_agency_defaults_for_the_court_and_reconsideration_body():
    assert fill("{复议机关}；{管辖法院}", rc()) == "测试县人民政府；有管辖权的人民法院"


def test_it_refuses_unknown_placeholders_and_unbalanced_segments():
    assert unknown_placeholders("{申请人}{姓名}{年龄}") == ["姓名", "年龄"]
    problems = check_template_text("{姓名}[[未闭合")
    assert any("未知的占位符：{姓名}" in p for p in problems)
    assert any("没有成对出现" in p for p in problems)
    assert check_template_text("[[a[[b]]]]")
    assert check_template_text("{申请人}[[{联系电话}]]") == []


def test_it_offers_every_placeholder_with_a_description():
    assert all(p.help for p in PLACEHOLDERS.values())
    assert {"申请人", "收到日期", "申请内容", "文号", "机关名称"} <= set(PLACEHOLDERS)


def test_it_drops_empty_lines():
    assert paragraphs("甲\n\n  \r\n乙 ") == ["甲", "乙"]
