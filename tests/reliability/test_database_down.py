"""The database goes away in the middle of a request: a 503 page in Chinese (JSON under /api/),
``Retry-After``, and nothing half-written (gongkai.portal.middleware.DatabaseUnavailableMiddleware)."""

from __future__ import annotations

import contextlib
import json

import pytest
from django.db import InterfaceError, OperationalError, connection

from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401 - autouse: fast letter PDFs
from gongkai.disclosure.tests.factories import fields


@contextlib.contextmanager
def database_dies_at(table: str, error=OperationalError):
    """Every statement that writes ``table`` fails as if the server had gone away — after the
    statements before it in the same request (the application row, its number) succeeded."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        if sql.startswith(("INSERT", "UPDATE")) and f'"{table}"' in sql.split("(")[0]:
            raise error("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def assert_chinese_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "数据库暂时无法连接" in text and "没有保存任何内容" in text
    return text


@pytest.mark.django_db
def test_it_shows_a_503_page_and_keeps_nothing_of_an_application(client, world):
    from gongkai.disclosure.models import Application, ApplicationCounter, ApplicationEvent

    with database_dies_at("disclosure_applicationevent") as seen:
        r = client.post("/agencies/dept-x/apply/", fields(content="请公开2024年本村宅基地审批结果。"))
    assert any('"disclosure_application"' in sql and sql.startswith("INSERT") for sql in seen)  # it got that far
    page = assert_chinese_503(r)
    assert "<h1>系统暂时无法访问</h1>" in page and 'lang="zh-Hans"' in page
    assert r["Content-Security-Policy"] and r["X-Frame-Options"] == "DENY"  # still a page of the site
    assert not Application.objects.exists() and not ApplicationEvent.objects.exists()
    assert ApplicationCounter.objects.filter(last__gt=0).count() == 0  # the number was not used up

    r = client.post("/agencies/dept-x/apply/", fields(content="请公开2024年本村宅基地审批结果。"))
    assert r.status_code == 302  # back: the next submission works and gets the first number
    assert Application.objects.get().number.endswith("-00001")


@pytest.mark.django_db
def test_it_answers_the_api_with_json_503(client, world):
    from gongkai.disclosure.models import Application

    with database_dies_at("disclosure_applicationevent", InterfaceError):
        r = client.post("/api/v1/applications", json.dumps({"agency": "dept-x", **fields()}),
                        content_type="application/json")
    assert r.status_code == 503 and r["Retry-After"] == "120"
    assert r.json()["detail"].startswith("数据库暂时无法连接")
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_it_keeps_nothing_of_a_feedback_item_or_a_staff_step(client, world):
    from datetime import date

    from gongkai.disclosure.models import Application
    from gongkai.disclosure.tests.factories import registered
    from gongkai.feedback.models import Item

    with database_dies_at("feedback_event"):
        r = client.post("/agencies/dept-x/feedback/", {
            "kind": "inquiry", "subject": "咨询", "content": "请问宅基地审批需要多长时间？", "contact_name": "张三",
            "contact_phone": "13800000000"})
    assert_chinese_503(r)
    assert not Item.objects.exists()

    app = registered(world, date(2025, 1, 20))
    client.force_login(world.officer)
    with database_dies_at("disclosure_applicationevent"):
        r = client.post(f"/staff/applications/{app.number}/steps/start_consultation/", {
            "start_consultation-date": "2025-01-21", "start_consultation-party": "third_party",
            "start_consultation-name": "甲公司"})
    assert_chinese_503(r)
    app = Application.objects.get(pk=app.pk)
    assert app.status == "in_progress" and not app.events.filter(type="consultation_started").exists()


@pytest.mark.django_db
def test_it_leaves_other_errors_to_the_500_page(client, world, monkeypatch):
    from gongkai.disclosure import views

    def broken(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(views, "published_matches", broken)
    client.raise_request_exception = False
    r = client.post("/agencies/dept-x/apply/", {"search": "1", "content": "宅基地"})
    assert r.status_code == 500
