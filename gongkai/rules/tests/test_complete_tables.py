"""complete_tables fills the derived cells of tables 三 and 四 (hand-checked sums)."""

from gongkai.rules.annual_format import check_tables, complete_tables, empty_tables


def test_it_fills_table_three_totals_and_table_four_row_totals():
    t = empty_tables(0)
    apps = t["applications"]
    apps["new_received"].update(natural_person=7, commercial_enterprise=2)
    apps["granted"].update(natural_person=4, other_org=1)
    apps["denied_state_secret"]["natural_person"] = 2
    apps["carried_out"]["commercial_enterprise"] = 2
    apps["carried_out"]["natural_person"] = 1
    apps["processed_total"]["natural_person"] = 999  # overwritten
    t["appeals"]["reconsideration"].update(upheld=9, other=1)
    t["appeals"]["litigation_direct"]["pending"] = 1
    complete_tables(t)
    assert apps["processed_total"]["natural_person"] == 6  # 4 granted + 2 denied
    assert apps["processed_total"]["other_org"] == 1
    assert apps["processed_total"]["total"] == 7
    assert apps["new_received"]["total"] == 9
    assert apps["carried_out"]["total"] == 3
    assert t["appeals"]["reconsideration"]["total"] == 10
    assert t["appeals"]["litigation_direct"]["total"] == 1
    assert t["appeals"]["litigation_after_reconsideration"]["total"] == 0
    codes = {f.code for f in check_tables(t)}
    assert not {"applications.row_total", "applications.processed_total", "appeals.row_total"} & codes


def test_it_leaves_a_missing_table_alone():
    t = {"appeals": {"reconsideration": {"upheld": 1, "corrected": 2, "other": 0, "pending": 3, "total": 0}}}
    assert complete_tables(t) == {"appeals": {"reconsideration": {"upheld": 1, "corrected": 2, "other": 0,
                                                                  "pending": 3, "total": 6}}}
