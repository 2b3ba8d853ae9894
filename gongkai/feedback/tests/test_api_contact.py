"""POST /api/v1/feedback refuses a ``contact`` that is not an object (it used to become anonymous)."""

import pytest

from gongkai.feedback.models import Item


@pytest.mark.parametrize("contact", ["13800000000", 13800000000, ["张三", "13800000000"]])
def test_it_refuses_a_contact_that_is_not_an_object_in_chinese(client, world, contact):
    r = client.post("/api/v1/feedback", {"agency": "dept-x", "kind": "suggestion", "subject": "路灯不亮",
                                         "content": "人民路路灯不亮。", "contact": contact},
                    content_type="application/json")
    assert r.status_code == 400
    assert r.json()["errors"]["contact"].startswith("contact 应为对象")
    assert not Item.objects.exists()


def test_it_still_takes_a_contact_object(client, world):
    r = client.post("/api/v1/feedback", {"agency": "dept-x", "kind": "suggestion", "subject": "路灯不亮",
                                         "content": "人民路路灯不亮。", "contact": {"phone": "13800000000"}},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["query_code"]
    assert Item.objects.get().contact_phone == "13800000000"
