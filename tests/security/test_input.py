"""Input: rate limits on every public POST, CSRF on every form, password rules.

(XSS — output escaping of every text field — is in test_output_escaping.py's neighbour below.)
"""

from __future__ import annotations

import inspect
import json
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401 - autouse: fast letter PDFs
from gongkai.disclosure.tests.factories import VALID_ID, fields
from gongkai.portal import ratelimit

# -- walking the URL patterns -----------------------------------------------------------------


def url_patterns(resolver=None, prefix=""):
    """``(route, callback, name)`` for every URL pattern of the site."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from url_patterns(p, route)
        elif isinstance(p, URLPattern):
            yield route, p.callback, p.name


def allowed_methods(view) -> set[str] | None:
    """The methods a view's ``require_http_methods`` allows; ``None`` when it does not restrict them."""
    seen = view
    while seen is not None:
        for cell in (getattr(seen, "__closure__", None) or ()):
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, (list, tuple)) and value and all(isinstance(m, str) and m.isupper() for m in value):
                return set(value)
        seen = getattr(seen, "__wrapped__", None)
    return None


def reads_post(view) -> bool:
    """Does the view's own code look at POST data (or the request method)?"""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return True
    return "POST" in source or "request.method" in source or "FILES" in source


def public_patterns():
    for route, callback, name in url_patterns():
        if route.startswith(("admin/", "api/v1/", "staff/")) or route.startswith("static/"):
            continue
        yield route, callback, name


# -- rate limits ------------------------------------------------------------------------------

#: every public page that takes a POST, and the limit it counts against
RATE_LIMITED = {
    "agencies/<slug:code>/apply/": "apply",
    "applications/track/": "application_track",
    "agencies/<slug:code>/feedback/": "submit",
    "feedback/track": "track",
    "feedback/rate/<str:token>/": "rate",
    "surveys/<int:pk>/": "survey",
    "catalog/subscribe/": "subscribe",
    "catalog/subscribe/confirm/<str:token>/": "subscription",
    "catalog/unsubscribe/<str:token>/": "subscription",
    "account/signup/": "signup",
}
#: public pages that take a POST but need no rate limit of their own
NO_RATE_LIMIT = {
    "account/login/": "django-axes locks a username + address out after repeated failures (lockout test: "
                      "gongkai/portal/tests/test_pages.py)",
    "account/logout/": "ends the caller's own session; POST only so that another site cannot log one out",
}


def test_it_knows_every_public_page_that_takes_a_post():
    """A new public page that reads POST data fails here until it is given a rate limit."""
    unlimited = []
    for route, callback, name in public_patterns():
        methods = allowed_methods(callback)
        takes_post = "POST" in methods if methods is not None else reads_post(callback)
        if takes_post and route not in RATE_LIMITED and route not in NO_RATE_LIMIT:
            unlimited.append(route)
    assert unlimited == []
    assert set(RATE_LIMITED) | set(NO_RATE_LIMIT) <= {route for route, _, _ in public_patterns()}


def _hammer(post, scope: str):
    limit, _ = ratelimit.LIMITS[scope]
    codes = [post().status_code for _ in range(limit)]
    assert 429 not in codes, (scope, codes)
    last = post()
    assert last.status_code == 429, (scope, last.status_code)
    assert ratelimit.RATE_LIMIT_MESSAGE in last.content.decode(), scope
    return last


def _application_form(**overrides):
    return {**fields(content="请公开2024年本村宅基地审批结果。"), **overrides}


@pytest.mark.django_db
def test_it_limits_online_applications_per_address(client, world):
    from gongkai.disclosure.models import Application

    _hammer(lambda: client.post("/agencies/dept-x/apply/", _application_form()), "apply")
    assert Application.objects.count() == ratelimit.LIMITS["apply"][0]  # the refused one was not saved
    other = Client(REMOTE_ADDR="10.0.0.2")  # another person is not affected
    assert other.post("/agencies/dept-x/apply/", _application_form()).status_code == 302


