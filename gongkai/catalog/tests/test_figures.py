import datetime
from decimal import Decimal

from gongkai.catalog import actions
from gongkai.catalog.figures import proactive_figures
from gongkai.catalog.models import DecisionKind, DocType, StatutoryItem, Validity
from gongkai.rules.annual_format import PROACTIVE_ROWS

from .helpers import published


def rule(world, doc_type, signed, repealed=None, validity=Validity.VALID):
    return published(world, title="规范性文件", doc_type=doc_type, statutory_item=StatutoryItem.REGULATIONS,
                     validity=validity, signed_on=signed, formed_on=signed, repealed_on=repealed,
                     published_on=signed + datetime.timedelta(days=3))


def test_it_counts_rules_issued_abolished_and_in_force(world):
    d = datetime.date
    rule(world, DocType.NORMATIVE, d(2022, 6, 1))  # in force
    rule(world, DocType.NORMATIVE, d(2023, 3, 1), d(2024, 7, 1), Validity.REPEALED)  # abolished in 2024
    rule(world, DocType.NORMATIVE, d(2024, 2, 1))  # issued 2024
    rule(world, DocType.NORMATIVE, d(2024, 5, 1), validity=Validity.AMENDED)  # issued 2024, amended: in force
    rule(world, DocType.NORMATIVE, d(2024, 8, 1), d(2025, 1, 1), Validity.EXPIRED)  # in force at 2024-12-31
    withdrawn = rule(world, DocType.NORMATIVE, d(2024, 9, 1))
    actions.withdraw_item(withdrawn, actor=world.head, reason="误发")
    rule(world, DocType.NORMATIVE, d(2025, 1, 5))  # next year
    figures = proactive_figures(world.agency, 2024)
    assert figures["normative_documents"] == {"issued": 3, "abolished": 1, "in_force": 4}
    assert figures["regulations"] == {"issued": 0, "abolished": 0, "in_force": 0}


def test_it_leaves_unentered_figures_blank(world):
    figures = proactive_figures(world.agency, 2024)
    assert set(figures) == {r.key for r in PROACTIVE_ROWS}
    assert figures["licensing"] == {"decisions": None}
    assert figures["fees"] == {"amount_10k_yuan": None}


def test_it_uses_entered_figures(world):
    actions.record_yearly_figures(world.agency, 2024, actor=world.officer, data={
        "licensing": 120, "punishment": 7, "coercion": 0, "fees_10k_yuan": Decimal("3.5600")})
    figures = proactive_figures(world.agency, 2024)
    assert (figures["licensing"], figures["punishment"], figures["coercion"]) == (
        {"decisions": 120}, {"decisions": 7}, {"decisions": 0})
    assert figures["fees"]["amount_10k_yuan"] == Decimal("3.56")


def test_it_counts_decisions_from_the_catalog_when_the_agency_publishes_them_there(world):
    for day in (3, 4):
        published(world, title="行政处罚决定书", statutory_item=StatutoryItem.ENFORCEMENT,
                  decision_kind=DecisionKind.PUNISHMENT, formed_on=datetime.date(2024, 6, day),
                  published_on=datetime.date(2024, 6, 10))
    published(world, title="不动产登记许可决定", statutory_item=StatutoryItem.LICENSING,
              decision_kind=DecisionKind.LICENSING, formed_on=datetime.date(2024, 6, 3),
              published_on=datetime.date(2024, 6, 10))
    actions.record_yearly_figures(world.agency, 2024, actor=world.officer,
                                  data={"licensing": 99, "decisions_from_catalog": True})
    figures = proactive_figures(world.agency, 2024)
    assert (figures["licensing"], figures["punishment"], figures["coercion"]) == (
        {"decisions": 1}, {"decisions": 2}, {"decisions": 0})
