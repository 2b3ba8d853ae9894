"""The text rules an evaluator applies (rules/narrative.py), on hand-written report texts."""

from gongkai.rules.narrative import FeeFacts, check_sections, similarity

INTRO = ("2025年，某县自然资源局认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好主动公开、依申请公开、"
         "政府信息管理、政府信息公开平台建设和监督保障等工作。")
PARTS = {
    "主动公开": "全年主动公开政府信息126条，其中规范性文件3件，重点公开自然资源规划、土地征收等领域信息。",
    "依申请公开": "本年新收政府信息公开申请8件，办结8件，均在法定期限内答复。",
    "政府信息管理": "严格执行公开前保密审查，对现行有效的规范性文件逐件标注有效性，及时更新公开指南。",
    "政府信息公开平台建设": "依托县政府门户网站政府信息公开专栏集中发布信息，专栏栏目按法定主动公开内容设置。",
    "监督保障": "局主要负责人为第一责任人，办公室为工作机构，政府信息公开工作纳入年度绩效考核。",
}
NUMERALS = "一二三四五"
PROBLEMS = ("一是部分栏目更新不够及时，二是依申请公开答复文书不够规范。针对上年度报告所列的栏目空白问题，"
            "已于2025年3月完成整改。下一步将建立栏目更新台账，每月核查一次，组织答复文书专题培训。")
OTHER = ("本年度未收取信息处理费。认真落实2025年政务公开工作要点，办理人大代表建议2件、政协提案1件，"
         "办理结果已全部公开。")


def overview(**replace) -> str:
    parts = []
    for n, (title, text) in zip(NUMERALS, PARTS.items()):
        text = replace.get(title, text)
        parts.append(f"（{n}）{title}\n\n{text}" if text is not None else "")
    return "\n\n".join([INTRO, *parts])


def codes(sections, **kw) -> list[str]:
    kw.setdefault("year", 2025)
    return sorted(f.code for f in check_sections(sections, **kw))


def good(**over) -> dict:
    return {"overview": overview(), "problems": PROBLEMS, "other": OTHER, **over}


def test_a_complete_text_passes():
    assert codes(good()) == []
    assert codes(good(), previous={"problems": "一是栏目空白较多。改进措施：逐个栏目核查，限期补齐。"}) == []


def test_an_empty_part_or_one_of_headings_only_is_an_error():
    found = {f.code: f for f in check_sections(good(problems="", other="（一）信息处理费\n（二）其他"), year=2025)}
    assert found["section.empty"].severity == "error" and found["section.empty"].location["section"] == "problems"
    assert found["section.heading_only"].location["section"] == "other"


def test_a_token_sentence_is_marked_down():
    assert codes(good(problems="本年度暂无问题。")) == ["section.token"]
    assert codes(good(problems="详见附表。")) == ["section.token"]


def test_each_of_the_five_parts_needs_its_own_content():
    # the demo's defect: （三）（四）（五） as bare sub-headings under a long 一
    found = check_sections(good(overview=overview(政府信息管理="", 政府信息公开平台建设="", 监督保障="")), year=2025)
    empty = [f for f in found if f.code == "overview.part_empty"]
    assert [f.location["part"] for f in empty] == ["management", "platform", "oversight"]
    assert all(f.severity == "error" for f in empty)


def test_a_part_not_spoken_of_at_all_is_missing_but_the_opening_list_does_not_count():
    found = check_sections(good(overview=overview(政府信息管理=None)), year=2025)
    missing = [f for f in found if f.code == "overview.part_missing"]
    assert len(missing) == 1 and missing[0].location["parts"] == ["政府信息管理"]


def test_parts_written_as_prose_without_sub_headings_pass():
    prose = INTRO + "\n\n" + "".join(PARTS.values())
    assert "overview.part_missing" not in codes(good(overview=prose))


def test_a_government_reports_accountability_scope_and_compiler():
    found = {f.code: f for f in check_sections(good(), year=2025, government=True)}
    assert found["overview.accountability_missing"].location["absent"] == ["社会评议", "责任追究"]
    assert set(found["overview.scope_missing"].location["absent"]) == {"统计范围（本级政府和哪些部门）", "编制机构"}
    text = overview(监督保障=PARTS["监督保障"] + "组织开展社会评议，本年度未发生责任追究情况。")
    text = "本报告由某县人民政府办公室编制，统计范围为县政府本级及所属25个部门。\n\n" + text
    assert codes(good(overview=text), government=True) == []


