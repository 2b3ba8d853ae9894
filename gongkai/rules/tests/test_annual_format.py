"""The project's format definitions held to shared/spec/annual-report-2021.json, and the checks.

Expected numbers are hand-worked from domain.md §2.6 (the 上海市人民政府办公厅2019 example:
total column 一 859 + 二 18 = 877 = （七）805 + 四 72).
"""

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.rules import annual_format as af

REPO = Path(__file__).resolve().parents[3]


def _spec_path() -> Path | None:
    candidates = [os.environ.get("GONGKAI_SHARED_DIR"), REPO.parent / "shared", Path("/work/shared")]
    for c in candidates:
        if c and (Path(c) / "spec" / "annual-report-2021.json").exists():
            return Path(c) / "spec" / "annual-report-2021.json"
    return None


@pytest.fixture(scope="module")
def spec():
    path = _spec_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI 中必须能找到 shared/spec/annual-report-2021.json")
        pytest.skip("shared/spec not beside the checkout")
    return json.loads(path.read_text(encoding="utf-8"))


def test_it_has_the_spec_sections(spec):
    assert [(s.key, s.number, s.title) for s in af.SECTIONS] == [
        (s["key"], s["number"], s["title"]) for s in spec["sections"]]


def test_it_has_the_spec_proactive_table(spec):
    t = spec["tables"]["proactive"]
    assert af.PROACTIVE_LABEL == t["label"]
    assert [(r.key, r.label, r.article, list(r.columns)) for r in af.PROACTIVE_ROWS] == [
        (r["key"], r["label"], r["article"], r["columns"]) for r in t["rows"]]
    assert af.PROACTIVE_COLUMN_LABELS == t["column_labels"]


def test_it_has_the_spec_applications_table(spec):
    t = spec["tables"]["applications"]
    assert af.APPLICATIONS_LABEL == t["label"]
    assert [(c.key, c.label, c.group) for c in af.APPLICATION_COLUMNS] == [
        (c["key"], c["label"], c.get("group")) for c in t["columns"]]
    assert [(r.key, r.label, r.group) for r in af.APPLICATION_ROWS] == [
        (r["key"], r["label"], r.get("group")) for r in t["rows"]]


def test_it_has_the_spec_appeals_table(spec):
    t = spec["tables"]["appeals"]
    assert af.APPEALS_LABEL == t["label"]
    assert [(r.key, r.label) for r in af.APPEALS_ROWS] == [(r["key"], r["label"]) for r in t["rows"]]
    assert [(c.key, c.label) for c in af.APPEALS_COLUMNS] == [(c["key"], c["label"]) for c in t["columns"]]


def test_it_knows_every_spec_identity(spec):
    assert [code for code, _ in af.IDENTITIES] == [i["code"] for i in spec["identities"]]


def test_it_counts_the_cells():
    # domain.md: table 二 has 10 numeric cells, table 三 25 rows × 7 = 175, table 四 15.
    assert len(af.table_cells("proactive")) == 10
    assert len(af.table_cells("applications")) == 175
    assert len(af.table_cells("appeals")) == 15
    assert len(af.OUTCOME_KEYS) == 21


def _shanghai_total_column():
    """Only the total and natural-person columns filled, as in the 2019 Shanghai example."""
    t = af.empty_tables(0)
    apps = t["applications"]
    apps["new_received"].update(natural_person=821, commercial_enterprise=38, total=859)
    apps["carried_in"].update(natural_person=18, total=18)
    apps["granted"].update(natural_person=767, commercial_enterprise=38, total=805)
    apps["processed_total"].update(natural_person=767, commercial_enterprise=38, total=805)
    apps["carried_out"].update(natural_person=72, total=72)
    return t


def test_it_accepts_a_consistent_table():
    assert af.check_tables(_shanghai_total_column()) == []


def test_it_reports_a_broken_balance_with_its_numbers():
    t = _shanghai_total_column()
    t["applications"]["carried_out"]["total"] = 70
    t["applications"]["carried_out"]["natural_person"] = 70
    codes = {(f.code, f.location.get("column")) for f in af.check_tables(t)}
    assert ("applications.balance", "total") in codes
    assert ("applications.balance", "natural_person") in codes
    msg = next(f.message for f in af.check_tables(t)
               if f.code == "applications.balance" and f.location["column"] == "total")
    # 859 + 18 = 877 ≠ 805 + 70 = 875
    assert "859＋18＝877" in msg and "805＋70＝875" in msg


def test_it_reports_a_row_total_that_does_not_add_up():
    t = _shanghai_total_column()
    t["applications"]["new_received"]["total"] = 860
    f = [f for f in af.check_tables(t) if f.code == "applications.row_total"]
    assert len(f) == 1 and f[0].location["row"] == "new_received"
    assert f[0].severity == af.ERROR


def test_it_never_treats_a_blank_as_zero():
    t = _shanghai_total_column()
    t["applications"]["granted"]["total"] = None  # the real defect of the Shanghai 2019 report
    findings = af.check_tables(t)
    assert not af.has_errors(findings)
    assert {"applications.row_total.not_assessable",
            "applications.processed_total.not_assessable"} <= {f.code for f in findings}


def test_it_checks_the_appeals_totals():
    t = af.empty_tables(0)
    t["appeals"]["reconsideration"].update(upheld=9, other=1, total=10)
    assert af.check_tables(t) == []
    t["appeals"]["reconsideration"]["total"] = 11
    assert [f.code for f in af.check_tables(t)] == ["appeals.row_total"]


def test_it_rejects_negative_and_fractional_counts_but_not_a_fee_in_wan_yuan():
    t = af.empty_tables(0)
    t["proactive"]["fees"]["amount_10k_yuan"] = Decimal("1.25")
    t["proactive"]["licensing"]["decisions"] = -1
    t["appeals"]["reconsideration"]["upheld"] = 1.5
    codes = sorted(f.code for f in af.check_values(t))
    assert codes == ["cell.negative", "cell.not_integer"]


def test_it_follows_the_carry_chain():
    last = af.empty_tables(0)
    last["applications"]["carried_out"].update(natural_person=3, total=3)
    this = af.empty_tables(0)
    this["applications"]["carried_in"].update(natural_person=2, total=2)
    this["applications"]["processed_total"].update(natural_person=2, total=2)
    this["applications"]["granted"].update(natural_person=2, total=2)
    findings = af.check_tables(this, previous=last)
    assert [(f.code, f.location["column"]) for f in findings] == [
        ("carry_chain", "natural_person"), ("carry_chain", "total")]


def test_it_follows_the_in_force_chain_of_table_two():
    last = af.empty_tables(0)
    last["proactive"]["normative_documents"]["in_force"] = 12
    this = af.empty_tables(0)
    this["proactive"]["normative_documents"].update(issued=3, abolished=1, in_force=14)  # 12+3−1 = 14
    assert af.check_continuity(this, last) == []
    this["proactive"]["normative_documents"]["in_force"] = 15
    assert [f.code for f in af.check_continuity(this, last)] == ["proactive.in_force_chain"]
