"""complete_tables: the totals of tables 三 and 四 filled from the leaf cells (sums done by hand)."""

from gongkai.rules import annual_format as af


def leaves():
    apps = {r: dict.fromkeys(af.APPLICANT_TYPES, 0)
            for r in ("new_received", "carried_in", *af.OUTCOME_KEYS, "carried_out")}
    apps["new_received"].update(natural_person=3, commercial_enterprise=2)
    apps["carried_in"]["natural_person"] = 1
    apps["granted"]["natural_person"] = 2
    apps["denied_state_secret"]["commercial_enterprise"] = 1
    apps["other_fee_unpaid"]["natural_person"] = 1
    apps["carried_out"].update(natural_person=1, commercial_enterprise=1)
    appeals = {r.key: dict.fromkeys(af.APPEAL_RESULTS, 0) for r in af.APPEALS_ROWS}
    appeals["reconsideration"].update(upheld=2, corrected=1, pending=1)
    appeals["litigation_direct"]["other"] = 1
    return {"proactive": {"fees": {"amount_10k_yuan": None}}, "applications": apps, "appeals": appeals}


def test_it_fills_the_processed_total_row_and_the_total_column_of_table_three():
    t = af.complete_tables(leaves())["applications"]
    # natural person: granted 2 + fee unpaid 1 = 3; enterprise: state secret 1
    assert t["processed_total"] == {"natural_person": 3, "commercial_enterprise": 1, "research_institution": 0,
                                    "social_welfare_org": 0, "legal_service_org": 0, "other_org": 0, "total": 4}
    assert t["new_received"]["total"] == 5 and t["carried_in"]["total"] == 1 and t["carried_out"]["total"] == 2
    assert t["granted"]["total"] == 2 and t["rejected_petition"]["total"] == 0
    assert list(t) == [r.key for r in af.APPLICATION_ROWS]


def test_it_fills_the_totals_of_table_four_and_passes_table_two_through():
    tables = af.complete_tables(leaves())
    assert tables["appeals"]["reconsideration"] == {"upheld": 2, "corrected": 1, "other": 0, "pending": 1, "total": 4}
    assert tables["appeals"]["litigation_direct"]["total"] == 1
    assert tables["appeals"]["litigation_after_reconsideration"]["total"] == 0
    assert tables["proactive"] == {"fees": {"amount_10k_yuan": None}}


def test_the_completed_tables_pass_every_identity():
    # 5 new + 1 carried in = 4 processed + 2 carried out, column by column: 3+1 = 3+1, 2+0 = 1+1
    findings = af.check_tables(af.complete_tables(leaves()))
    assert [f for f in findings if f.severity == af.ERROR] == []


def test_it_leaves_a_missing_table_missing_and_does_not_touch_its_input():
    raw = {"appeals": {r.key: dict.fromkeys(af.APPEAL_RESULTS, 1) for r in af.APPEALS_ROWS}}
    out = af.complete_tables(raw)
    assert set(out) == {"appeals"} and out["appeals"]["reconsideration"]["total"] == 4
    assert "total" not in raw["appeals"]["reconsideration"]
