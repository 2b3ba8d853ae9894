from datetime import date

from gongkai.accounts import demo as accounts_demo
from gongkai.disclosure import demo
from gongkai.disclosure.models import Application, Handling, Letter, Status
from gongkai.documents import demo as documents_demo
from gongkai.rules.outcomes import OUTCOMES


def test_it_loads_a_realistic_year_through_the_actions_once(db):
    accounts_demo.load()
    documents_demo.load()
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

    # D1: every letter is the real one — composed from the agency's template with its demo 文号
    # pattern and rendered (conftest.py stands in for the slow renderer) — never a text stub
    letters = Letter.objects.filter(application__agency__code="huzhu-zrj")
    assert letters.count() > 100
    for letter in letters:
        assert letter.docx and letter.pdf, letter.number
        assert "{'" not in letter.text and "互助县自然资源局" in letter.text, letter.text
        assert letter.number.startswith("互自然资公") and letter.number.endswith("号"), letter.number
    first = letters.get(application__number="huzhu-zrj-2023-00001", kind="acknowledgement")
    assert first.number == "互自然资公依〔2023〕1号" and first.title == "政府信息公开申请接收回执"
