from datetime import date

from gongkai.accounts import demo as accounts_demo
from gongkai.disclosure import demo
from gongkai.disclosure.models import Application, Handling, Status
from gongkai.rules.outcomes import OUTCOMES


def test_it_loads_a_realistic_year_through_the_actions_once(db):
    accounts_demo.load()
    demo.load()
    apps = Application.objects.filter(agency__code="huzhu-zrj")
    total = apps.count()
    assert 50 <= total <= 60
    demo.load()
    assert apps.count() == total  # idempotent

    assert set(apps.values_list("channel", flat=True)) == {"in_person", "post", "ordinary_mail", "online", "fax"}
    assert len(set(apps.values_list("applicant_type", flat=True))) == 6
    assert set(OUTCOMES) <= set(Handling.objects.exclude(outcome=None).values_list("outcome", flat=True))
    for year in (2024, 2025):
        t = Handling.objects.for_agencies(apps.values("agency")).table_three(year)
        for col in ("natural_person", "commercial_enterprise", "other_org"):
            decided = sum(t[k][col] for k in OUTCOMES)
            assert t["new_received"][col] + t["carried_in"][col] == decided + t["carried_out"][col]
    t24 = Handling.objects.table_three(2024)
    assert sum(t24["carried_in"].values()) == 3 and sum(t24["carried_out"].values()) == 3
    assert sum(Handling.objects.table_three(2025)["carried_in"].values()) == 3
    open_2026 = apps.filter(year=2026).exclude(status=Status.CLOSED)
    assert open_2026.count() == 10
    assert {s for s in open_2026.values_list("status", flat=True)} == {
        "submitted", "in_progress", "in_consultation", "awaiting_correction", "awaiting_payment"}
    assert apps.overdue(on=date(2026, 11, 28)).exists() and apps.extension_pending().exists()
