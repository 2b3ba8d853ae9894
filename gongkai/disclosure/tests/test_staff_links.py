"""Issue 14 item 8: a link shown to a role answers 200 for that role (索引号规则 for an officer,
互动设置 for the disclosure office answered 404)."""

import re

import pytest


def _links(html: str) -> set[str]:
    return {h for h in re.findall(r'href="(/staff/[^"#?]*)', html) if not h.startswith("/staff/logout")}


@pytest.mark.parametrize("who", ["officer", "head", "office", "admin"])
@pytest.mark.parametrize("page", ["/staff/", "/staff/catalog/", "/staff/feedback/dashboard/?agency=dept-x",
                                  "/staff/applications/"])
def test_every_staff_link_shown_to_a_role_answers(client, world, who, page):
    client.force_login(getattr(world, who))
    r = client.get(page)
    if r.status_code == 404:
        pytest.skip(f"{page} is not for {who}")
    assert r.status_code == 200
    bad = {}
    for href in _links(r.content.decode()):
        code = client.get(href).status_code
        if code >= 400:
            bad[href] = code
    assert bad == {}, (who, page)


def test_the_officer_sees_no_index_rule_link_and_the_office_no_feedback_settings(client, world):
    client.force_login(world.officer)
    assert "索引号规则" not in client.get("/staff/catalog/").content.decode()
    client.force_login(world.head)
    assert "索引号规则" in client.get("/staff/catalog/").content.decode()
    client.force_login(world.office)
    assert "互动设置" not in client.get("/staff/feedback/dashboard/?agency=dept-x").content.decode()
    client.force_login(world.head)
    assert "互动设置" in client.get("/staff/feedback/dashboard/?agency=dept-x").content.decode()
