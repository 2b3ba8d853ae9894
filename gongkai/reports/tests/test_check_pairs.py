"""Cross-year checks: ``--previous`` and a batch holding several years of one agency.

Last year is a real published report: 淮安市人民政府's 2024 report as the PDF it was published as
(``../shared/examples/real/pdf/F001.pdf``; its table 二 prints 规章 1/0/11 and 行政规范性文件
8/26/66, table 三 四、结转下年度继续办理 103/0/0/0/0/0/103). This year is
``corpus/pairs/huaian_2025_*.txt`` (see the README there: written by hand in the layout of the
agency's web page, because no published 2025 report with its tables is at hand), once carrying
last year's figures forward and once not. Expected values were worked out by hand from the
printed numbers:

- consistent: 上年结转 103/0/0/0/0/0/103 = last year's 结转下年度; 规章 11 + 2 − 0 = 13 and
  行政规范性文件 66 + 6 − 4 = 68, as printed: no cross-year finding;
- broken: 上年结转 自然人 98 and 总计 98 against 103 (two ``carry_chain`` errors, the other five
  columns are 0 = 0); 行政规范性文件 66 + 6 − 4 = 68 but 70 printed (one
  ``proactive.in_force_chain`` warning); 规章 still 13.
"""

import io
import json
import zipfile
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.reports.importers import check_file
from gongkai.reports.importers.pairs import pair_findings
from gongkai.reports.tests.real_corpus import REAL_DIR

PAIRS = Path(__file__).parent / "corpus" / "pairs"
LAST_YEAR = REAL_DIR / "pdf" / "F001.pdf"
CONSISTENT = str(PAIRS / "huaian_2025_consistent.txt")
BROKEN = str(PAIRS / "huaian_2025_broken.txt")
CROSS_YEAR = {"carry_chain", "proactive.in_force_chain", "carry_chain.not_assessable",
              "proactive.in_force_chain.not_assessable", "previous.ambiguous"}

needs_real = pytest.mark.skipif(not LAST_YEAR.exists(), reason="../shared/examples/real is not beside the repository")


def _json(capsys, *argv):
    rc = main(["check", *argv, "--format", "json"])
    return rc, json.loads(capsys.readouterr().out)


def _cross(findings):
    return sorted((f["code"], f["location"].get("column") or f["location"].get("row"), f["location"].get("expected"),
                   f["location"].get("actual")) for f in findings if f["code"] in CROSS_YEAR)


BROKEN_EXPECTED = [("carry_chain", "natural_person", 103, 98), ("carry_chain", "total", 103, 98),
                   ("proactive.in_force_chain", "in_force", 68, 70)]


@needs_real
def test_the_real_last_year_reads_as_printed():
    last = check_file(LAST_YEAR)
    assert (last.agency, last.year) == ("淮安市人民政府", 2024)
    assert last.tables["applications"]["carried_out"] == {
        "natural_person": 103, "commercial_enterprise": 0, "research_institution": 0, "social_welfare_org": 0,
        "legal_service_org": 0, "other_org": 0, "total": 103}
    assert last.tables["proactive"]["normative_documents"] == {"issued": 8, "abolished": 26, "in_force": 66}
    this = check_file(CONSISTENT)
    assert (this.agency, this.year) == ("淮安市人民政府", 2025)  # 名 称 | … on the metadata row


@needs_real
@pytest.mark.parametrize("order", ["last year first", "this year first"])
def test_several_years_of_one_agency_are_checked_pair_by_pair(capsys, order):
    files = [str(LAST_YEAR), CONSISTENT] if order == "last year first" else [CONSISTENT, str(LAST_YEAR)]
    rc, out = _json(capsys, *files)
    assert rc == 0 and all(not _cross(r["findings"]) for r in out)
    files = [str(LAST_YEAR), BROKEN] if order == "last year first" else [BROKEN, str(LAST_YEAR)]
    rc, out = _json(capsys, *files)
    this = next(r for r in out if r["year"] == 2025)
    last = next(r for r in out if r["year"] == 2024)
    assert rc == 1
    assert _cross(this["findings"]) == BROKEN_EXPECTED
    assert not _cross(last["findings"])  # last year has no year before it in the batch
    chain = [f for f in this["findings"] if f["code"] == "carry_chain"]
    assert all(f["location"]["previous_file"] == str(LAST_YEAR) and "F001.pdf" in f["message"] for f in chain)
    assert chain[0]["name"] == "上年结转与上年报告不符"


