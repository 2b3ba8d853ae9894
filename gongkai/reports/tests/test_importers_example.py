"""The shared real report (互助县自然资源局 2024, text extracted from its PDF): what the checker
must show on it. Expectations are written by hand in corpus/000_22ace0d495ac63ac.expected.json."""

import json
from pathlib import Path

import pytest

from gongkai.reports.importers import check_file

CORPUS = Path(__file__).parent / "corpus"
EXAMPLE = CORPUS / "000_22ace0d495ac63ac.txt"
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "examples" / "000_22ace0d495ac63ac.txt"
EXPECTED = json.loads((CORPUS / "000_22ace0d495ac63ac.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result():
    return check_file(EXAMPLE)


def test_it_recovers_the_appeals_table_exactly(result):
    appeals = result.as_dict()["tables"]["appeals"]
    assert appeals["reconsideration"] == {"upheld": 9, "corrected": None, "other": 1, "pending": None, "total": 10}
    assert appeals["litigation_direct"] == {"upheld": None, "corrected": None, "other": None, "pending": 1, "total": 1}
    assert appeals["litigation_after_reconsideration"] == {
        "upheld": 1, "corrected": None, "other": None, "pending": None, "total": 1}


def test_it_exits_with_1(result):
    assert result.exit_code == 1


def test_it_recognises_the_applications_table_as_blank(result):
    apps = result.as_dict()["tables"]["applications"]
    assert len(apps) == 25
    assert all(v is None for row in apps.values() for v in row.values())
    blank = [f for f in result.findings if f.code == "table.blank"]
    assert len(blank) == 1 and blank[0].severity == "error"
    assert blank[0].location["table"] == "applications"
    assert blank[0].location["line"] == 17


def test_it_says_section_two_and_its_table_are_missing(result):
    missing = {(f.code, f.location.get("section")) for f in result.findings if f.severity == "error"}
    assert ("section.missing", "proactive") in missing
    assert ("table.missing", "proactive") in missing
    assert result.sections["proactive"] is False
    assert "proactive" not in result.tables


def test_it_matches_the_hand_written_expectation(result):
    got = result.as_dict()
    for key in ("agency", "year", "format", "published_on", "sections", "tables"):
        assert got[key] == EXPECTED[key], key
    for want in EXPECTED["findings_include"]:
        assert any(f["code"] == want["code"] and f["severity"] == want["severity"]
                   and all(f["location"].get(k) == v for k, v in want["location"].items())
                   for f in got["findings"]), want
    codes = {f["code"] for f in got["findings"]}
    for excluded in EXPECTED["findings_exclude"]:
        code, _, section = excluded.partition(":")
        assert not any(f["code"] == code and (not section or f["location"].get("section") == section)
                       for f in got["findings"]), excluded
    assert "published.late" not in codes
    assert result.exit_code == EXPECTED["exit_code"]


def test_it_never_computes_a_sum_over_blank_cells(result):
    # 9 + blank + 1 + blank = 10 holds if blanks were 0: the checker must not say so either way
    codes = [f.code for f in result.findings if f.location.get("table") == "appeals"]
    assert "appeals.row_total" not in codes
    assert codes.count("appeals.row_total.not_assessable") == 3


@pytest.mark.skipif(not SHARED.exists(), reason="shared/examples is not beside the checkout")
def test_it_reads_the_shared_example_the_same_way(result):
    shared = check_file(SHARED)
    assert shared.exit_code == 1
    assert shared.tables == result.tables
    assert [f.code for f in shared.findings] == [f.code for f in result.findings]
