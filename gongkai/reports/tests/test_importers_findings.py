"""Findings beyond the table identities, on hand-written reports (corpus/edge_*.txt) and on
generated ones with one defect each."""

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.reports.importers import check_file
from gongkai.reports.tests.generate import TABLES_A, render_text, report_a

CORPUS = Path(__file__).parent / "corpus"


def codes(result, severity=None):
    return [f.code for f in result.findings if severity is None or f.severity == severity]


def finding(result, code):
    found = [f for f in result.findings if f.code == code]
    assert found, (code, codes(result))
    return found[0]


@pytest.fixture(scope="module")
def defects():
    return check_file(CORPUS / "edge_many_defects.txt")


def test_it_reads_the_hand_written_defective_report(defects):
    assert defects.agency == "某县交通运输局" and defects.year == 2023
    assert defects.tables["proactive"] == {
        "regulations": {"issued": 0, "abolished": 0, "in_force": 0},
        "normative_documents": {"issued": 2, "abolished": 0, "in_force": -1},
        "licensing": {"decisions": 35}, "punishment": {"decisions": Decimal("2.5")},
        "coercion": {"decisions": 0}, "fees": {"amount_10k_yuan": Decimal("0.8")}}
    assert defects.tables["applications"]["new_received"]["total"] == 3
    assert defects.tables["applications"]["other_fee_unpaid"]["natural_person"] == 1
    assert defects.exit_code == 1


def test_it_flags_a_narrative_figure_that_contradicts_the_table(defects):
    f = finding(defects, "narrative.contradicts_table")
    assert f.severity == "error"
    assert f.location["said"] == 2 and f.location["table_value"] == 3 and f.location["line"] == 7
    assert "2件" in f.message and "3件" in f.message


def test_it_flags_negative_and_non_integer_counts(defects):
    assert finding(defects, "cell.negative").location["row"] == "normative_documents"
    assert finding(defects, "cell.not_integer").location["row"] == "punishment"
    assert finding(defects, "cell.negative").location["line"] == 14


def test_it_flags_a_narrative_about_another_year(defects):
    f = finding(defects, "narrative.other_year")
    assert f.location["mentioned"] == 2022 and f.location["year"] == 2023


def test_it_flags_a_token_section_five(defects):
    assert finding(defects, "problems.token").severity == "warning"


def test_it_flags_fees_section_six_does_not_mention(defects):
    f = finding(defects, "other.fees_not_reported")
    assert "300" in f.message


def test_it_flags_late_publication_of_a_department(defects):
    f = finding(defects, "published.late")
    assert f.severity == "error"
    assert f.location["deadline"] == "2024-01-31" and f.location["published_on"] == "2024-02-20"


def test_it_hints_that_the_extraction_split_a_number(defects):
    broken = [f for f in defects.findings if f.code == "appeals.row_total"]
    assert broken  # the parse as it is breaks the group totals
    hint = finding(defects, "extraction.split_number")
    assert hint.severity == "info"
    assert hint.location["suggested"][5:10] == [12, 0, 0, 0, 12]


def test_it_reports_the_2019_trial_format_as_outdated():
    result = check_file(CORPUS / "edge_2019_format.txt")
    assert result.format == "2019"
    f = finding(result, "format.outdated")
    assert f.severity == "info"  # a 2020 report could still use it
    assert result.tables["proactive"] == {
        "regulations": {"issued": 0}, "normative_documents": {"issued": 1}, "licensing": {"decisions": 15},
        "punishment": {"decisions": 4}, "coercion": {"decisions": 0}}
    assert result.tables["applications"]["other_other"]["total"] == 1
    assert "applications.processed_total" not in codes(result)
    assert result.exit_code == 0


def test_it_makes_the_2019_format_an_error_from_2021_on():
    text = (CORPUS / "edge_2019_format.txt").read_text(encoding="utf-8")
    text = text.replace("2020年", "2022年").replace("2021年1月25日", "2023年1月25日")
    result = check_file(text.encode(), filename="r.txt")
    assert finding(result, "format.outdated").severity == "error"


def test_it_never_computes_a_sum_over_a_blank_cell():
    report = report_a()
    report.tables["applications"]["granted"]["commercial_enterprise"] = None
    result = check_file(render_text(report, "tabs")[0].encode(), filename="r.txt")
    assert "applications.row_total" not in codes(result)
    assert "applications.row_total.not_assessable" in codes(result, "warning")
    assert "table.incomplete" in codes(result)


def test_it_reports_each_broken_identity_with_its_numbers():
    report = report_a()
    report.tables["applications"]["granted"]["total"] = 7
    result = check_file(render_text(report, "spaces")[0].encode(), filename="r.txt")
    f = [f for f in result.findings if f.code == "applications.row_total"][0]
    assert f.location["row"] == "granted" and f.location["expected"] == 6 and f.location["actual"] == 7
    assert f.location["line"] > 0
    assert "applications.processed_total" in codes(result)


def test_it_holds_a_government_to_the_31_march_deadline():
    on_time = report_a(agency="某县人民政府", published_on=dt.date(2024, 3, 28))
    late = report_a(agency="某县人民政府", published_on=dt.date(2024, 4, 2))
    department = report_a(agency="某县人民政府办公室", published_on=dt.date(2024, 3, 28))
    assert "published.late" not in codes(check_file(render_text(on_time)[0].encode(), "r.txt"))
    f = finding(check_file(render_text(late)[0].encode(), "r.txt"), "published.late")
    assert f.location["deadline"] == "2024-03-31"
    assert "published.late" in codes(check_file(render_text(department)[0].encode(), "r.txt"))