@needs_real
def test_previous_gives_the_same_findings_with_their_lines(capsys):
    rc, out = _json(capsys, "--previous", str(LAST_YEAR), BROKEN)
    assert rc == 1 and _cross(out["findings"]) == BROKEN_EXPECTED
    carried_in_line = next(i for i, t in enumerate(Path(BROKEN).read_text().splitlines(), 1) if t.startswith("二、上年结转"))
    assert {f["location"]["line"] for f in out["findings"] if f["code"] == "carry_chain"} == {carried_in_line}


@needs_real
def test_text_output_names_the_cross_year_findings(capsys):
    assert main(["check", str(LAST_YEAR), BROKEN]) == 1
    out = capsys.readouterr().out
    assert "[错误] 上年结转与上年报告不符（carry_chain" in out
    assert "[警告] 现行有效件数与上年不衔接（proactive.in_force_chain" in out


def test_other_agencies_and_gaps_are_not_paired():
    results = [{"agency": "淮安市人民政府", "year": 2023, "tables": {}},
               {"agency": "淮安市人民政府办公室", "year": 2024, "tables": {}},  # another agency
               {"agency": "淮安市人民政府", "year": 2025, "tables": {}},       # 2024 of this agency is missing
               {"agency": None, "year": 2024, "tables": {}}, None]
    assert pair_findings(results, ["a", "b", "c", "d", "e"]) == [[], [], [], [], []]


def test_two_reports_for_last_year_are_not_guessed_between():
    carried = {"applications": {"carried_out": {"total": 1}, "carried_in": {"total": 1}}}
    results = [{"agency": "某局", "year": 2023, "tables": carried}, {"agency": "某 局", "year": 2023, "tables": carried},
               {"agency": "某局", "year": 2024, "tables": carried}]
    found = pair_findings(results, ["2023a.txt", "2023b.txt", "2024.txt"])
    assert found[:2] == [[], []]
    assert [f["code"] for f in found[2]] == ["previous.ambiguous"]
    assert "“2023a.txt”、“2023b.txt”" in found[2][0]["message"]


def test_a_real_excerpt_cut_before_the_last_row_says_the_chain_cannot_be_checked():
    """官洲街道办事处's real 2023 page text stops inside table 三 (before 结转下年度继续办理) but
    has table 二 whole (规章 0/0/0, 行政规范性文件 0/0/0)."""
    path = REAL_DIR / "text" / "016.txt"
    if not path.exists():
        pytest.skip("../shared/examples/real is not beside the repository")
    last = check_file(path).as_dict()
    assert (last["agency"], last["year"]) == ("官洲街道办事处", 2023)
    zero = {c: 0 for c in ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
                           "legal_service_org", "other_org", "total")}
    this = {"agency": "官洲街道办事处", "year": 2024, "tables": {
        "proactive": {"regulations": {"issued": 0, "abolished": 0, "in_force": 0},
                      "normative_documents": {"issued": 1, "abolished": 0, "in_force": 2}},
        "applications": {"carried_in": zero}}}
    found = pair_findings([last, this], ["2023.txt", "2024.txt"])[1]
    assert [(f["code"], f["severity"]) for f in found] == [
        ("carry_chain.not_assessable", "info"),        # last year's 结转下年度 was never read
        ("proactive.in_force_chain", "warning")]       # 0 + 1 − 0 = 1, but 2 printed
    assert "上年报告的“结转下年度继续办理”空白或未读到" in found[0]["message"]
    assert found[1]["location"]["expected"] == 1 and found[1]["location"]["actual"] == 2


@needs_real
def test_the_web_batch_checks_consecutive_years_of_an_agency(world, client):
    from gongkai.reports.models import CheckBatch
    from gongkai.reports.tasks import check_batch_now

    client.force_login(world.officer)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("淮安市人民政府2024年报.pdf", LAST_YEAR.read_bytes())
        z.writestr("淮安市人民政府2025年报.txt", Path(BROKEN).read_bytes())
    buf.seek(0)
    buf.name = "淮安.zip"
    assert client.post("/staff/check/", {"files": [buf]}).status_code == 302
    batch = CheckBatch.objects.latest("pk")
    check_batch_now(batch.pk)
    page = client.get(f"/staff/check/{batch.pk}/").content.decode()
    assert page.count("上年结转与上年报告不符") == 2 and "现行有效件数与上年不衔接" in page
    assert "（上年报告：淮安市人民政府2024年报.pdf）" in page
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/staff/check/{batch.pk}/results.xlsx").content))
    listed = [r for r in book["问题清单"].iter_rows(values_only=True) if r[2] == "carry_chain"]
    assert [r[0] for r in listed] == ["淮安市人民政府2025年报.txt"] * 2
    rows = {r[0]: r for r in book["体检结果"].iter_rows(values_only=True)}
    names = rows["项目"]
    assert rows["错误"][names.index("淮安市人民政府2025年报.txt")] == 2
