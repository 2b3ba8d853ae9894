"""The applicant's pages (issue 14): online 补正 on the tracking page, the released files for the
applicant only, e-mail delivery, staff recording the hand-over, paper corrections, the ZIP."""

import io
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.accounts.errors import InvalidInput, NotAllowedNow
from gongkai.disclosure import actions, releases
from gongkai.disclosure.models import Application, Correction, EventType

from .factories import fields, registered

DOCUMENT = "宅基地审批公示表\n申请人：李四，联系电话13812345678，面积120平方米。\n".encode()


TODAY = {"d": date(2025, 1, 20)}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Submitted on Mon 2025-01-20; staff record the later steps at the end of the year."""
    TODAY["d"] = date(2025, 1, 20)
    monkeypatch.setattr(actions, "_today", lambda: TODAY["d"])


def tracked(client, app, code):
    r = client.post("/applications/track/", {"number": app.number, "query_code": code})
    assert r.status_code == 302
    return client


def online(world, on=date(2025, 1, 20), **overrides):
    sub = actions.submit_application(agency=world.agency, fields=fields(**overrides))
    TODAY["d"] = date(2025, 12, 31)
    app = actions.confirm_receipt(sub.application, actor=world.officer, on=on)
    return app, sub.query_code


def asked_to_correct(world, **overrides):
    app, code = online(world, **overrides)
    app = actions.request_correction(app, actor=world.officer, on=date(2025, 1, 22), items="请写明村名",
                                     deadline=date(2025, 2, 14))
    return app, code


def decided_with_release(world, **overrides):
    app, code = online(world, **overrides)
    release = releases.upload(app, actor=world.officer, title="公示表", upload=SimpleUploadedFile("公示表.txt", DOCUMENT))
    release = releases.confirm(release, actor=world.officer, chosen=["0"])
    app = actions.decide(app, actor=world.officer, on=date(2025, 2, 10), outcome="partially_granted",
                         reason="含第三方个人信息。", withheld=[{"part": "联系电话", "reason": "个人隐私"}])
    return app, code, release


def test_the_tracking_page_takes_the_corrected_request(client, world, django_capture_on_commit_callbacks):
    world.officer.email = "officer@example.gov.cn"
    world.officer.save()
    app, code = asked_to_correct(world)
    tracked(client, app, code)
    page = client.get(f"/applications/track/{app.number}/").content.decode()
    assert "网上补正" in page and "提交补正" in page and "2025年2月14日前提交" in page

    TODAY["d"] = date(2025, 2, 5)  # the applicant corrects on Wed 2025-02-05
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/applications/track/{app.number}/correction/", {
            "content": "测试村2024年宅基地审批结果", "file": SimpleUploadedFile("说明.txt", "村名".encode())})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.content == "2024年本村宅基地审批结果及公示材料"  # the original stays
    correction = app.corrections.get()
    assert correction.content == "测试村2024年宅基地审批结果" and correction.received_on is None
    assert [(a.filename, bytes(a.data)) for a in correction.attachments.all()] == [("说明.txt", "村名".encode())]
    assert app.events.filter(type=EventType.CORRECTION_SUBMITTED).count() == 1
    told = [m for m in mail.outbox if m.to == ["officer@example.gov.cn"]][0]
    assert app.number in told.subject and "王小二" not in told.body  # numbers and dates only
    TODAY["d"] = date(2025, 12, 31)
    page = client.get(f"/applications/track/{app.number}/").content.decode()
    assert f"/applications/track/{app.number}/correction/" not in page and "2025年2月5日 网上提交，等待机关确认收到" in page

    # the officer sees it on the case page and confirms its receipt: the clock restarts
    staff = Client()
    staff.force_login(world.officer)
    case = staff.get(f"/staff/applications/{app.number}/").content.decode()
    assert "补正后的申请" in case and "测试村2024年宅基地审批结果" in case and "网上提交补正" in case
    r = staff.post(f"/staff/applications/{app.number}/steps/receive_correction/",
                   {"receive_correction-date": "2025-02-10"})
    assert r.status_code == 302
    app.refresh_from_db()
    correction.refresh_from_db()
    # Mon 2025-02-10 + 20 working days: 2/11–14 (4), 2/17–21 (9), 2/24–28 (14), 3/3–7 (19), 3/10 (20)
    assert correction.received_on == date(2025, 2, 10) and app.due_on == date(2025, 3, 10)
    attachment = correction.attachments.get()
    assert staff.get(f"/staff/applications/{app.number}/corrections/files/{attachment.pk}").content == "村名".encode()
    other = Client()
    other.force_login(world.officer_y)
    assert other.get(f"/staff/applications/{app.number}/corrections/files/{attachment.pk}").status_code == 404


def test_bad_corrections_are_refused_in_chinese_and_nothing_is_kept(client, world, monkeypatch):
    app, code = asked_to_correct(world)
    tracked(client, app, code)
    url = f"/applications/track/{app.number}/correction/"
    r = client.post(url, {"content": "  "})
    assert r.status_code == 400 and "此项必填" in r.content.decode()
    r = client.post(url, {"content": "村"})
    assert r.status_code == 400 and "请填写补正后的申请内容（至少4个字）" in r.content.decode()
    monkeypatch.setattr(actions, "CORRECTION_FILE_MAX_BYTES", 100)
    r = client.post(url, {"content": "测试村的材料", "file": SimpleUploadedFile("扫描.pdf", b"%PDF-1.4\n" + b"0" * 200)})
    assert r.status_code == 400 and "超过" in r.content.decode()
    r = client.post(url, {"content": "测试村的材料", "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00")})
    assert r.status_code == 400 and "可执行程序" in r.content.decode()
    assert not Correction.objects.exists()
    # a stranger (no code in this browser) gets 404
    assert Client().post(url, {"content": "测试村的材料"}).status_code == 404


def test_a_correction_is_refused_when_none_is_awaited(world):
    app, _ = online(world)
    with pytest.raises(NotAllowedNow, match="没有需要补正的内容"):
        actions.submit_correction(app, content="测试村的材料")


def test_a_paper_correction_is_recorded_with_its_content_and_scan(world):
    app, _ = asked_to_correct(world)
    with pytest.raises(InvalidInput) as e:
        actions.receive_correction(app, actor=world.officer, on=date(2025, 2, 3),
                                   scans=[SimpleUploadedFile("扫描.pdf", b"%PDF-1.4 scan")])
    assert "请录入补正后的申请内容" in e.value.errors["content"]
    app = actions.receive_correction(app, actor=world.officer, on=date(2025, 2, 3), content="测试村宅基地审批结果",
                                     scans=[SimpleUploadedFile("扫描.pdf", b"%PDF-1.4 scan")])
    correction = app.corrections.get()
    assert (correction.via, correction.received_on, correction.recorded_by) == ("paper", date(2025, 2, 3), world.officer)
    assert correction.attachments.get().filename == "扫描.pdf"
    event = app.events.get(type=EventType.CORRECTION_RECEIVED)
    assert event.data == {"correction": correction.pk, "how": "registered"}


def test_receiving_a_paper_correction_without_content_warns(world):
    app, _ = asked_to_correct(world)
    app = actions.receive_correction(app, actor=world.officer, on=date(2025, 2, 3))
    assert any("未录入补正后的申请内容" in w for w in app.warnings)
    assert not app.corrections.exists()


def test_the_released_file_reaches_only_the_applicant(client, world):
    app, code, release = decided_with_release(world, form="download")
    tracked(client, app, code)
    page = client.get(f"/applications/track/{app.number}/").content.decode()
    url = f"/applications/track/{app.number}/released/{release.pk}.pdf"
    assert "提供的政府信息" in page and url in page and "公示表（公开文本）.pdf" in page
    assert "本文件已作区分处理，遮盖1处" in page and code not in page
    got = client.get(url)
    assert got.status_code == 200 and got.content == bytes(release.released_pdf) and got.content != DOCUMENT
    assert Client().get(url).status_code == 404  # another browser without the code
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get(url).status_code == 404
    staff_url = f"/staff/applications/{app.number}/releases/{release.pk}/?download=released"
    other_staff = Client()
    other_staff.force_login(world.officer_y)
    assert other_staff.get(staff_url).status_code == 404
    own = Client()
    own.force_login(world.officer)
    assert own.get(staff_url).status_code == 200


def test_the_applicant_account_downloads_it_without_the_code(world):
    app, _, release = decided_with_release(world)
    Application.objects.filter(pk=app.pk).update(applicant=world.outsider)
    owner = Client()
    owner.force_login(world.outsider)
    assert app.number in owner.get("/applications/track/").content.decode()
    got = owner.get(f"/applications/track/{app.number}/released/{release.pk}.pdf")
    assert got.status_code == 200 and got.content == bytes(release.released_pdf)


def test_the_zip_holds_the_letters_and_the_released_files(client, world):
    app, code, release = decided_with_release(world)
    tracked(client, app, code)
    z = zipfile.ZipFile(io.BytesIO(client.get(f"/applications/track/{app.number}/export.zip").content))
    names = z.namelist()
    assert "提供的政府信息/01-公示表（公开文本）.pdf" in names
    assert z.read("提供的政府信息/01-公示表（公开文本）.pdf") == bytes(release.released_pdf)
    assert any(n.startswith("文书/") and "答复书" in n for n in names)
    assert not any(n.endswith(".txt") for n in names)  # never the original


def test_email_delivery_sends_the_reply_and_the_file_and_records_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app, code, release = decided_with_release(world, form="email", delivery="email")
    sent = [m for m in mail.outbox if "提供的信息" in m.subject]
    assert len(sent) == 1 and sent[0].to == ["wang@example.com"]
    attached = {name: data for name, data, _ in sent[0].attachments}
    assert attached["公示表（公开文本）.pdf"] == bytes(release.released_pdf)
    assert any("答复书" in name for name in attached)
    event = app.events.get(type=EventType.INFORMATION_PROVIDED)
    assert event.data["provided_by"] == "email" and event.data["files"] == ["公示表（公开文本）.pdf"]


def test_email_delivery_with_the_console_backend_says_it_was_not_sent(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    app, _, _ = decided_with_release(world, form="email", delivery="email")
    event = app.events.get(type=EventType.INFORMATION_PROVIDED)
    assert event.data["provided_by"] == "email_not_sent"
    assert ("提供方式", "电子邮件未发出（平台未配置邮件服务）") in event.details


def test_staff_record_the_postal_hand_over_on_the_case_page(client, world):
    app, code, _ = decided_with_release(world, form="paper")
    staff = Client()
    staff.force_login(world.officer)
    case = staff.get(f"/staff/applications/{app.number}/").content.decode()
    assert "登记提供信息" in case and "邮件单号" in case
    url = f"/staff/applications/{app.number}/steps/record_provision/"
    r = staff.post(url, {"record_provision-date": "2025-02-11", "record_provision-provided_by": "post"})
    assert r.status_code == 400 and "邮寄的，请填写邮件单号。" in r.content.decode()
    r = staff.post(url, {"record_provision-date": "2025-02-09", "record_provision-provided_by": "post",
                         "record_provision-tracking_number": "EMS1234567890"})
    assert "不能早于答复日期 2025年2月10日" in r.content.decode()
    r = staff.post(url, {"record_provision-date": "2025-02-11", "record_provision-provided_by": "post",
                         "record_provision-tracking_number": "EMS1234567890"})
    assert r.status_code == 302
    event = app.events.get(type=EventType.INFORMATION_PROVIDED)
    assert event.date == date(2025, 2, 11) and event.data["tracking_number"] == "EMS1234567890"
    tracked(client, app, code)
    page = client.get(f"/applications/track/{app.number}/").content.decode()
    assert "邮件单号 EMS1234567890" in page and "提供方式 邮寄" in page


def test_recording_a_hand_over_is_refused_for_a_refusal(world):
    TODAY["d"] = date(2025, 12, 31)
    app = actions.decide(registered(world), actor=world.officer, on=date(2025, 2, 10), outcome="other_other",
                         reason="申请人撤回")
    with pytest.raises(NotAllowedNow, match="只有予以公开、部分公开"):
        actions.record_provision(app, actor=world.officer, on=date(2025, 2, 11), provided_by="pickup")
    staff = Client()
    staff.force_login(world.officer)
    assert "登记提供信息" not in staff.get(f"/staff/applications/{app.number}/").content.decode()


def test_the_applicant_is_mailed_the_correction_notice_with_where_to_correct(world, django_capture_on_commit_callbacks):
    """Missing the 补正 deadline counts as giving up the application (第三十条): the applicant must
    hear of it, not only find it on the track page."""
    with django_capture_on_commit_callbacks(execute=True):
        app, _ = asked_to_correct(world)
    sent = [m for m in mail.outbox if m.to == ["wang@example.com"] and "补正" in m.subject]
    assert len(sent) == 1 and app.number in sent[0].subject
    body = sent[0].body
    assert "需要补正的事项：请写明村名" in body and "请于2025年2月14日前补正" in body and "视为放弃申请" in body
    assert "/applications/track/" in body and f"输入申请编号 {app.number} 和查询码" in body
    assert "查询码：" not in body  # the code never travels by mail


def test_a_description_over_5000_characters_is_refused_on_every_channel(client, world):
    """A 200,000-character description was accepted and made a 338-page receipt."""
    long = "申请公开威远镇土地征收补偿安置方案" * 300  # 5,100 characters
    r = client.post("/agencies/dept-x/apply/", fields(content=long) | {"confirmed": "1"})
    assert r.status_code in (200, 400) and "不能超过5000字（现有5100字）" in r.content.decode()
    r = client.post("/api/v1/applications", fields(agency="dept-x", content=long), content_type="application/json")
    assert r.status_code == 400 and "不能超过5000字" in r.json()["errors"]["content"]
    with pytest.raises(InvalidInput) as e:
        registered(world, content=long)
    assert "不能超过5000字" in e.value.errors["content"]
    assert not Application.objects.exists()
    assert actions.content_too_long("字" * 5000) == ""


@pytest.mark.parametrize("code, words", [
    ("914403001922038216", None),  # 华为技术有限公司, as published
    ("9144030071526726XG", None),  # 深圳市腾讯计算机系统有限公司
    ("91632126MA7111110K", "校验码（第18位）不对"),
    ("91632126MA7I11110K", "不含 I、O、S、V、Z"),
    ("91632126MA711111", "为18位"),
])
def test_a_credit_code_is_checked_to_its_check_character(code, words):
    from gongkai.disclosure.forms import ApplicationForm

    form = ApplicationForm(fields(applicant_type="commercial_enterprise", contact_name="王经理",
                                  id_type="credit_code", id_number=code, name="互助县兴农农业开发有限公司"))
    form.is_valid()
    errors = form.errors.get("id_number", [])
    assert (not errors) if words is None else (words in errors[0]), errors


def test_letters_after_a_correction_quote_the_corrected_request(world):
    """The office answers the request as corrected, not the one it called unclear."""
    app, _ = asked_to_correct(world)
    TODAY["d"] = date(2025, 2, 5)
    actions.submit_correction(app, content="测试村2024年宅基地审批结果", files=[])
    TODAY["d"] = date(2025, 2, 6)
    app = actions.receive_correction(Application.objects.get(pk=app.pk), actor=world.officer, on=date(2025, 2, 6))
    TODAY["d"] = date(2025, 2, 20)
    app = actions.decide(app, actor=world.officer, on=date(2025, 2, 20), outcome="granted", released=["审批结果"])
    text = app.letters.get(kind="decision").text
    assert "测试村2024年宅基地审批结果（2025年2月6日补正后的申请内容）" in text
    assert "2024年本村宅基地审批结果及公示材料" not in text
    earlier = app.letters.get(kind="correction").text  # the notice itself quoted the original
    assert "2024年本村宅基地审批结果及公示材料" in earlier


def test_a_refused_correction_says_so_at_the_top_and_returns_to_the_form(client, world):
    """The form is far down the page: after a refused upload the applicant must not be left at the
    top of an unchanged-looking page."""
    app, code = asked_to_correct(world)
    tracked(client, app, code)
    TODAY["d"] = date(2025, 2, 5)
    r = client.post(f"/applications/track/{app.number}/correction/", {
        "content": "测试村2024年宅基地审批结果", "file": SimpleUploadedFile("说明.exe", b"MZ\x90\x00")})
    page = r.content.decode()
    assert r.status_code == 400 and not app.corrections.exists()
    top = page.index("<h1>")
    assert page.index("补正没有提交", top) < page.index('id="correct-online"')
    assert f'action="/applications/track/{app.number}/correction/#correct-online"' in page
