"""Every case URL and API route, tried as the wrong person: 404 (style.md rule 5)."""

from datetime import date

import pytest

from gongkai.disclosure import actions
from gongkai.disclosure.models import Application

from .factories import VALID_ID, registered


@pytest.fixture
def case(world):
    app = registered(world, date(2025, 1, 20))
    app = actions.start_consultation(app, actor=world.officer, on=date(2025, 1, 21), party="third_party",
                                     name="甲公司")
    return app


def staff_urls(app):
    letter = app.letters.first()
    n = app.number
    return {
        "get": [f"/staff/applications/{n}/", f"/staff/applications/{n}/letters/{letter.pk}.pdf"],
        "post": [f"/staff/applications/{n}/steps/end_consultation/", f"/staff/applications/{n}/assign/",
                 f"/staff/applications/{n}/releases/"],
    }


def test_it_hides_every_staff_page_of_a_case_from_the_wrong_people(client, world, case):
    urls = staff_urls(case)
    for person in (world.officer_y, world.outsider):
        client.force_login(person)
        for url in urls["get"]:
            assert client.get(url).status_code == 404, (person, url)
        for url in urls["post"]:
            assert client.post(url, {"end_consultation-date": "2025-01-22"}).status_code == 404, (person, url)
    assert Application.objects.get(pk=case.pk).status == "in_consultation"


def test_it_sends_anonymous_visitors_of_staff_pages_to_the_login(client, world, case):
    for url in staff_urls(case)["get"]:
        r = client.get(url)
        assert r.status_code == 302 and "/staff/login/" in r["Location"]


def test_it_shows_the_case_to_its_agency_and_the_disclosure_office(client, world, case):
    for person in (world.officer, world.head, world.office, world.admin):
        client.force_login(person)
        assert client.get(f"/staff/applications/{case.number}/").status_code == 200


def test_it_does_not_let_the_disclosure_office_take_steps(client, world, case):
    client.force_login(world.office)
    r = client.post(f"/staff/applications/{case.number}/steps/end_consultation/",
                    {"end_consultation-date": "2025-01-22"}, follow=True)
    assert "无权" in r.content.decode()
    assert Application.objects.get(pk=case.pk).status == "in_consultation"


def test_it_hides_every_api_route_of_a_case_from_the_wrong_people(client, world, case):
    letter = case.letters.first()
    for person in (world.officer_y, world.outsider):
        h = {"HTTP_AUTHORIZATION": f"Bearer {world.token(person)}"}
        assert client.get(f"/api/v1/staff/applications/{case.number}", **h).status_code == 404
        assert client.get(f"/api/v1/staff/applications/{case.number}/letters/{letter.pk}/pdf", **h).status_code == 404
        r = client.post(f"/api/v1/staff/applications/{case.number}/events", {"type": "end_consultation",
                        "date": "2025-01-22"}, content_type="application/json", **h)
        assert r.status_code == 404
        numbers = client.get("/api/v1/staff/applications", **h)
        assert numbers.status_code == 404 or case.number not in numbers.content.decode()
        r = client.post("/api/v1/staff/applications", {"agency": "dept-x"}, content_type="application/json", **h)
        assert r.status_code in (400, 404)  # schema errors first; a full body for dept-x → 404 below
    body = {"agency": "dept-x", "applicant_type": "natural_person", "name": "甲", "id_type": "resident_id",
            "id_number": VALID_ID, "phone": "13912345678", "content": "宅基地审批", "form": "paper",
            "delivery": "pickup", "channel": "in_person", "received_on": "2025-01-20"}
    r = client.post("/api/v1/staff/applications", body, content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {world.token(world.officer_y)}")
    assert r.status_code == 404
    # anonymous → 401 on every staff route
    assert client.get(f"/api/v1/staff/applications/{case.number}").status_code == 401
    assert client.get("/api/v1/staff/applications").status_code == 401
    assert client.post(f"/api/v1/staff/applications/{case.number}/events", {"type": "fee_paid"},
                       content_type="application/json").status_code == 401


def test_it_hides_an_application_from_a_wrong_query_code(client, world, case):
    sub = actions.submit_application(agency=world.agency, fields={
        "applicant_type": "natural_person", "name": "甲", "id_type": "resident_id", "id_number": VALID_ID,
        "phone": "13912345678", "content": "宅基地审批", "form": "paper", "delivery": "pickup"})
    n = sub.application.number
    for code in ("", "WRONGCODE1", sub.query_code[:-1], "x" * 100):
        assert client.get(f"/api/v1/applications/{n}", {"query_code": code}).status_code == 404
        r = client.post("/applications/track/", {"number": n, "query_code": code or "-"})
        assert r.status_code == 404
    assert client.get(f"/api/v1/applications/{case.number}", {"query_code": sub.query_code}).status_code == 404
    assert client.get(f"/api/v1/applications/{n}", {"query_code": sub.query_code.lower()}).status_code == 200
    # the tracking page and its letters need the code (or the account) first
    assert client.get(f"/applications/track/{n}/").status_code == 404
    letter = case.letters.first()
    assert client.get(f"/applications/track/{case.number}/letters/{letter.pk}.pdf").status_code == 404
    assert client.get(f"/api/v1/applications/{case.number}/letters/{letter.pk}/pdf",
                      {"query_code": sub.query_code}).status_code == 404


def test_it_never_shows_a_third_party_letter_to_the_applicant(client, world, case):
    code = "ABCDEFGH23"
    case.set_query_code(code)
    case.save()
    r = client.get(f"/api/v1/applications/{case.number}", {"query_code": code})
    assert [x["kind"] for x in r.json()["letters"]] == ["acknowledgement", "consultation_notice"]
    to_third = case.letters.get(kind="consultation")
    assert client.get(f"/api/v1/applications/{case.number}/letters/{to_third.pk}/pdf",
                      {"query_code": code}).status_code == 404


def test_it_shows_an_account_only_its_own_applications(client, world):
    sub = actions.submit_application(agency=world.agency, actor=world.outsider, fields={
        "applicant_type": "natural_person", "name": "甲", "id_type": "resident_id", "id_number": VALID_ID,
        "phone": "13912345678", "content": "宅基地审批", "form": "paper", "delivery": "pickup"})
    client.force_login(world.outsider)
    assert client.get(f"/applications/track/{sub.application.number}/").status_code == 200
    client.force_login(world.officer_y)
    assert client.get(f"/applications/track/{sub.application.number}/").status_code == 404
