"""The annual-report API (gongkai/api/reports.py): the gate answers 409 with what is missing; once
filled in, the report publishes and the public API returns it with the computed tables.

Expected table cells are counted by hand from the one case each test registers."""

from datetime import date

import pytest

from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401
from gongkai.disclosure.tests.factories import registered
from gongkai.reports.models import AnnualReport, Status
from gongkai.reports.tests import complete

pytestmark = pytest.mark.django_db
BASE = "/api/v1/staff/reports/dept-x/2024"


@pytest.fixture
def api(client, world):
    registered(world, received_on=date(2024, 3, 4))  # one natural person's application, still open at year end

    def call(method, path, user=None, body=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.token(user or world.officer)}"}
        return getattr(client, method)(path, body, content_type="application/json", **headers)
    return call


def event(api, user, **body):
    return api("post", BASE + "/events", user, body)


def test_a_draft_with_gaps_cannot_be_submitted_and_says_what_is_missing(api, world):
    built = api("post", BASE)
    assert built.status_code == 200, built.content
    draft = built.json()
    assert draft["status"] == "draft"
    assert draft["tables"]["proactive"]["licensing"]["decisions"] is None  # never entered: missing, not 0
    assert draft["tables"]["applications"]["new_received"]["natural_person"] == 1
    assert draft["tables"]["applications"]["carried_out"]["total"] == 1
    missing = {m["code"] for m in draft["missing"]}
    assert {"proactive.missing", "section.empty", "overview.part_empty"} <= missing
    assert any(m["url"] == "/staff/catalog/figures/dept-x/2024/#id_licensing" for m in draft["missing"] if m["code"] == "proactive.missing")

    refused = event(api, world.officer, type="submit")
    assert refused.status_code == 409
    body = refused.json()
    assert "不能提交审核" in body["detail"]
    assert {m["code"] for m in body["missing"]} == missing
    assert AnnualReport.objects.get(agency=world.agency, year=2024).status == Status.DRAFT

    # a bad figure is refused in Chinese and nothing is entered
    for bad in ({"licensing": -1}, {"licensing": "很多"}, {"fees_10k_yuan": "1.23456"}, {"other": 1}, {}):
        r = api("put", BASE + "/figures", body=bad)
        assert r.status_code == 400, (bad, r.content)
        assert r.json()["detail"]
    assert api("get", BASE).json()["tables"]["proactive"]["licensing"]["decisions"] is None
    assert api("put", BASE + "/sections/preface", body={"text": "x"}).status_code == 400


def test_filled_in_through_the_api_it_publishes_and_the_public_api_returns_it(api, world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the published exports are cached there
    api("post", BASE)
    r = api("put", BASE + "/figures", body={"licensing": 0, "punishment": 3, "coercion": 0, "fees_10k_yuan": "0"})
    assert r.status_code == 200
    assert r.json()["tables"]["proactive"]["punishment"]["decisions"] == 3
    assert r.json()["tables"]["proactive"]["licensing"]["decisions"] == 0  # entered as 0: a figure
    text = complete.sections(world.agency, 2024)
    for key in ("overview", "problems"):
        assert api("put", f"{BASE}/sections/{key}", body={"text": text[key]}).status_code == 200
    r = api("put", BASE + "/sections/other", body={"text": "本年度未收取信息处理费。"})
    warning = next(m for m in r.json()["missing"] if m["severity"] == "warning")
    assert warning["code"] == "other.work_items_missing"
    assert event(api, world.officer, type="submit").status_code == 409

    # only the head acknowledges a warning, and with a reason
    assert event(api, world.officer, type="acknowledge", key=warning["key"], reason="无").status_code == 403
    assert event(api, world.head, type="acknowledge", key=warning["key"]).status_code == 400
    ok = event(api, world.head, type="acknowledge", key=warning["key"], reason="本年无其他需要报告的事项")
    assert ok.status_code == 200 and ok.json()["missing"] == []
    assert api("post", BASE).json()["missing"] == []  # counting again keeps the acknowledgement

    assert event(api, world.officer, type="submit").json()["status"] == "review"
    assert event(api, world.officer, type="publish").status_code == 403
    published = event(api, world.head, type="approve")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert event(api, world.head, type="publish").status_code == 404  # nothing left to publish

    public = client.get("/api/v1/reports/dept-x/2024")
    assert public.status_code == 200
    report = public.json()
    assert report["version"] == 1 and report["published_on"] == date.today().isoformat()
    t = report["tables"]
    assert t["applications"]["new_received"] == {"natural_person": 1, "commercial_enterprise": 0,
                                                 "research_institution": 0, "social_welfare_org": 0,
                                                 "legal_service_org": 0, "other_org": 0, "total": 1}
    assert t["applications"]["processed_total"]["total"] == 0 and t["applications"]["carried_out"]["total"] == 1
    assert t["proactive"]["punishment"]["decisions"] == 3 and t["proactive"]["fees"]["amount_10k_yuan"] == 0
    assert t["appeals"]["reconsideration"]["total"] == 0
    assert report["sections"]["other"] == "本年度未收取信息处理费。"
    assert set(report["exports"]) == {"html", "pdf", "docx", "xlsx", "json"}
    assert client.get(report["exports"]["json"]).json()["tables"] == t
    listed = client.get("/api/v1/reports?agency=dept-x").json()
    assert [(r["agency"], r["year"], r["version"]) for r in listed] == [("dept-x", 2024, 1)]


def test_drafts_are_not_public_and_other_agencies_are_not_yours(api, world, client):
    api("post", BASE)
    assert client.get("/api/v1/reports/dept-x/2024").status_code == 404
    assert client.get("/api/v1/reports?agency=dept-x").json() == []
    assert client.get("/api/v1/reports?year=1999").status_code == 400
    assert api("get", BASE, world.officer_y).status_code == 404
    assert api("post", BASE, world.officer_y).status_code == 404
    assert api("put", BASE + "/figures", world.officer_y, {"licensing": 1}).status_code == 404
    assert api("get", "/api/v1/staff/reports/dept-x/2023").status_code == 404  # no draft
    assert client.get(BASE).status_code == 401
