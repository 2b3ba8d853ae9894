"""Input: rate limits on every public POST, CSRF on every form, password rules.

(XSS — output escaping of every text field — is in test_output_escaping.py's neighbour below.)
"""

from __future__ import annotations

import inspect
import re
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
    "feedback/site-error/": "submit",
}
#: public pages that take a POST but need no rate limit of their own
NO_RATE_LIMIT = {
    "account/login/": "django-axes locks a username + address out after repeated failures (lockout test: "
                      "gongkai/portal/tests/test_pages.py)",
    "account/logout/": "ends the caller's own session; POST only so that another site cannot log one out",
    "applications/track/<slug:number>/correction/": "only for a case this browser opened with its code (that "
        "look-up is limited as application_track) or the applicant's own account; one correction per request",
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
    assert {p for p, _ in public_posts} == {"/api/v1/applications", "/api/v1/feedback",
                                            "/api/v1/applications/{number}/correction"}
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
    cache_clear()
    _hammer(lambda: client.post("/api/v1/applications/dept-x-2025-00001/correction", json.dumps({"content": "补正"}),
                                content_type="application/json", headers={"X-Query-Code": "WRONG"}),
            "application_track")


def cache_clear():
    from django.core.cache import cache

    cache.clear()


# -- output escaping: every text field of every model, on every page that shows it ------------------

MARK = "<xss>"  # a tag no page contains: if it ever appears unescaped, something printed raw text

#: text fields whose stored value is HTML, sanitised on input (nh3) and printed with |safe — they
#: are checked through their action below instead of being overwritten behind its back
SANITISED_HTML = {("catalog", "Item", "body")}
#: identifiers and machine values: used in URLs, parsed, or not free text
NOT_FREE_TEXT = ("password", "hash", "token", "key", "code", "number", "pattern", "mime", "sha256", "slug", "path",
                 "prefix", "fingerprint", "variant", "kind", "status", "username", "email", "file", "url", "fonts")


def free_text_fields():
    """``(model, field)`` for every CharField/TextField of every gongkai model that holds text
    people typed: a new field is covered as soon as it exists."""
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        if not model.__module__.startswith("gongkai."):
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, (models.CharField, models.TextField)) or f.choices or f.primary_key:
                continue
            if (model._meta.app_label, model.__name__, f.name) in SANITISED_HTML:
                continue
            if any(word in f.name for word in NOT_FREE_TEXT) or (f.max_length or 99) < 12:
                continue
            yield model, f


def build_cases(world):
    """One of everything, built through the real actions."""
    from gongkai.appeals import actions as appeals
    from gongkai.catalog.tests.helpers import published
    from gongkai.disclosure import actions as disclosure
    from gongkai.disclosure.tests.factories import registered
    from gongkai.feedback import actions as feedback
    from gongkai.feedback.models import Question
    from gongkai.feedback.tests.helpers import submit

    app = registered(world, date(2024, 3, 4))
    app = disclosure.assign_officer(app, actor=world.head, officer=world.officer)
    app = disclosure.request_correction(app, actor=world.officer, on=date(2024, 3, 5), items="补正事项",
                                        deadline=date(2024, 3, 20))
    published(world, title="关于土地征收的通知")
    item, _ = submit(world.agency, consent=True)
    feedback.assign_item(item, owner=world.officer, actor=world.head, note="请办理")
    feedback.reply_item(item, text="答复内容", actor=world.officer)
    survey = feedback.create_survey(agency=world.agency, title="满意度调查", intro="说明", opens_on=date(2020, 1, 1),
                                    closes_on=date(2099, 1, 1), actor=world.officer)
    q = feedback.add_question(survey, kind=Question.Kind.TEXT, text="意见", required=True, choices=[],
                              actor=world.officer)
    c = feedback.add_question(survey, kind=Question.Kind.SINGLE, text="满意吗", required=True,
                              choices=["满意", "不满意"], actor=world.officer)
    feedback.launch_survey(survey, actor=world.head)
    feedback.submit_response(survey, answers={q.pk: "很好", c.pk: c.choices.first().pk}, fingerprint="f")
    from gongkai.reports import actions as reports

    from gongkai.reports.tests import complete

    report = reports.start_report(agency=world.agency, year=2024, actor=world.officer)
    complete.submit(report, officer=world.officer)  # (publishing renders PDF exports: slow)
    feedback.publish_item(item, question="问题", answer="答复", actor=world.head)
    appeals.record_appeal(agency=world.agency, kind="reconsideration", appellant="王某", body="县人民政府",
                          filed_on=date(2024, 5, 6), case_number="复议〔2024〕1号", summary="不服答复",
                          applications=[app], actor=world.officer)
    return app