def test_it_flags_an_empty_section_five():
    report = report_a(problems="无")
    result = check_file(render_text(report)[0].encode(), "r.txt")
    assert "problems.token" in codes(result) or "problems.empty" in codes(result)


def test_it_accepts_a_substantive_section_five_and_a_fee_statement():
    result = check_file(render_text(report_a())[0].encode(), "r.txt")
    assert not {"problems.token", "problems.empty", "other.fees_not_reported"} & set(codes(result))


def test_it_checks_the_carry_chain_and_the_in_force_count_against_last_year():
    previous = copy.deepcopy(TABLES_A)
    previous["applications"]["carried_out"]["natural_person"] = 3
    previous["applications"]["carried_out"]["total"] = 3
    previous["proactive"]["normative_documents"]["in_force"] = 20  # 20 + 3 − 1 = 22 ≠ 25
    prev_text, _ = render_text(report_a(year=2022, tables=previous, published_on=dt.date(2023, 1, 10)), "spaces")
    prev = check_file(prev_text.encode(), "2022.txt")
    result = check_file(render_text(report_a(), "tabs")[0].encode(), "2023.txt", previous=prev)
    chain = [f for f in result.findings if f.code == "carry_chain"]
    assert {f.location["column"] for f in chain} == {"natural_person", "total"}
    assert chain[0].location["expected"] == 3 and chain[0].location["actual"] == 2
    assert finding(result, "proactive.in_force_chain").location["expected"] == 22
    # the previous report may also be given as a tables dict or as bytes
    again = check_file(render_text(report_a(), "tabs")[0].encode(), "2023.txt", previous=prev_text.encode())
    assert "carry_chain" in codes(again)


def test_it_flags_a_previous_report_of_the_wrong_year():
    prev = check_file(render_text(report_a(year=2020, published_on=dt.date(2021, 1, 10)))[0].encode(), "p.txt")
    result = check_file(render_text(report_a())[0].encode(), "r.txt", previous=prev)
    assert "previous.not_preceding_year" in codes(result)


def test_it_flags_a_narrative_saying_no_appeals_beside_a_table_with_some():
    report = report_a(other="本年度未发生因政府信息公开引起的行政复议、行政诉讼。本年度未收取信息处理费。")
    result = check_file(render_text(report)[0].encode(), "r.txt")
    rows = {f.location["row"] for f in result.findings if f.code == "narrative.contradicts_table"}
    assert rows == {"reconsideration", "litigation_direct"}


def test_it_locates_findings_by_section_table_row_column_and_line():
    report = report_a()
    report.tables["appeals"]["reconsideration"]["total"] = 3
    result = check_file(render_text(report, "tabs")[0].encode(), "r.txt")
    f = finding(result, "appeals.row_total")
    assert f.location["section"] == "appeals" and f.location["table"] == "appeals"
    assert f.location["row"] == "reconsideration" and f.location["column"] == "total"
    text = render_text(report, "tabs")[0].splitlines()
    assert text[f.location["line"] - 1].startswith("1\t0\t0\t1\t3")


# -- the text as an evaluator reads it: the rules of the publication gate (rules/narrative.py) ----

def _check(report, previous=None):
    return check_file(render_text(report)[0].encode("utf-8"), "r.txt", previous=previous)


def test_a_clean_generated_report_has_no_text_finding():
    assert [c for c in codes(_check(report_a())) if c.split(".")[0] in ("overview", "other", "narrative", "text")] == []


def test_it_catches_bare_sub_headings_in_section_one():
    bare = ("2023年，某县市场监督管理局认真贯彻落实《中华人民共和国政府信息公开条例》。\n"
            "（一）主动公开\n全年在门户网站主动公开政府信息，重点公开行政许可和行政处罚结果。\n"
            "（二）依申请公开\n全年共收到政府信息公开申请，均在法定期限内答复。\n"
            "（三）政府信息管理\n（四）政府信息公开平台建设\n（五）监督保障")
    result = _check(report_a(overview=bare))
    parts = [f.location["part"] for f in result.findings if f.code == "overview.part_empty"]
    assert parts == ["management", "platform", "oversight"]


def test_with_the_previous_report_it_catches_section_five_copied_word_for_word():
    last = _check(report_a(year=2022, published_on=dt.date(2023, 1, 18)))
    result = _check(report_a(), previous=last)
    assert "problems.same_as_last_year" in codes(result)
    assert "problems.no_follow_up" in codes(result)  # nor does it say how last year's were addressed
    other = ("一是政策解读形式单一，图解偏少；二是告知书格式尚未统一。对上年提出的公开时效问题，2023年已建立台账并按月通报。"
             "今后重要政策同步制作图解，统一全部告知书模板。")
    fixed = _check(report_a(problems=other), previous=last)
    assert not {"problems.same_as_last_year", "problems.no_follow_up"} & set(codes(fixed))


def test_a_governments_summary_must_say_what_it_covers_and_who_compiled_it():
    result = _check(report_a(agency="某县人民政府"))
    assert finding(result, "overview.scope_missing").location["absent"] == ["统计范围（本级政府和哪些部门）", "编制机构"]
    assert "overview.accountability_missing" in codes(result)
