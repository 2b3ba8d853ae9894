"""The report checker (gongkai.reports.importers) reads our HTML and DOCX back into the very
tables they were rendered from. (The PDF round trip is in test_exports_pdf.py, sharing its
rendering.) The truth is the specimen's input cells, never the checker's output."""

import copy
from decimal import Decimal

import pytest

from gongkai.reports.exports import render, render_html_fragment
from gongkai.reports.tests.specimen import specimen_document, specimen_tables
from gongkai.reports.importers import check_file
from gongkai.rules import annual_format as af


def as_checked(tables):
    """The tables as CheckResult.as_dict() writes them (the fee a float)."""
    return {t: {r: {c: (float(v) if isinstance(v, Decimal) else v) for c, v in cols.items()}
                for r, cols in rows.items()} for t, rows in tables.items()}


def assert_round_trip(result, doc):
    got = result.as_dict()
    assert got["tables"] == as_checked(doc.tables)
    assert got["agency"] == doc.agency_name and got["year"] == doc.year
    assert got["format"] == "2021"
    assert all(got["sections"].values()), got["sections"]
    return got


def sparse_tables():
    """A small bureau's year: mostly zeros, a fee with four decimals (every identity holds)."""
    t = af.empty_tables(0)
    a = t["applications"]
    for row, nat, com in (("new_received", 9, 2), ("carried_in", 1, 0), ("granted", 5, 1),
                          ("partially_granted", 1, 0), ("unavailable_not_held", 2, 1),
                          ("other_no_correction", 1, 0), ("processed_total", 9, 2), ("carried_out", 1, 0)):
        a[row].update(natural_person=nat, commercial_enterprise=com, total=nat + com)
    t["appeals"]["reconsideration"].update(upheld=1, total=1)
    t["proactive"]["normative_documents"].update(issued=3, abolished=1, in_force=25)
    t["proactive"]["licensing"]["decisions"] = 1286
    t["proactive"]["fees"]["amount_10k_yuan"] = Decimal("0.0350")
    assert af.check_tables(t) == []
    return t


@pytest.fixture(scope="module")
def specimen():
    return specimen_document(agency_name="互助县自然资源局", previous_tables=specimen_tables(seed=5),
                             previous_monthly={m: 2 * m for m in range(1, 13)})


def test_the_checker_reads_the_html_back_into_the_same_tables(specimen):
    result = check_file(render(specimen, "html"), filename="report.html")
    got = assert_round_trip(result, specimen)
    assert got["published_on"] == "2025-01-20"
    assert result.findings == []


def test_the_checker_reads_the_fragment_back(specimen):
    result = check_file(render_html_fragment(specimen).encode("utf-8"), filename="report.html")
    assert_round_trip(result, specimen)


def test_the_checker_reads_the_docx_back_into_the_same_tables(specimen):
    result = check_file(render(specimen, "docx"), filename="report.docx")
    got = assert_round_trip(result, specimen)
    assert got["published_on"] == "2025-01-20"
    assert result.findings == []


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_sparse_report_with_zeros_reads_back(fmt):
    doc = specimen_document(tables=sparse_tables(), monthly={1: 3, 2: 0, 3: 8})
    result = check_file(render(doc, fmt), filename=f"report.{fmt}")
    got = assert_round_trip(result, doc)
    assert got["tables"]["proactive"]["fees"]["amount_10k_yuan"] == 0.035


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_draft_reads_back_too(fmt):
    doc = specimen_document(status_label="草稿", published_on=None, version=2, findings=[
        {"code": "x", "severity": "error", "message": "表三有误。", "location": {}}])
    result = check_file(render(doc, fmt, for_preview=True), filename=f"report.{fmt}")
    got = assert_round_trip(result, doc)
    assert got["published_on"] is None


def test_the_checker_finds_an_inconsistency_we_rendered():
    """The round trip is not vacuous: a wrong total in the input is what the checker reports."""
    tables = copy.deepcopy(specimen_tables())
    tables["applications"]["granted"]["total"] += 1
    result = check_file(render(specimen_document(tables=tables), "html"), filename="report.html")
    codes = {f.code for f in result.findings}
    assert "applications.row_total" in codes and "applications.processed_total" in codes