def fill_every_text_field():
    """Overwrite every free-text field of every row with a payload naming the field."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    filled = {}
    for n, (model, f) in enumerate(free_text_fields()):
        label = f"{model.__name__}.{f.name}"
        payload = MARK + f"F{n}'\"&"
        if f.max_length:
            payload = payload[: f.max_length - 8]
        # the row's id last: fields in a unique constraint with others stay unique
        model._base_manager.update(**{f.name: Concat(Value(payload), Cast("pk", output_field=CharField()),
                                                     output_field=CharField())})
        filled[label] = f"&lt;xss&gt;F{n}&#x27;&quot;&amp;"
    return filled


def crawl(client, starts, *, limit=150):
    """Every same-site page reachable by links from ``starts`` (GET only, HTML only)."""
    import re
    from urllib.parse import urljoin, urlsplit

    from django.urls import Resolver404, resolve

    seen, queue, pages, per_path = set(), list(starts), {}, {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if url in seen or parts.netloc or not parts.path.startswith("/"):
            continue
        seen.add(url)
        if parts.path.startswith(("/admin/", "/static/", "/media/")) or "logout" in parts.path:
            continue
        if parts.path.endswith((".pdf", ".docx", ".xlsx", ".csv", ".zip", ".svg", ".atom", ".json", ".txt")):
            continue  # downloads are not HTML (sample letters and report exports are slow to render)
        try:
            route = resolve(parts.path).route
        except Resolver404:
            continue
        if per_path.get(route, 0) >= 2:  # the same kind of page for other objects, filters or pages
            continue
        per_path[route] = per_path.get(route, 0) + 1
        r = client.get(url)
        if not r.get("Content-Type", "").startswith("text/html"):
            continue
        html = r.content.decode()
        pages[url] = html
        for href in re.findall(r'href="([^"#]+)', html):
            queue.append(urljoin(url, href.replace("&amp;", "&")))
    return pages


@pytest.mark.django_db
def test_it_escapes_every_text_field_on_every_page_that_shows_it(client, world):
    from gongkai.disclosure.models import Application

    app = build_cases(world)
    code = Application.new_query_code()
    app.set_query_code(code)
    app.save(update_fields=["query_code_hash"])
    filled = fill_every_text_field()
    assert len(filled) > 60  # the walk found the models' text fields

    from gongkai.feedback.models import Item as FeedbackItem

    feedback_item = FeedbackItem.objects.get()
    pages = {}
    for person in (world.admin, world.officer):  # everything; the case officer sees identity details
        client.force_login(person)
        for url, html in crawl(client, ["/staff/", "/staff/applications/?list=all", f"/staff/feedback/{feedback_item.number}/",
                                        "/staff/reports/dept-x/2024/", "/staff/appeals/"]).items():
            pages[f"{person.username} {url}"] = html
    client.logout()
    client.post("/applications/track/", {"number": app.number, "query_code": code})
    for url, html in crawl(client, ["/", f"/applications/track/{app.number}/", "/agencies/dept-x/",
                                    "/agencies/dept-x/questions/", "/agencies/dept-x/surveys/"]).items():
        pages[f"public {url}"] = html
    assert len(pages) > 40
    raw = [url for url, html in pages.items() if MARK in html.lower()]
    assert raw == [], f"unescaped text on {raw}"

    shown = {label for label, escaped in filled.items() if any(escaped in html for html in pages.values())}
    for must in ("Application.content", "Application.address", "Item.title", "Item.subject", "Item.content",
                 "Reply.text", "Survey.title", "Question.text", "Appeal.appellant", "Agency.name", "User.display_name"):
        assert must in shown, f"{must} never shown: the walk missed its pages"



@pytest.mark.django_db
def test_it_sanitises_the_rich_text_printed_as_html(client, world):
    """catalog Item.body is HTML on purpose (tables, lists, links): nh3 keeps the markup and drops
    every script, event handler, style and javascript: link before it is stored."""
    from gongkai.catalog.tests.helpers import published

    body = ('<p onclick="x()">正文<script>alert(1)</script><img src=x onerror=alert(2)>'
            '<a href="javascript:alert(3)">链接</a><a href="https://example.gov.cn/">网站</a>'
            '<style>body{display:none}</style><iframe src="https://evil.example"></iframe>'
            '<table><tr><td colspan="2" style="color:red">表格</td></tr></table></p>')
    item = published(world, body=body)
    for url in (item.get_absolute_url(), item.get_absolute_url() + "print/"):
        html = client.get(url).content.decode()
        assert "正文" in html and "表格" in html and 'href="https://example.gov.cn/"' in html
        for bad in ("<script", "onerror", "onclick", "javascript:", "<style", "<iframe", "style=", "<img"):
            assert bad not in html.split("<main", 1)[1], (url, bad)


def form_classes():
    """Every form class of every app (gongkai/<app>/forms.py and the portal's log-in form)."""
    import importlib
    import pkgutil

    import gongkai
    from django import forms as django_forms

    for info in pkgutil.iter_modules(gongkai.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"gongkai.{info.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, obj in vars(module).items():
            if (isinstance(obj, type) and issubclass(obj, django_forms.BaseForm) and obj.__module__ == module.__name__
                    and not name.startswith("_")):
                yield obj


@pytest.mark.django_db
def test_it_escapes_every_text_field_of_every_form_when_it_is_shown_again(world):
    """Bound with markup in every field (as after a refused submission), every form renders it escaped."""
    from django import forms as django_forms

    seen = 0
    for form_class in form_classes():
        try:
            form = form_class(data={})
            str(form)
        except (TypeError, AttributeError, KeyError):
            continue  # needs its objects (agency, survey …): rendered by the pages the walk above visits
        data = {name: MARK + name + '"' for name, f in form.fields.items()
                if isinstance(f, django_forms.CharField)}
        form = form_class(data=data)
        form.is_valid()
        html = str(form) + "".join(str(e) for e in form.errors.values())
        assert MARK not in html, form_class
        seen += bool(data)
    assert seen >= 15


# -- CSRF -----------------------------------------------------------------------------------------

#: views that take a POST without a CSRF token, and why that is safe
CSRF_EXEMPT = {
    "catalog/unsubscribe/<str:token>/": "RFC 8058 one-click unsubscribe from mail clients; the signed link is the secret",
}


def example_url(route: str) -> str:
    import re

    values = {"slug": "dept-x", "int": "1", "str": "x", "path": "x/y"}
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: values[m.group(1) or "str"], route)


@pytest.mark.django_db
def test_it_refuses_every_post_without_a_csrf_token(world):
    """Every URL pattern of the site (API apart), posted to by a logged-in admin without the token: 403."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    tried = 0
    for route, _, name in url_patterns():
        if route.startswith(("api/v1/", "admin/")) or "^" in route or "(?P" in route or route in CSRF_EXEMPT:
            continue
        url = example_url(route)
        r = client.post(url, {"x": "1"})
        assert r.status_code == 403, (url, r.status_code)
        assert "CSRF" in r.content.decode() or "安全" in r.content.decode() or r.status_code == 403
        tried += 1
    assert tried > 60
    for url in ("/admin/login/", "/admin/accounts/user/add/", f"/admin/accounts/user/{world.officer.pk}/password/"):
        assert client.post(url, {"x": "1"}).status_code == 403, url
    client.logout()
    for url in ("/staff/login/", "/account/login/", "/account/signup/", "/agencies/dept-x/apply/"):
        assert client.post(url, {"username": "officer", "password": "correct horse battery"}).status_code == 403


@pytest.mark.django_db
def test_it_lets_only_tokens_not_cookies_into_the_staff_api(client, world):
    """The API takes no session cookie, so another site cannot make a logged-in browser call it."""
    spec = client.get("/api/v1/openapi.json").json()
    staff_ops = [(path, method) for path, ops in spec["paths"].items() for method, op in ops.items()
                 if op.get("security")]
    assert len(staff_ops) >= 8
    client.force_login(world.admin)
    for path, method in staff_ops:
        url = example_url(re.sub(r"\{(\w+)(?::\w+)?\}", r"<\1>", path.removeprefix("/")))
        r = client.generic(method.upper(), url, "{}", content_type="application/json")
        assert r.status_code == 401, (method, url, r.status_code)
        assert "令牌" in r.json()["detail"]


# -- passwords ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_weak_passwords_wherever_a_password_is_set(client, world):
    from gongkai.accounts.models import User

    weak = ["12345678901", "password123", "officer2025", "abc"]  # numeric, common, like the username, short
    client.force_login(world.admin)
    for password in weak:
        r = client.post(f"/admin/accounts/user/{world.officer.pk}/password/",
                        {"password1": password, "password2": password})
        assert r.status_code == 200 and "errorlist" in r.content.decode(), password
    world.officer.refresh_from_db()
    assert world.officer.check_password("correct horse battery")
    r = client.post(f"/admin/accounts/user/{world.officer.pk}/password/",
                    {"password1": "Huzhu-Qinghai-2026!", "password2": "Huzhu-Qinghai-2026!"})
    assert r.status_code == 302
    client.logout()
    for password in weak:
        r = client.post("/account/signup/", {"username": "officer2025", "display_name": "张三",
                                             "password1": password, "password2": password})
        assert r.status_code == 400 and not User.objects.filter(username="officer2025").exists(), password
