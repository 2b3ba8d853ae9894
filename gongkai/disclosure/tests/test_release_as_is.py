"""无需遮盖，按原件提供 (issue 14): a file the reply provides as it is — a PDF unchanged, a TXT/DOCX
rendered to PDF — with a written reason when the personal-data screen finds something in it or
cannot read it; 予以公开 accepts such files; the applicant downloads them with the query code."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from gongkai.accounts.errors import InvalidInput, NotAllowedNow, NotPermitted
from gongkai.disclosure import actions, releases
from gongkai.disclosure.models import Application, EventType, Release
from gongkai.documents.rendering import html_to_pdf

from .factories import fields, registered

CLEAN = "宅基地审批结果公示\n测试村2024年共审批宅基地12宗，面积合计1440平方米。\n".encode()
WITH_PHONE = "宅基地审批公示表\n申请人：李四，联系电话13812345678，面积120平方米。\n".encode()


def text_of(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")


def text_pdf() -> bytes:
    return html_to_pdf("<html><body style=\"font-family: 'Noto Serif CJK SC'\"><p>测试村宅基地审批结果一览</p>"
                       "</body></html>")


def scanned_pdf() -> bytes:
    return html_to_pdf("<html><body><div style='width: 5cm; height: 5cm; background: #888'></div></body></html>")


def uploaded(world, app, name, data, title="审批结果"):
    return releases.upload(app, actor=world.officer, title=title, upload=SimpleUploadedFile(name, data))


@pytest.fixture
def app(world):
    return registered(world, received_on=date(2025, 1, 20))


# -- the action -------------------------------------------------------------------------------

def test_a_clean_text_file_is_provided_as_a_pdf_without_a_reason(world, app):
    release = releases.provide_as_is(uploaded(world, app, "结果.txt", CLEAN), actor=world.officer)
    assert (release.state, release.unredacted, release.unredacted_reason, release.log) == ("released", True, "", [])
    pdf = bytes(release.released_pdf)
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    assert "共审批宅基地12宗，面积合计1440平方米" in text
    assert "区分处理" not in text and "■" not in text  # no marks, no 区分处理说明
    event = app.events.get(type=EventType.RELEASE_PREPARED)
    assert event.data["unredacted"] is True and event.data["redactions"] == 0 and event.data["release"] == release.pk
    assert ("按原件提供（未遮盖）", "是") in event.details
    assert (release.public_name, release.notice) == ("审批结果.pdf", "本文件按原件提供，未作遮盖。")


def test_personal_data_in_the_file_needs_a_reason_and_nothing_is_kept_without_one(world, app):
    release = uploaded(world, app, "公示表.txt", WITH_PHONE)
    with pytest.raises(InvalidInput) as e:
        releases.provide_as_is(release, actor=world.officer, reason="  ")
    assert "发现1处个人信息（手机号码）" in e.value.errors["reason"] and "须写明理由" in e.value.errors["reason"]
    release.refresh_from_db()
    assert (release.state, release.unredacted, release.released_pdf) == ("proposed", False, None)
    assert not app.events.filter(type=EventType.RELEASE_PREPARED).exists()

    release = releases.provide_as_is(release, actor=world.officer, reason="申请人即李四本人，所涉电话为其本人信息。")
    assert release.unredacted and release.unredacted_reason == "申请人即李四本人，所涉电话为其本人信息。"
    assert "13812345678" in text_of(bytes(release.released_pdf))  # provided as it is
    event = app.events.get(type=EventType.RELEASE_PREPARED)
    assert (event.data["reason"], event.data["personal_data"]) == ("申请人即李四本人，所涉电话为其本人信息。", 1)


def test_a_pdf_is_provided_byte_for_byte(world, app):
    data = text_pdf()
    release = releases.provide_as_is(uploaded(world, app, "结果.pdf", data), actor=world.officer)
    assert bytes(release.released_pdf) == data and "测试村宅基地审批结果一览" in release.released_text.replace(" ", "")


def test_a_scanned_pdf_can_only_be_provided_as_it_is_with_a_reason(world, app):
    data = scanned_pdf()
    release = uploaded(world, app, "扫描件.pdf", data)
    assert (release.has_text, release.proposed) == (False, [])
    with pytest.raises(InvalidInput):  # nothing to redact in it
        releases.confirm(release, actor=world.officer, chosen=[], extra_text="李四")
    with pytest.raises(InvalidInput) as e:
        releases.provide_as_is(release, actor=world.officer)
    assert "无法筛查" in e.value.errors["reason"]
    release = releases.provide_as_is(release, actor=world.officer, reason="经人工逐页核对，不含个人信息。")
    assert bytes(release.released_pdf) == data
    assert app.events.get(type=EventType.RELEASE_PREPARED).data["unscreened"] is True


def test_a_text_file_without_text_is_still_refused_at_upload(world, app):
    with pytest.raises(InvalidInput) as e:
        uploaded(world, app, "空.txt", "   \n".encode())
    assert "没有可提取的文字" in e.value.errors["file"]


@pytest.mark.parametrize("who", ["officer_y", "outsider", "office"])
def test_only_the_agency_staff_provide_a_file(world, app, who):
    release = uploaded(world, app, "结果.txt", CLEAN)
    with pytest.raises(NotPermitted):
        releases.provide_as_is(release, actor=getattr(world, who))
    assert Release.objects.get(pk=release.pk).state == "proposed"


def test_a_closed_case_takes_no_more_files(world, app):
    release = uploaded(world, app, "结果.txt", CLEAN)
    actions.decide(app, actor=world.officer, on=date(2025, 2, 3), outcome="granted", released=["审批结果"])
    with pytest.raises(NotAllowedNow):
        releases.provide_as_is(release, actor=world.officer)


def test_granted_takes_the_files_provided_as_they_are(world, app):
    releases.provide_as_is(uploaded(world, app, "结果.txt", CLEAN), actor=world.officer)
    app = actions.decide(app, actor=world.officer, on=date(2025, 2, 3), outcome="granted")
    assert app.outcome == "granted"
    assert app.events.get(type=EventType.DECIDED).data["released"] == ["审批结果"]
    assert [r.public_name for r in app.released_to_applicant()] == ["审批结果.pdf"]


def test_granted_is_refused_when_a_file_was_redacted(world, app):
    release = uploaded(world, app, "公示表.txt", WITH_PHONE, title="公示表")
    releases.confirm(release, actor=world.officer, chosen=["0"])
    with pytest.raises(InvalidInput) as e:
        actions.decide(app, actor=world.officer, on=date(2025, 2, 3), outcome="granted")
    assert "“公示表”已作遮盖" in e.value.errors["outcome"] and "部分公开" in e.value.errors["outcome"]
    assert Application.objects.get(pk=app.pk).status == "in_progress"


def test_partially_granted_may_mix_redacted_and_unredacted_files(world, app):
    releases.confirm(uploaded(world, app, "公示表.txt", WITH_PHONE, title="公示表"), actor=world.officer, chosen=["0"])
    releases.provide_as_is(uploaded(world, app, "结果.txt", CLEAN, title="审批结果"), actor=world.officer)
    app = actions.decide(app, actor=world.officer, on=date(2025, 2, 3), outcome="partially_granted",
                         reason="公示表含第三方个人信息。", withheld=[{"part": "联系电话", "reason": "个人隐私"}])
    assert [r.public_name for r in app.released_to_applicant()] == ["公示表（公开文本）.pdf", "审批结果.pdf"]


# -- the release page ---------------------------------------------------------------------------

def test_the_release_page_provides_a_file_as_it_is_and_the_applicant_downloads_it(client, world, monkeypatch):
    sub = actions.submit_application(agency=world.agency, fields=fields(form="download"))
    app = actions.confirm_receipt(sub.application, actor=world.officer, on=date.today())
    release = uploaded(world, app, "公示表.txt", WITH_PHONE, title="公示表")
    client.force_login(world.officer)
    url = f"/staff/applications/{app.number}/releases/{release.pk}/"
    page = client.get(url).content.decode()
    assert "无需遮盖，按原件提供" in page and "系统在文件中发现1处个人信息（手机号码）" in page
    assert "· 手机号码 ·" in page and "mobile" not in page  # the kind by its Chinese name

    r = client.post(url, {"as_is": "1", "as_is_reason": ""})
    assert r.status_code == 400
    assert "按原件提供须写明理由" in r.content.decode()
    assert Release.objects.get(pk=release.pk).state == "proposed"

    r = client.post(url, {"as_is": "1", "as_is_reason": "申请人即李四本人。"})
    assert r.status_code == 302 and r["Location"] == f"/staff/applications/{app.number}/"
    case = client.get(r["Location"]).content.decode()
    assert "按原件提供，未遮盖" in case and "申请人即李四本人。" in case  # the list and the history
    page = client.get(url).content.decode()
    assert "已按原件提供，未作遮盖" in page and "申请人即李四本人。" in page
    got = client.get(url + "?download=released")
    assert got.status_code == 200 and got.content.startswith(b"%PDF-")

    r = client.post(f"/staff/applications/{app.number}/steps/decide/", {
        "decide-date": date.today().isoformat(), "decide-outcome": "granted"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Application.objects.get(pk=app.pk).outcome == "granted"

    applicant = client.__class__()
    assert applicant.post("/applications/track/", {"number": app.number, "query_code": sub.query_code}).status_code == 302
    track = applicant.get(f"/applications/track/{app.number}/").content.decode()
    assert "公示表.pdf" in track and "本文件按原件提供，未作遮盖。" in track
    file_url = f"/applications/track/{app.number}/released/{release.pk}.pdf"
    assert file_url in track
    got = applicant.get(file_url)
    assert got.status_code == 200 and "13812345678" in text_of(got.content)
    assert client.__class__().get(file_url).status_code == 404  # not without the code


def test_the_release_page_offers_only_the_original_for_a_scanned_pdf(client, world, app):
    release = uploaded(world, app, "扫描件.pdf", scanned_pdf())
    client.force_login(world.officer)
    page = client.get(f"/staff/applications/{app.number}/releases/{release.pk}/").content.decode()
    assert "确认并制作公开文本" not in page and "只能按原件提供" in page
    assert "系统无法筛查其中的个人信息" in page and "按原件提供的理由（必填）" in page


def test_the_release_page_refuses_another_agency(client, world, app):
    release = uploaded(world, app, "结果.txt", CLEAN)
    client.force_login(world.officer_y)
    r = client.post(f"/staff/applications/{app.number}/releases/{release.pk}/", {"as_is": "1"})
    assert r.status_code == 404
    assert Release.objects.get(pk=release.pk).state == "proposed"


# -- the API ----------------------------------------------------------------------------------------

def test_the_api_provides_a_file_as_it_is(client, world):
    sub = actions.submit_application(agency=world.agency, fields=fields(form="download"))
    app = actions.confirm_receipt(sub.application, actor=world.officer, on=date.today())
    officer = {"HTTP_AUTHORIZATION": f"Bearer {world.token(world.officer)}"}
    url = f"/api/v1/staff/applications/{app.number}/releases"

    r = client.post(url, {"file": SimpleUploadedFile("公示表.txt", WITH_PHONE), "as_is": "true"}, **officer)
    assert r.status_code == 400 and "须写明理由" in r.json()["errors"]["reason"]
    assert app.releases.count() == 0  # nothing kept
    r = client.post(url, {"file": SimpleUploadedFile("公示表.txt", WITH_PHONE), "as_is": "true", "spans": "all",
                          "reason": "本人信息"}, **officer)
    assert r.status_code == 400 and "as_is" in r.json()["errors"] and app.releases.count() == 0

    r = client.post(url, {"file": SimpleUploadedFile("公示表.txt", WITH_PHONE), "as_is": "true", "title": "公示表",
                          "reason": "申请人即李四本人。"}, **officer)
    assert r.status_code == 201, r.content
    assert {k: r.json()[k] for k in ("name", "state", "redactions", "unredacted")} == {
        "name": "公示表", "state": "released", "redactions": 0, "unredacted": True}
    r = client.post(url, {"file": SimpleUploadedFile("其他.txt", CLEAN), "title": "审批结果", "as_is": "true"},
                    **officer)
    assert r.status_code == 201 and r.json()["unredacted"] is True  # clean: no reason needed

    r = client.post(f"/api/v1/staff/applications/{app.number}/events",
                    {"type": "decide", "date": date.today().isoformat(), "outcome": "granted",
                     "released": ["公示表", "审批结果"]}, content_type="application/json", **officer)
    assert r.status_code == 200, r.content
    data = client.get(f"/api/v1/applications/{app.number}", HTTP_X_QUERY_CODE=sub.query_code).json()
    assert [(x["name"], x["notice"]) for x in data["released"]] == [
        ("公示表.pdf", "本文件按原件提供，未作遮盖。"), ("审批结果.pdf", "本文件按原件提供，未作遮盖。")]
    got = client.get(data["released"][1]["url"], HTTP_X_QUERY_CODE=sub.query_code)
    assert got.status_code == 200 and "共审批宅基地12宗" in text_of(got.content)
    assert client.get(data["released"][1]["url"]).status_code == 404
