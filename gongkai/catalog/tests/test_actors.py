"""Every catalogue action refuses the wrong actor itself, called directly (not through a view)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.accounts.errors import NotPermitted
from gongkai.accounts.models import Role
from gongkai.catalog import actions
from gongkai.catalog.models import ItemEvent
from gongkai.testing import make_user

from .helpers import draft, published

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf():
    return SimpleUploadedFile("通知.pdf", PDF)


def _submitted(w):
    return actions.submit_item(draft(w), actor=w.officer)


# action name → (needs a head?, setup(world) → target, step(world, target, actor)); the setup uses the right people
CALLS = {
    "create_item": (False, lambda w: None, lambda w, t, a: draft(w, actor=a)),
    "update_item": (False, draft, lambda w, t, a: actions.update_item(t, data={"title": "新标题的通知"}, actor=a)),
    "confirm_screen_hits": (False, lambda w: draft(w, summary="联系电话13912345678"),
                            lambda w, t, a: actions.confirm_screen_hits(t, texts=["13912345678"], actor=a)),
    "add_attachment": (False, draft, lambda w, t, a: actions.add_attachment(t, upload=_pdf(), actor=a)),
    "remove_attachment": (False, lambda w: actions.add_attachment(draft(w), upload=_pdf(), actor=w.officer),
                          lambda w, t, a: actions.remove_attachment(t, actor=a)),
    "submit_item": (False, draft, lambda w, t, a: actions.submit_item(t, actor=a)),
    "return_item": (True, _submitted, lambda w, t, a: actions.return_item(t, actor=a, note="请补充依据")),
    "publish_item": (True, _submitted, lambda w, t, a: actions.publish_item(
        t, actor=a, published_on=datetime.date(2025, 3, 10), backfill=True)),
    "revise_item": (True, published, lambda w, t, a: actions.revise_item(t, data={}, actor=a, reason="更正文字")),
    "withdraw_item": (True, published, lambda w, t, a: actions.withdraw_item(t, actor=a, reason="内容有误")),
    "save_catalog_settings": (True, lambda w: None, lambda w, t, a: actions.save_catalog_settings(
        w.agency, index_pattern="{org}/{year}-{seq:5}", actor=a)),
    "add_search_term": (False, lambda w: None, lambda w, t, a: actions.add_search_term(w.agency, term="宅基地", actor=a)),
    "remove_search_term": (False, lambda w: actions.add_search_term(w.agency, term="宅基地", actor=w.officer),
                           lambda w, t, a: actions.remove_search_term(t, actor=a)),
    "add_synonym_group": (False, lambda w: None,
                          lambda w, t, a: actions.add_synonym_group(w.agency, words="低保 最低生活保障", actor=a)),
    "remove_synonym_group": (False, lambda w: actions.add_synonym_group(w.agency, words="低保 最低生活保障",
                                                                        actor=w.officer),
                             lambda w, t, a: actions.remove_synonym_group(t, actor=a)),
    "record_yearly_figures": (False, lambda w: None, lambda w, t, a: actions.record_yearly_figures(
        w.agency, 2024, data={"licensing": 3}, actor=a)),
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("name", CALLS)
def test_it_refuses_the_wrong_actor_in_the_action(world, name):
    needs_head, setup, step = CALLS[name]
    target = setup(world)
    wrong = {"public": world.outsider, "other agency": world.officer_y, "disclosure office": world.office,
             "inactive": make_user("inactive_head", world.agency, Role.HEAD, is_active=False)}
    if needs_head:
        wrong["officer for a head's step"] = world.officer
    events = ItemEvent.objects.count()
    refused = []
    for label, actor in wrong.items():
        with pytest.raises(NotPermitted):
            step(world, target, actor)
        refused.append(label)
    assert len(refused) == (5 if needs_head else 4)
    assert ItemEvent.objects.count() == events  # nothing was half-done
