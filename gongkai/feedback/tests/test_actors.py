"""Every 互动 action that takes an actor refuses the wrong one itself, called directly (not through a view)."""

from datetime import date

import pytest

from gongkai.accounts.errors import NotPermitted
from gongkai.accounts.models import Role
from gongkai.feedback import actions
from gongkai.feedback.models import Channel, Event, FeedbackSettings, Kind, Question, Route
from gongkai.testing import make_user

from .helpers import submit


def _item(w):
    return submit(w.agency, consent=True)[0]


def _replied(w):
    item = _item(w)
    actions.reply_item(item, text="审批时限为二十个工作日。", actor=w.head)
    return item


def _published(w):
    item = _replied(w)
    return actions.publish_item(item, question="宅基地审批多长时间？", answer="二十个工作日。", actor=w.head)


def _survey(w):
    s = actions.create_survey(agency=w.agency, title="满意度调查", intro="", opens_on=date(2026, 11, 1),
                              closes_on=date(2026, 11, 30), actor=w.officer)
    actions.add_question(s, kind=Question.Kind.RATING, text="总体满意度", required=True, choices=[], actor=w.officer)
    return s


def _launched(w):
    return actions.launch_survey(_survey(w), actor=w.officer)


SETTINGS = {"inquiry_days": 3, "complaint_days": 10, "suggestion_days": 15, "opinion_days": 15, "criticism_days": 15,
            "remind_days": 1, "accepts_public": True}

# action → (who may: "head" (head or admin), "owner" (the owner or a head), "worker" (officer or head),
#           setup(world) → target, step(world, target, actor)); the setup uses the right people
CALLS = {
    "submit_item": ("worker", lambda w: None, lambda w, t, a: actions.submit_item(
        agency=w.agency, kind=Kind.COMPLAINT, channel=Channel.PHONE, subject="违建", content="某小区违建。",
        contact=None, publish_consent=False, actor=a)),
    "assign_item": ("head", _item, lambda w, t, a: actions.assign_item(t, owner=w.officer, actor=a)),
    "reply_item": ("owner", _item, lambda w, t, a: actions.reply_item(t, text="已转交。", actor=a)),
    "reopen_item": ("head", _replied, lambda w, t, a: actions.reopen_item(t, actor=a)),
    "close_item": ("head", _item, lambda w, t, a: actions.close_item(t, reason="重复来件", actor=a)),
    "publish_item": ("owner", _replied, lambda w, t, a: actions.publish_item(t, question="问", answer="答", actor=a)),
    "unpublish_item": ("owner", _published, lambda w, t, a: actions.unpublish_item(t, actor=a)),
    "save_settings": ("head", lambda w: None, lambda w, t, a: actions.save_settings(
        w.agency, values=SETTINGS, routes={Kind.INQUIRY: w.officer}, actor=a)),
    "create_survey": ("worker", lambda w: None, lambda w, t, a: actions.create_survey(
        agency=w.agency, title="调查", intro="", opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 30), actor=a)),
    "update_survey": ("worker", _survey, lambda w, t, a: actions.update_survey(
        t, title="改名", intro="", opens_on=t.opens_on, closes_on=t.closes_on, results_public=True, actor=a)),
    "add_question": ("worker", _survey, lambda w, t, a: actions.add_question(
        t, kind=Question.Kind.TEXT, text="建议", required=False, choices=[], actor=a)),
    "remove_question": ("worker", lambda w: _survey(w).questions.get(),
                        lambda w, t, a: actions.remove_question(t, actor=a)),
    "launch_survey": ("worker", _survey, lambda w, t, a: actions.launch_survey(t, actor=a)),
    "close_survey": ("worker", _launched, lambda w, t, a: actions.close_survey(t, actor=a, on=date(2026, 11, 10))),
}


def _state():
    return (Event.objects.count(), list(FeedbackSettings.objects.values_list("inquiry_days", flat=True)),
            Route.objects.count(), sorted(Question.objects.values_list("pk", "text")))


@pytest.mark.parametrize("name", CALLS)
def test_it_refuses_the_wrong_actor_in_the_action(people, name):
    w = people
    may, setup, step = CALLS[name]
    target = setup(w)
    wrong = {"public": w.outsider, "other agency": w.officer_y, "disclosure office": w.office,
             "inactive": make_user("inactive_head", w.agency, Role.HEAD, is_active=False)}
    if may in ("head", "owner"):
        wrong["an officer who is not the owner" if may == "owner" else "officer for a head's step"] = w.officer
    before = _state()
    for label, actor in wrong.items():
        with pytest.raises(NotPermitted):
            step(w, target, actor)
    assert _state() == before  # nothing was half-done
    assert len(wrong) == (5 if may != "worker" else 4)
