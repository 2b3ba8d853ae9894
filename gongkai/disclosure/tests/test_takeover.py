"""Taking over a colleague's case (issue 15 item 12): the new case officer sees the applicant's full
identity details, so an officer needs the head or a written reason, kept in the case's history."""

import pytest

from gongkai.accounts.errors import InvalidInput, NotPermitted
from gongkai.accounts.models import Role
from gongkai.disclosure import actions
from gongkai.disclosure.models import EventType
from gongkai.testing import make_user

from .factories import registered


@pytest.fixture
def colleague(world):
    return make_user("officer2", world.agency, Role.OFFICER, display_name="王芳")


@pytest.fixture
def assigned(world):
    app = registered(world)
    return actions.assign_officer(app, actor=world.officer, officer=world.officer)  # 李明 takes it


def _last_assignment(app):
    return app.events.filter(type=EventType.OFFICER_ASSIGNED).latest("pk")


def test_an_officer_cannot_take_over_a_colleagues_case_without_a_reason(world, colleague, assigned):
    with pytest.raises(NotPermitted, match="该申请由李明办理，接手同事的申请须由负责人指定，或写明接手理由。"):
        actions.assign_officer(assigned, actor=colleague, officer=colleague)
    with pytest.raises(NotPermitted):
        actions.assign_officer(assigned, actor=colleague, officer=colleague, reason="　 ")
    assigned.refresh_from_db()
    assert assigned.officer == world.officer
    assert assigned.events.filter(type=EventType.OFFICER_ASSIGNED).count() == 1


def test_an_officer_takes_over_with_a_reason_kept_in_the_history(world, colleague, assigned):
    app = actions.assign_officer(assigned, actor=colleague, officer=colleague, reason="李明休假，申请人催办")
    assert app.officer == colleague
    event = _last_assignment(app)
    assert event.actor == colleague
    assert event.details == [("经办人", "王芳"), ("原经办人", "李明"), ("理由", "李明休假，申请人催办")]
    with pytest.raises(InvalidInput, match="理由不能超过500字"):
        actions.assign_officer(app, actor=world.officer, officer=world.officer, reason="因" * 501)


def test_the_head_reassigns_without_a_reason_and_unassigned_cases_are_claimed_freely(world, colleague, assigned):
    app = actions.assign_officer(assigned, actor=world.head, officer=colleague)
    assert app.officer == colleague and _last_assignment(app).details == [("经办人", "王芳"), ("原经办人", "李明")]
    fresh = registered(world)
    assert actions.assign_officer(fresh, actor=colleague, officer=colleague).officer == colleague
    assert actions.assign_officer(app, actor=colleague, officer=colleague).officer == colleague  # his own already


def test_the_case_page_refuses_a_takeover_without_a_reason_and_shows_the_reason(client, world, colleague, assigned):
    client.force_login(colleague)
    url = f"/staff/applications/{assigned.number}/"
    page = client.post(url + "assign/", {"officer": colleague.pk}, follow=True).content.decode()
    assert "该申请由李明办理，接手同事的申请须由负责人指定，或写明接手理由。" in page
    assigned.refresh_from_db()
    assert assigned.officer == world.officer
    r = client.post(url + "assign/", {"officer": colleague.pk, "reason": "李明休假，申请人催办"})
    assert r.status_code == 302
    assigned.refresh_from_db()
    assert assigned.officer == colleague
    history = client.get(url).content.decode()
    assert "原经办人" in history and "李明休假，申请人催办" in history


def test_the_api_takes_the_reason_too(client, world, colleague, assigned):
    headers = {"Authorization": f"Bearer {world.token(colleague)}"}
    url = f"/api/v1/staff/applications/{assigned.number}/events"
    r = client.post(url, {"type": "assign_officer", "officer": "officer2"}, content_type="application/json", headers=headers)
    assert r.status_code == 403 and "接手同事的申请须由负责人指定" in r.json()["detail"]
    r = client.post(url, {"type": "assign_officer", "officer": "officer2", "reason": "李明休假"},
                    content_type="application/json", headers=headers)
    assert r.status_code == 200
    assert _last_assignment(assigned).data["reason"] == "李明休假"
