"""Annual reports built from recorded cases: identities, carry chain, publication, corrections.

Expected counts are worked out by hand from the cases each test creates.
"""

from datetime import date
from unittest import mock

import pytest

from gongkai.accounts.errors import NotPermitted
from gongkai.disclosure import actions as d
from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401
from gongkai.disclosure.tests.factories import registered
from gongkai.reports import actions, builder
from gongkai.reports.tests import complete
from gongkai.reports.models import AnnualReport, Status
from gongkai.rules import annual_format as af

pytestmark = pytest.mark.django_db


def decide(world, app, on, outcome="granted"):
    return d.decide(app, actor=world.officer, on=on, outcome=outcome, reason="依法答复", basis="条例第三十六条",
                    released=["申请的文件"] if outcome == "granted" else None)


@pytest.fixture
def two_years(world):
    """2024: A (person) decided granted in 2024; B (enterprise) received 2024-12-20, decided 2025;
    C (person) received 2024-12-27, still open at the end of 2025. 2025: D (person) denied."""
    a = registered(world, received_on=date(2024, 3, 4))
    decide(world, a, date(2024, 3, 20))
    b = registered(world, received_on=date(2024, 12, 20), applicant_type="commercial_enterprise",
                   id_type="credit_code", id_number="91630223MA7XXXXX0X", content="企业用地审批文件")
    c = registered(world, received_on=date(2024, 12, 27), content="本村征地补偿标准及发放名单")
    decide(world, b, date(2025, 1, 10), "unavailable_not_held")
    dd = registered(world, received_on=date(2025, 6, 3), content="某会议的讨论记录")
    decide(world, dd, date(2025, 6, 20), "denied_process_info")
    return world


def test_it_computes_table_three_from_the_cases(two_years):
    t = builder.compute_tables(two_years.agency, 2024)["applications"]
    assert t["new_received"] == {"natural_person": 2, "commercial_enterprise": 1, "research_institution": 0,
                                 "social_welfare_org": 0, "legal_service_org": 0, "other_org": 0, "total": 3}
    assert t["carried_in"]["total"] == 0
    assert t["granted"]["natural_person"] == 1 and t["processed_total"]["total"] == 1
    assert t["carried_out"] == {"natural_person": 1, "commercial_enterprise": 1, "research_institution": 0,
                                "social_welfare_org": 0, "legal_service_org": 0, "other_org": 0, "total": 2}
    assert af.check_tables(builder.compute_tables(two_years.agency, 2024)) == []


def test_it_carries_the_open_cases_into_the_next_year(two_years):
    t24 = builder.compute_tables(two_years.agency, 2024)
    t25 = builder.compute_tables(two_years.agency, 2025)
    assert t25["applications"]["carried_in"] == t24["applications"]["carried_out"]
    a = t25["applications"]
    # 2025: new D; carried B, C; decided B (unavailable_not_held), D (denied_process_info); C open
    assert a["new_received"]["total"] == 1 and a["processed_total"]["total"] == 2
    assert a["unavailable_not_held"]["commercial_enterprise"] == 1
    assert a["denied_process_info"]["natural_person"] == 1
    assert a["carried_out"]["total"] == 1
    assert af.check_tables(t25, previous=t24) == []


def test_it_aggregates_a_governments_report_over_its_departments(two_years):
    other = registered(two_years, received_on=date(2024, 5, 6))
    other.agency = two_years.other_agency
    other.save()
    t = builder.compute_tables(two_years.government, 2024)["applications"]
    assert t["new_received"]["total"] == 4  # three at X, one at Y


def publish(world, year, on):
    r = actions.start_report(agency=world.agency, year=year, actor=world.officer)
    r = complete.submit(r, officer=world.officer)
    return actions.publish_report(r, actor=world.head, on=on)


def test_it_checks_the_carry_chain_against_last_years_report(two_years):
    publish(two_years, 2024, date(2025, 1, 20))
    r25 = actions.start_report(agency=two_years.agency, year=2025, actor=two_years.officer)
    assert not [f for f in r25.findings if f["code"].startswith("carry_chain")]
    # a 2024 case registered late (after the 2024 report was published) breaks the chain
    registered(two_years, received_on=date(2024, 12, 30), content="迟登记的申请")
    r25 = actions.refresh_report(r25, actor=two_years.officer)
    chain = [f for f in r25.findings if f["code"] == "carry_chain"]
    assert {f["location"]["column"] for f in chain} == {"natural_person", "total"}
    assert r25.has_errors


