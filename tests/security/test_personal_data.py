"""Personal data: masked in lists, logs and exports (the case file shows it to the case officer,
and every such view is recorded); the applicant downloads everything held about the application."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import date

import pytest
from django.utils import timezone

from gongkai.disclosure import actions
from gongkai.disclosure.models import IdentityView
from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401 - autouse: fast letter PDFs
from gongkai.disclosure.tests.factories import VALID_ID, fields, registered

PHONE = "13912345678"
EMAIL = "wang@example.com"
NAME = "王小二"
SECRETS = (VALID_ID, PHONE, EMAIL, NAME)


@pytest.fixture
def case(world):
    app = registered(world, date(2025, 1, 20))
    return actions.assign_officer(app, actor=world.head, officer=world.officer)


def assert_masked(text: str, where: str):
    for secret in SECRETS:
        assert secret not in text, f"{secret} unmasked on {where}"


# -- lists ----------------------------------------------------------------------------------------


def test_it_masks_the_applicant_in_every_staff_list(client, world, case):
    for person in (world.officer, world.head, world.office, world.admin):
        client.force_login(person)
        for name in ("all", "open", "mine", "due_soon"):
            page = client.get("/staff/applications/", {"list": name}).content.decode()
            assert_masked(page, f"list {name} as {person}")
        assert_masked(client.get("/staff/").content.decode(), f"dashboard as {person}")
    page = client.get("/staff/applications/", {"list": "all"}).content.decode()
    assert case.number in page and "王＊＊" in page  # the list is there, with the masked name


def test_it_masks_the_applicant_in_the_api_work_list_even_for_the_case_officer(client, world, case):
    token = world.token(world.officer)
    r = client.get("/api/v1/staff/applications", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200 and len(r.json()) == 1
    assert_masked(r.content.decode(), "API work list")
    assert r.json()[0]["id_number"] == "110105********002X"
    assert not IdentityView.objects.exists()


# -- the case file and its audit log ----------------------------------------------------------------


def test_it_shows_the_case_officer_the_identity_and_records_each_view(client, world, case):
    client.force_login(world.officer)
    page = client.get(f"/staff/applications/{case.number}/", REMOTE_ADDR="192.0.2.7").content.decode()
    assert VALID_ID in page and PHONE in page
    view = IdentityView.objects.get()
    assert (view.application, view.user, view.username, view.where, view.address) == (
        case, world.officer, "officer", IdentityView.Where.CASE_PAGE, "192.0.2.7")
    client.get(f"/staff/applications/{case.number}/")
    assert IdentityView.objects.count() == 2  # every view, not just the first

    token = world.token(world.officer)
    r = client.get(f"/api/v1/staff/applications/{case.number}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.json()["id_number"] == VALID_ID
    assert IdentityView.objects.filter(where=IdentityView.Where.API).count() == 1


def test_it_shows_everyone_else_the_masked_case_file_and_records_nothing(client, world, case):
    for person in (world.head, world.office, world.admin):
        client.force_login(person)
        page = client.get(f"/staff/applications/{case.number}/").content.decode()
        assert case.number in page
        assert VALID_ID not in page and PHONE not in page, person
    assert not IdentityView.objects.exists()


def test_it_lets_heads_the_office_and_admins_review_the_log_of_their_agencies(client, world, case):
    client.force_login(world.officer)
    client.get(f"/staff/applications/{case.number}/")
    other = actions.register_application(agency=world.other_agency, fields=fields(), channel="in_person",
                                         received_on=date(2025, 1, 20), actor=world.officer_y).application
    client.force_login(world.officer_y)
    client.get(f"/staff/applications/{other.number}/")
    assert IdentityView.objects.count() == 2

    client.force_login(world.head)  # agency X only
    page = client.get("/staff/applications/identity-log/").content.decode()
    assert case.number in page and other.number not in page and "officer" in page
    for person in (world.office, world.admin):  # every agency under the government / everything
        client.force_login(person)
        page = client.get("/staff/applications/identity-log/").content.decode()
        assert case.number in page and other.number in page
    client.force_login(world.admin)
    page = client.get("/staff/applications/identity-log/", {"user": "officer_y"}).content.decode()
    assert other.number in page and case.number not in page
    for person in (world.officer, world.officer_y, world.outsider):
        client.force_login(person)
        assert client.get("/staff/applications/identity-log/").status_code == 404, person
    client.logout()
    assert client.get("/staff/applications/identity-log/").status_code == 302  # to the log-in page


# -- logs -----------------------------------------------------------------------------------------


def test_it_keeps_identity_and_contact_details_out_of_the_logs(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    r = client.post("/agencies/dept-x/apply/", fields(content="请公开2024年本村宅基地审批结果。"))
    assert r.status_code == 302
    r = client.post("/api/v1/applications", json.dumps({"agency": "dept-x", **fields()}),
                    content_type="application/json")
    assert r.status_code == 201
    bad = client.post("/agencies/dept-x/apply/", fields(phone="abc"))  # refused, re-displayed
    assert bad.status_code == 200
    client.force_login(world.officer)
    r = client.post("/staff/applications/register/", {**fields(), "agency": "dept-x", "channel": "in_person",
                                                      "received_on": "2025-01-20"})
    assert r.status_code == 302
    client.get(r["Location"])
    client.post("/applications/track/", {"number": "dept-x-2025-00001", "query_code": "WRONG"})
    assert caplog.records, "nothing logged at all: the test would prove nothing"
    assert_masked(caplog.text, "the log")
    for record in caplog.records:  # also arguments not formatted into the message
        assert_masked(repr(record.args) + repr(getattr(record, "request", "")), f"log record {record.name}")


# -- exports --------------------------------------------------------------------------------------


def test_it_masks_personal_data_typed_into_questionnaire_answers_in_exports(client, world):
    from openpyxl import load_workbook

    from gongkai.feedback import actions as fb
    from gongkai.feedback.models import Question

    survey = fb.create_survey(agency=world.agency, title="满意度调查", intro="", opens_on=date(2020, 1, 1),
                              closes_on=date(2099, 1, 1), actor=world.officer)
    q = fb.add_question(survey, kind=Question.Kind.TEXT, text="其他意见", required=True, choices=[], actor=world.officer)
    fb.launch_survey(survey, actor=world.head)
    fb.submit_response(survey, answers={q.pk: f"请打电话{PHONE}，身份证{VALID_ID}，很满意"}, fingerprint="f1")
    client.force_login(world.head)
    csv_text = client.get(f"/staff/surveys/{survey.pk}/export.csv").content.decode("utf-8-sig")
    assert "很满意" in csv_text
    assert_masked(csv_text, "CSV export")
    xlsx = client.get(f"/staff/surveys/{survey.pk}/export.xlsx").content
    cells = " ".join(str(c.value) for ws in load_workbook(io.BytesIO(xlsx)) for row in ws.iter_rows() for c in row)
    assert "很满意" in cells
    assert_masked(cells, "XLSX export")


# -- the applicant's download ------------------------------------------------------------------------


def test_it_gives_the_applicant_everything_held_about_the_application(client, world):
    sub = actions.submit_application(agency=world.agency, fields=fields(), actor=None)
    today = timezone.localdate()
    app = actions.confirm_receipt(sub.application, actor=world.officer, on=today)
    app = actions.assign_officer(app, actor=world.head, officer=world.officer)
    app = actions.start_consultation(app, actor=world.officer, on=today, party="third_party",
                                     name="甲公司")
    letters = list(app.letters.all())
    to_applicant = [letter for letter in letters if letter.to_applicant]
    assert to_applicant and len(to_applicant) < len(letters)  # a letter to the third party is not theirs

    url = f"/applications/track/{app.number}/export.zip"
    assert client.get(url).status_code == 404  # a browser that has not given the query code
    client.post("/applications/track/", {"number": app.number, "query_code": sub.query_code})
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    assert r["Cache-Control"] == "no-store"
    z = zipfile.ZipFile(io.BytesIO(r.content))
    data = json.loads(z.read("申请信息.json"))
    assert data["申请编号"] == app.number
    assert data["申请人"]["证件号码"] == VALID_ID and data["申请人"]["联系电话"] == PHONE  # their own data, in full
    assert data["所需信息"]["内容描述"] == app.content
    steps = [s["事项"] for s in data["办理步骤"]]
    assert steps == ["网上提交申请", "收到申请", "开始征求意见"]  # no staff assignment
    text = json.dumps(data, ensure_ascii=False)
    assert "甲公司" not in text and "李明" not in text and "officer" not in text  # third party, staff
    assert len(data["文书"]) == len(to_applicant)
    pdfs = [n for n in z.namelist() if n.startswith("文书/") and n.endswith(".pdf")]
    assert len(pdfs) == len(to_applicant)
    assert z.read(pdfs[0]) == bytes(to_applicant[0].pdf)
    page = client.get(f"/applications/track/{app.number}/").content.decode()
    assert url in page  # linked from the tracking page

    client.logout()
    client.cookies.clear()
    assert client.get(url).status_code == 404


# -- the catalogue screen sees every published field and the attachments (issue 15) ----------------

# 630223198501011234: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 → 217 = 19 × 11 + 8 → check "4"
FULL_WIDTH_ID = "６３０２２３１９８５０１０１１２３４"


def _docx_saying(text: str) -> bytes:
    from docx import Document

    buf = io.BytesIO()
    d = Document()
    d.add_paragraph(text)
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("field, value, found", [
    ("publisher", "某某街道办事处（联系人手机１３９ １２３４ ５６７８）", "１３９ １２３４ ５６７８"),
    ("body", f"申请人身份证号ID{FULL_WIDTH_ID}。", FULL_WIDTH_ID),
    ("summary", "联系邮箱：wang＠example.com", "wang＠example.com"),
])
def test_the_catalogue_will_not_publish_a_disguised_number_in_any_field(world, field, value, found):
    from gongkai.catalog import actions as catalog
    from gongkai.catalog.tests.helpers import draft

    item = draft(world, **{field: value})
    with pytest.raises(catalog.ActionError) as e:
        catalog.publish_item(item, actor=world.head)
    assert found in str(e.value)


def test_the_catalogue_will_not_publish_an_attachment_holding_an_id_number(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.catalog import actions as catalog
    from gongkai.catalog.models import Item
    from gongkai.catalog.tests.helpers import draft

    settings.MEDIA_ROOT = tmp_path
    item = draft(world)
    upload = SimpleUploadedFile("名单.docx", _docx_saying("申请人：张三，身份证号 630223 19850101 1234。"))
    catalog.add_attachment(item, upload=upload, actor=world.officer)
    with pytest.raises(catalog.ActionError) as e:
        catalog.publish_item(item, actor=world.head)
    assert "630223 19850101 1234" in str(e.value) and "居民身份证号码" in str(e.value)
    assert Item.objects.get(pk=item.pk).status != Item.Status.PUBLISHED


def test_the_case_file_masks_a_full_width_number_as_it_masks_an_ascii_one():
    from gongkai.documents.redaction import mask

    assert mask(FULL_WIDTH_ID, "id_card") == "630223********1234"
    assert mask("wang＠example.com", "email") == "w***@example.com"
    assert mask("１３９．１２３４．５６７８", "mobile") == "139****5678"


def test_a_disguised_number_never_reaches_the_public_q_and_a_page(client, world):
    from gongkai.feedback import actions as feedback
    from gongkai.feedback.tests.helpers import submit

    item, _ = submit(world.agency, consent=True, content=f"我的身份证号ID{FULL_WIDTH_ID}，手机139.1234.5678。")
    feedback.reply_item(item, text="已回电１３９ １２３４ ５６７８。", actor=world.head)
    client.force_login(world.head)
    form = client.get(f"/staff/feedback/{item.number}/").content.decode()
    import re

    preview = "".join(re.findall(r'(?s)<textarea name="(?:question|answer)"[^>]*>(.*?)</textarea>', form))
    assert "身份证号ID■" in preview and "已回电■" in preview  # the staff see what will go out
    assert FULL_WIDTH_ID not in preview and "139.1234.5678" not in preview
    from gongkai.feedback.tests.helpers import preview_and_confirm

    shown, r = preview_and_confirm(client, item, f"身份证号ID{FULL_WIDTH_ID}，手机139.1234.5678",
                                   "已回电１３９ １２３４ ５６７８。")
    article = re.search(r'(?s)<article class="qa preview".*?</article>', shown.content.decode()).group(0)
    visible = re.sub(r'title="[^"]*"', "", article)  # the original is only in the staff's tooltip
    assert shown.status_code == 200 and "身份证号ID<mark" in visible and FULL_WIDTH_ID not in visible
    assert r.status_code == 302
    page = client.get(f"/agencies/dept-x/questions/").content.decode()
    for secret in (FULL_WIDTH_ID, "139.1234.5678", "１３９ １２３４ ５６７８", "５６７８", "5678"):
        assert secret not in page
    assert "身份证号ID■" in page and "已回电■" in page


def test_the_catalogue_screen_reads_an_attachment_once_and_still_sees_it(world, settings, tmp_path, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.catalog import actions as catalog
    from gongkai.catalog.tests.helpers import draft
    from gongkai.documents import redaction

    settings.MEDIA_ROOT = tmp_path
    item = draft(world)
    upload = SimpleUploadedFile("名单.docx", _docx_saying("申请人：张三，身份证号 630223 19850101 1234。"))
    catalog.add_attachment(item, upload=upload, actor=world.officer)
    parsed = []
    real = redaction.extract_pages
    monkeypatch.setattr(redaction, "extract_pages", lambda data, name: parsed.append(name) or real(data, name))
    for _ in range(3):  # the edit page, the preview, the publication step each screen the item
        assert [m.text for m in catalog.screen_hits(item)] == ["630223 19850101 1234"]
    assert parsed == ["名单.docx"]
