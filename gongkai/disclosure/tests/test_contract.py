"""The action contract of disclosure, releases and documents, tested on the actions themselves (not
through a view): each refuses the wrong actor, and the step/status table is the one the guard and
the case page's guidance both read."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.utils import timezone

from gongkai.accounts.errors import ActionError, NotAllowedNow, NotPermitted
from gongkai.disclosure import actions, permissions, releases, steps
from gongkai.disclosure.models import Application, Release, Status
from gongkai.documents import actions as documents_actions
from gongkai.documents.kinds import LetterKind, Remedy

from .factories import fields, registered

D = date


def _release(world):
    app = registered(world)
    upload = SimpleUploadedFile("a.txt", "联系电话13912345678。".encode())
    return releases.upload(app, actor=world.officer, title="附件", upload=upload)


ON = D(2025, 1, 21)
#: every action, called with the actor under test (arguments valid for an officer of agency X)
ACTIONS = {
    "register_application": lambda w, a: actions.register_application(
        agency=w.agency, fields=fields(), channel="in_person", received_on=ON, actor=a),
    "confirm_receipt": lambda w, a: actions.confirm_receipt(registered(w), actor=a, on=ON),
    "assign_officer": lambda w, a: actions.assign_officer(registered(w), actor=a, officer=w.officer),
    "request_correction": lambda w, a: actions.request_correction(registered(w), actor=a, on=ON, items="写明年份",
                                                                  deadline=ON + timedelta(days=15)),
    "receive_correction": lambda w, a: actions.receive_correction(registered(w), actor=a, on=ON),
    "correction_lapsed": lambda w, a: actions.correction_lapsed(registered(w), actor=a, on=ON),
    "start_consultation": lambda w, a: actions.start_consultation(registered(w), actor=a, on=ON, party="third_party",
                                                                  name="某公司"),
    "end_consultation": lambda w, a: actions.end_consultation(registered(w), actor=a, on=ON),
    "record_delivery": lambda w, a: actions.record_delivery(registered(w), actor=a, on=ON, letter="consultation",
                                                            via="post"),
    "request_extension": lambda w, a: actions.request_extension(registered(w), actor=a, on=ON, working_days=5,
                                                                reason="档案多"),
    "extend": lambda w, a: actions.extend(registered(w), actor=a, on=ON, working_days=5, reason="档案多"),
    "refuse_extension": lambda w, a: actions.refuse_extension(registered(w), actor=a, on=ON, reason="不需要"),
    "fee_notice": lambda w, a: actions.fee_notice(registered(w), actor=a, on=ON, method="per_volume", pages=100),
    "fee_paid": lambda w, a: actions.fee_paid(registered(w), actor=a, on=ON),
    "fee_lapsed": lambda w, a: actions.fee_lapsed(registered(w), actor=a, on=ON),
    "set_delayed_reply_date": lambda w, a: actions.set_delayed_reply_date(registered(w), actor=a, on=ON,
                                                                          reply_by=ON + timedelta(days=60), reason="多"),
    "decide": lambda w, a: actions.decide(registered(w), actor=a, on=ON, outcome="granted", released=["x"]),
    "withdraw": lambda w, a: actions.withdraw(registered(w), actor=a, on=ON),
    "reopen": lambda w, a: actions.reopen(registered(w), actor=a, on=ON, reason="复议决定"),
    "releases.upload": lambda w, a: releases.upload(registered(w), actor=a, title="附件",
                                                    upload=SimpleUploadedFile("a.txt", b"13912345678")),
    "releases.confirm": lambda w, a: releases.confirm(_release(w), actor=a, chosen=["0"]),
    "documents.save_letter_template": lambda w, a: documents_actions.save_letter_template(
        w.agency, LetterKind.CORRECTION, "", actor=a, title="补正", body="请补正。", remedy=Remedy.NONE),
    "documents.reset_letter_template": lambda w, a: documents_actions.reset_letter_template(
        w.agency, LetterKind.CORRECTION, "", actor=a),
    "documents.set_number_pattern": lambda w, a: documents_actions.set_number_pattern(
        w.agency, LetterKind.CORRECTION, actor=a, pattern="测补〔{年}〕{序号}号"),
}
#: the actions only a head (or an admin) may take: an officer of the agency is refused too
HEAD_ONLY = {"extend", "refuse_extension", "documents.save_letter_template", "documents.reset_letter_template",
             "documents.set_number_pattern"}
WRONG = ["nobody", "outsider", "officer_y", "office"]  # no one; a public user; another agency; the office only looks


@pytest.mark.parametrize(("name", "who"), [(name, who) for name in sorted(ACTIONS)
                                           for who in WRONG + ["officer"] * (name in HEAD_ONLY)])
def test_every_action_refuses_the_wrong_actor(world, name, who):
    actor = None if who == "nobody" else getattr(world, who)
    with pytest.raises(NotPermitted):
        ACTIONS[name](world, actor)


def test_an_officer_may_not_assign_a_case_to_someone_else(world):
    app = registered(world)
    with pytest.raises(NotPermitted, match="只有负责人"):
        actions.assign_officer(app, actor=world.officer, officer=world.head)
    assert actions.assign_officer(app, actor=world.head, officer=world.officer).officer == world.officer


#: a valid form for each step on the case page (the date is filled in by the test)
STEP_DATA = {
    "confirm_receipt": {}, "receive_correction": {}, "correction_lapsed": {}, "end_consultation": {},
    "fee_paid": {}, "fee_lapsed": {}, "withdraw": {},
    "request_correction": {"items": "写明年份", "deadline": "2099-01-01"},
    "start_consultation": {"party": "third_party", "name": "某公司"},
    "record_delivery": {"letter": "consultation", "via": "post"},
    "request_extension": {"working_days": "5", "reason": "档案多"},
    "extend": {"working_days": "5", "reason": "档案多"},
    "refuse_extension": {"reason": "不需要延期"},
    "fee_notice": {"method": "per_volume", "pages": "100"},
    "set_delayed_reply_date": {"reply_by": "2099-01-01", "reason": "数量多"},
    "decide": {"outcome": "granted", "released": "x"},
    "reopen": {"reason": "复议决定"},
    "record_provision": {"provided_by": "pickup"},
}


def test_the_guidance_offers_a_step_exactly_where_the_actions_allow_it():
    assert set(STEP_DATA) == set(steps.STEPS)
    for step in steps.STEPS:
        for status in Status.values:
            assert (step in steps.BY_STATUS[status]) == (status in actions.ALLOWED_IN[step]), (step, status)
    # spot checks against the law, by hand: 补正 only while in progress (第三十条); 延期 while the
    # clock runs or is paused (第三十三条); 重新办理 only after a reply
    assert steps.BY_STATUS[Status.AWAITING_PAYMENT] == ("record_delivery", "fee_paid", "fee_lapsed",
                                                        "request_extension", "extend", "refuse_extension", "withdraw")
    assert steps.BY_STATUS[Status.CLOSED] == ("reopen", "record_provision")  # 第四十条: hand the information over
    assert steps.BY_STATUS[Status.SUBMITTED] == ("confirm_receipt", "withdraw")


@pytest.mark.parametrize("status", Status.values)
def test_the_status_guard_refuses_exactly_the_steps_the_table_does_not_allow(world, status):
    today = timezone.localdate()
    for step in steps.STEPS:
        if status == Status.SUBMITTED:  # a letter not yet confirmed: really waiting
            app = actions.register_application(agency=world.agency, fields=fields(), channel="post",
                                               received_on=None, submitted_on=today, actor=world.officer).application
        elif status == Status.CLOSED:  # really answered
            app = actions.decide(registered(world, received_on=today), actor=world.head, on=today, outcome="granted",
                                 released=["x"])
        else:  # the status alone (the guard reads nothing else)
            app = registered(world, received_on=today)
            Application.objects.filter(pk=app.pk).update(status=status)
            app.refresh_from_db()
        message = ""
        try:
            steps.run(app, actor=world.head, step=step, data={"date": today.isoformat(), **STEP_DATA[step]})
        except NotAllowedNow as e:
            message = e.message
        except ActionError:  # another rule of the step (a date, a missing field): not the status guard
            pass
        if status in actions.ALLOWED_IN[step]:
            assert not message.startswith("申请当前状态为"), (step, status, message)
        else:
            assert message, (step, status)


def test_confirming_a_release_locks_the_application_and_uses_the_full_legal_basis(world, monkeypatch):
    release = _release(world)
    locked = []
    real_lock = actions._lock
    monkeypatch.setattr(releases, "_lock", lambda app: locked.append(app.pk) or real_lock(app))
    release = releases.confirm(release, actor=world.officer, chosen=["0"], extra_text="联系电话")
    assert locked == [release.application_id]
    assert release.state == Release.State.RELEASED
    assert {e["basis"] for e in release.log} == {"《中华人民共和国政府信息公开条例》第十五条（个人隐私）"}
    assert "13912345678" not in release.released_text


@pytest.mark.parametrize("url", ["/api/v1/staff/applications/{n}", "/api/v1/applications/{n}?query_code=x"])
def test_a_database_error_in_the_lookup_is_not_answered_as_not_found(world, client, monkeypatch, url):
    app = registered(world)

    def broken(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(permissions, "get_case", broken)
    monkeypatch.setattr(permissions, "get_for_applicant", broken)
    with pytest.raises(DatabaseError):
        client.get(url.format(n=app.number), HTTP_AUTHORIZATION=f"Bearer {world.token(world.officer)}")


def test_the_permissions_module_names_who_registers(world):
    assert set(permissions.registering_agencies(world.officer)) == {world.agency}
    assert not permissions.registering_agencies(world.office).exists()  # the office looks, does not handle
    assert not permissions.registering_agencies(world.outsider).exists()