def test_the_compiler_is_found_across_the_long_citation_real_reports_put_before_the_verb():
    text = overview(监督保障=PARTS["监督保障"] + "组织开展社会评议，本年度未发生责任追究情况。")
    text = ("本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
            "《国务院办公厅政府信息公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
            "（国办公开办函〔2021〕30号）要求编\n制。统计范围为市政府本级及所属部门。\n\n" + text)
    assert codes(good(overview=text), government=True) == []
    # a long sentence that merely mentions 编制 elsewhere does not name who compiled the report
    other = "经市政府同意，各部门按照《条例》和《国务院办公厅关于全面推进政务公开工作的意见》的部署，编制了年度工作要点。"
    assert "overview.scope_missing" in codes(good(overview=other + "统计范围为市政府本级及所属部门。\n\n"
                                                 + overview()), government=True)


def test_problems_copied_from_last_year_are_the_same_text():
    found = {f.code: f for f in check_sections(good(), year=2025, previous={"problems": PROBLEMS})}
    assert found["problems.same_as_last_year"].location["share"] == 1.0
    assert similarity(PROBLEMS, PROBLEMS.replace("2025年3月", "2024年5月")) >= 0.8
    assert similarity(PROBLEMS, OTHER) < 0.2


def test_problems_that_do_not_say_how_last_years_were_addressed():
    text = "一是部分栏目更新不够及时，二是依申请公开答复文书不够规范。下一步将建立栏目更新台账，组织答复文书专题培训。"
    assert codes(good(problems=text), previous={"problems": "栏目空白较多，已逐步补齐，将继续核查。"}) \
        == ["problems.no_follow_up"]
    assert codes(good(problems=text)) == []  # no previous report: nothing to follow up


def test_saying_none_were_received_while_another_part_says_replies_were_late():
    ov = overview(依申请公开=PARTS["依申请公开"] + "2025年未收到公众建议、咨询、投诉等互动事项。")
    found = [f for f in check_sections(good(overview=ov, problems="部分留言答复不够及时，" + PROBLEMS), year=2025)
             if f.code == "narrative.self_contradiction"]
    assert len(found) == 1 and found[0].location == {"section": "overview", "other": "problems", "kind": "互动事项"}
    # "there was no late reply" is not a contradiction
    fine = good(overview=ov, problems="不存在留言答复不及时的情况。" + PROBLEMS)
    assert "narrative.self_contradiction" not in codes(fine)


def test_a_rate_whose_base_is_not_printed_beside_it():
    ov = overview(依申请公开="本年办结申请20件，按期答复18件，按期答复率100%。")
    found = [f for f in check_sections(good(overview=ov), year=2025) if f.code == "narrative.rate_base"]
    assert found and found[0].location["counts"] == [20, 18]
    assert "narrative.rate_base" not in codes(good(overview=overview(依申请公开="办结申请20件，按期答复18件，按期答复率90%。")))
    assert "narrative.rate_base" not in codes(good(overview=overview(依申请公开="办结6件，按期答复5件，按期答复率83.3%。")))
    assert "narrative.rate_base" in codes(good(overview=overview(依申请公开="办结6件，按期答复5件，按期答复率83.4%。")))


def test_six_reports_fees_notices_and_the_years_work_items():
    assert codes(good(other="认真落实政务公开工作要点。")) == ["other.fees_missing"]
    assert codes(good(other="本年度未收取信息处理费。")) == ["other.work_items_missing"]
    paid_only = "本年收取信息处理费2笔，共计300元。认真落实政务公开工作要点。"
    assert codes(good(other=paid_only), fees=FeeFacts(notices=3, paid=2, yuan=300)) == ["other.fee_notices_missing"]
    stated = "本年发出收费通知3件，金额共450元，申请人缴费2件共300元，1件逾期未缴。认真落实政务公开工作要点。"
    assert codes(good(other=stated), fees=FeeFacts(notices=3, paid=2, yuan=300)) == []


def test_a_sentence_printed_twice():
    note = "表四按案件的申请（立案）日期计入年度，结果按当年12月31日的状态填写，当日尚未审结的计入“尚未审结”。"
    assert codes(good(appeals="本年未被申请行政复议。" + note), printed=(note,)) == ["text.repeated_sentence"]
    assert codes(good(appeals="本年未被申请行政复议。"), printed=(note,)) == []


def test_full_width_and_spaced_text_reads_the_same():
    ov = overview(依申请公开="本年办结申请２０件，按期答复１８件，按期答复率１００％。")
    assert "narrative.rate_base" in codes(good(overview=ov))
