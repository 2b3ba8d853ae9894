"""Each appeals action refuses the wrong actor itself, called directly (not through a view), and
takes ``today`` for its "not in the future" checks."""

from datetime import date

import pytest

from gongkai.accounts.errors import InvalidInput, NotPermitted
from gongkai.accounts.models import Role
from gongkai.appeals import actions
from gongkai.appeals.models import AppealEvent, Kind, Result
from gongkai.testing import make_user


def _record(w, actor=None, **kw):
    return actions.record_appeal(agency=w.agency, kind=Kind.RECONSIDERATION, appellant="王小二", body="测试县人民政府",
                                 filed_on=date(2024, 5, 6), actor=actor or w.officer, **kw)


def _concluded(w):
    return actions.conclude_appeal(appeal=_record(w), result=Result.UPHELD, concluded_on=date(2024, 8, 1),
                                   actor=w.officer)


CALLS = {
    "record_appeal": (lambda w: None, lambda w, t, a: _record(w, actor=a)),
    "conclude_appeal": (_record, lambda w, t, a: actions.conclude_appeal(
        appeal=t, result=Result.UPHELD, concluded_on=date(2024, 8, 1), actor=a)),
    "undo_conclusion": (_concluded, lambda w, t, a: actions.undo_conclusion(appeal=t, reason="录入错误", actor=a)),
}


@pytest.mark.parametrize("name", CALLS)
def test_it_refuses_the_wrong_actor_in_the_action(world, name):
    setup, step = CALLS[name]
    target = setup(world)
    # there is no head-only step: any staff role covering the agency records the ledger
    wrong = [world.outsider, world.officer_y, make_user("inactive_head", world.agency, Role.HEAD, is_active=False)]
    events = AppealEvent.objects.count()
    for actor in wrong:
        with pytest.raises(NotPermitted):
            step(world, target, actor)
    assert AppealEvent.objects.count() == events


def test_it_lets_the_disclosure_office_record_for_an_agency_under_it(world):
    assert _record(world, actor=world.office).created_by == world.office


def test_it_checks_future_dates_against_the_given_today(world):
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        _record(world, today=date(2024, 5, 5))
    appeal = _record(world, today=date(2024, 5, 6))
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        actions.conclude_appeal(appeal=appeal, result=Result.UPHELD, concluded_on=date(2024, 8, 1), actor=world.officer,
                                today=date(2024, 7, 31))
    actions.conclude_appeal(appeal=appeal, result=Result.UPHELD, concluded_on=date(2024, 8, 1), actor=world.officer,
                            today=date(2024, 8, 1))
    assert list(appeal.events.values_list("type", flat=True)) == [AppealEvent.Type.RECORDED, AppealEvent.Type.CONCLUDED]