def test_it_never_overwrites_a_published_report(two_years):
    first = publish(two_years, 2024, date(2025, 1, 20))
    frozen = first.tables
    registered(two_years, received_on=date(2024, 10, 8), content="补录的申请")
    first.refresh_from_db()
    assert first.tables == frozen  # the snapshot does not follow the cases
    with pytest.raises(actions.ReportError, match="不能修改"):
        actions.edit_sections(first, actor=two_years.officer, overview="改写")
    correction = actions.start_report(agency=two_years.agency, year=2024, actor=two_years.officer)
    assert correction.version == 2 and correction.supersedes == first
    assert correction.tables["applications"]["new_received"]["total"] == 4
    actions.edit_sections(correction, actor=two_years.officer, correction_note="补录一件2024年10月收到的申请。")
    correction = actions.submit_report(AnnualReport.objects.get(pk=correction.pk), actor=two_years.officer)
    actions.publish_report(correction, actor=two_years.head, on=date(2025, 2, 3))
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED and first.tables == frozen
    assert AnnualReport.objects.published().get(agency=two_years.agency, year=2024).version == 2


def test_it_keeps_the_published_version_when_publishing_fails(two_years):
    first = publish(two_years, 2024, date(2025, 1, 20))
    correction = actions.start_report(agency=two_years.agency, year=2024, actor=two_years.officer)
    actions.edit_sections(correction, actor=two_years.officer, correction_note="更正")
    correction = actions.submit_report(AnnualReport.objects.get(pk=correction.pk), actor=two_years.officer)
    with mock.patch("gongkai.reports.actions._event", side_effect=[None, RuntimeError("crash")]):
        with pytest.raises(RuntimeError):
            actions.publish_report(correction, actor=two_years.head, on=date(2025, 2, 3))
    first.refresh_from_db()
    correction.refresh_from_db()
    assert first.status == Status.PUBLISHED and correction.status == Status.REVIEW


def test_it_refuses_to_publish_with_errors_or_by_an_officer(two_years):
    r = actions.start_report(agency=two_years.agency, year=2024, actor=two_years.officer)
    with pytest.raises(actions.ReportError, match="不能提交审核") as refused:
        actions.submit_report(r, actor=two_years.officer)
    missing = {m["code"] for m in refused.value.details["missing"]}
    assert {"proactive.missing", "section.empty", "overview.part_empty"} <= missing
    r = complete.submit(AnnualReport.objects.get(pk=r.pk), officer=two_years.officer)
    with pytest.raises(NotPermitted, match="负责人"):
        actions.publish_report(r, actor=two_years.officer)
    assert actions.publish_report(r, actor=two_years.head).status == Status.PUBLISHED
    with pytest.raises(NotPermitted):
        actions.start_report(agency=two_years.agency, year=2024, actor=two_years.officer_y)


def test_it_suggests_sentences_that_carry_the_tables_figures(two_years):
    r = actions.start_report(agency=two_years.agency, year=2024, actor=two_years.officer)
    assert "本年新收政府信息公开申请3件" in r.overview
    assert "结转下年度继续办理2件" in r.overview
    assert "未收取信息处理费" in r.other


def test_it_knows_the_legal_deadlines(world):
    from gongkai.reports.models import legal_deadline

    assert legal_deadline(world.agency, 2024) == date(2025, 1, 31)
    assert legal_deadline(world.government, 2024) == date(2025, 3, 31)


def test_it_exports_json_from_the_command_line(two_years, capsys):
    import json

    from gongkai.cli import main

    assert main(["report", "dept-x", "2024", "--live"]) in (0, 1)
    out = json.loads(capsys.readouterr().out)
    assert out["agency"] == "测试县自然资源局" and out["year"] == 2024
    assert out["tables"]["applications"]["new_received"]["total"] == 3
    assert set(out["tables"]) == {"proactive", "applications", "appeals"}
    assert main(["report", "测试县自然资源局", "2024"]) in (0, 1)
    capsys.readouterr()
    assert main(["report", "nope", "2024"]) == 2
    assert main(["report", "dept-x", "20x4"]) == 2
    assert main(["report", "dept-x", "2024", "--format", "pdf"]) == 2  # binary needs -o