@pytest.mark.django_db
def test_it_limits_the_catalogue_search_of_the_application_form(client, world):
    _hammer(lambda: client.post("/agencies/dept-x/apply/", {"search": "1", "content": "宅基地"}), "apply_search")


@pytest.mark.django_db
def test_it_limits_guessing_query_codes_on_the_tracking_page(client, world):
    _hammer(lambda: client.post("/applications/track/", {"number": "dept-x-2025-00001", "query_code": "WRONG"}),
            "application_track")


@pytest.mark.django_db
def test_it_limits_feedback_tracking_and_submissions(client, world):
    _hammer(lambda: client.post("/feedback/track", {"number": "X", "code": "WRONG"}), "track")
    _hammer(lambda: client.post("/agencies/dept-x/feedback/", {
        "kind": "inquiry", "subject": "问", "content": "请问", "contact_name": "张三", "contact_phone": "13800000000"}),
        "submit")


@pytest.mark.django_db
def test_it_limits_survey_answers(client, world):
    from gongkai.feedback import actions
    from gongkai.feedback.models import Question

    survey = actions.create_survey(agency=world.agency, title="满意度调查", intro="", opens_on=date(2020, 1, 1),
                                   closes_on=date(2099, 1, 1), actor=world.officer)
    actions.add_question(survey, kind=Question.Kind.TEXT, text="建议", required=True, choices=[], actor=world.officer)
    actions.launch_survey(survey, actor=world.head)
    _hammer(lambda: client.post(f"/surveys/{survey.pk}/", {}), "survey")  # unanswered: 400 until the limit


@pytest.mark.django_db
def test_it_limits_subscriptions_and_their_links(client, world):
    from gongkai.catalog import mail
    from gongkai.catalog.models import Subscription

    _hammer(lambda: client.post("/catalog/subscribe/", {"email": "a@example.cn", "agency": "dept-x"}), "subscribe")
    assert Subscription.objects.count() <= ratelimit.LIMITS["subscribe"][0]
    sub = Subscription.objects.first()
    cache_clear()
    _hammer(lambda: client.post(f"/catalog/subscribe/confirm/{mail.make_token(sub, 'confirm')}/"), "subscription")
    cache_clear()
    _hammer(lambda: client.post(f"/catalog/unsubscribe/{mail.make_token(sub, 'unsubscribe')}/"), "subscription")


@pytest.mark.django_db
def test_it_limits_public_sign_ups(client):
    from gongkai.accounts.models import User

    n = iter(range(100))
    _hammer(lambda: client.post("/account/signup/", {
        "username": f"user{next(n)}", "display_name": "张三", "email": "z@example.cn",
        "password1": "Qinghai-Huzhu-2026", "password2": "Qinghai-Huzhu-2026"}) if not client.logout() else None,
        "signup")
    assert User.objects.count() == ratelimit.LIMITS["signup"][0]


@pytest.mark.django_db
def test_it_limits_every_public_api_post_and_code_lookup(client, world):
    """Every operation of the OpenAPI document that needs no token and writes (or takes a query
    code) answers 429 when one address sends too many."""
    spec = client.get("/api/v1/openapi.json").json()
    public_posts = [(path, op) for path, ops in spec["paths"].items() for method, op in ops.items()
                    if method == "post" and not op.get("security")]
    assert {p for p, _ in public_posts} == {"/api/v1/applications", "/api/v1/feedback"}
    for path, op in public_posts:
        assert "429" in op["responses"], path
    body = {"agency": "dept-x", **fields(content="请公开2024年本村宅基地审批结果。")}
    _hammer(lambda: client.post("/api/v1/applications", json.dumps(body), content_type="application/json"),
            "apply")
    _hammer(lambda: client.post("/api/v1/feedback", json.dumps({
        "agency": "dept-x", "kind": "inquiry", "subject": "问", "content": "请问",
        "contact": {"name": "张三", "phone": "13800000000"}}), content_type="application/json"), "submit")
    cache_clear()
    _hammer(lambda: client.get("/api/v1/applications/dept-x-2025-00001", {"query_code": "WRONG"}),
            "application_track")


def cache_clear():
    from django.core.cache import cache

    cache.clear()
