"""The report workspace, public report pages and the checker upload, through the pages."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from gongkai.reports.tests import complete

from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401
from gongkai.disclosure.tests.factories import registered
from gongkai.reports.models import AnnualReport, CheckBatch, Status
from gongkai.reports.tasks import check_batch_now

EXAMPLE = Path(__file__).parent / "corpus"


def _example_bytes() -> bytes:
    for p in sorted(EXAMPLE.rglob("*.txt")):
        if "22ace0d495ac63ac" in p.name:
            return p.read_bytes()
    pytest.skip("example report not in the corpus")


@pytest.fixture
def drafted(world, client):
    registered(world, received_on=date(2024, 3, 4))
    client.force_login(world.officer)
    r = client.post("/staff/reports/dept-x/start/", {"year": "2024"})
    assert r.status_code == 302 and r.headers["Location"] == "/staff/reports/dept-x/2024/"
    return AnnualReport.objects.get(agency=world.agency, year=2024)


def test_it_walks_a_report_from_draft_to_publication(world, client, drafted):
    page = client.get("/staff/reports/dept-x/2024/").content.decode()
    assert "本年新收政府信息公开申请1件" in page
    # table 二's figures were never entered: missing, not 0, and the page links to where they are entered
    assert "“行政许可”的“本年处理决定数量”尚未填报" in page and 'href="/staff/catalog/figures/dept-x/2024/#id_licensing"' in page
    text = complete.sections(world.agency, 2024)
    form = {"step": "save", "appeals": "", "proactive": "", "applications": "", "correction_note": "",
            **text, "other": "本年度未收取信息处理费。"}
    client.post("/staff/reports/dept-x/2024/", form)
    refused = client.post(f"/staff/reports/version/{drafted.pk}/step/", {"step": "submit"}, follow=True)
    assert "不能提交审核" in refused.content.decode()
    drafted.refresh_from_db()
    assert drafted.status == Status.DRAFT
    client.post("/staff/catalog/figures/dept-x/2024/", {"licensing": "0", "punishment": "2", "coercion": "0",
                                                        "fees_10k_yuan": "0"})
    client.post(f"/staff/reports/version/{drafted.pk}/step/", {"step": "refresh"})
    drafted.refresh_from_db()
    assert drafted.tables["proactive"]["licensing"]["decisions"] == 0  # entered as 0: a figure now
    assert [f["code"] for f in drafted.blocking()] == ["other.work_items_missing"]
    key = next(f["key"] for f in drafted.findings_with_reviews() if f["code"] == "other.work_items_missing")
    # the officer cannot wave a warning through; the head can, with a reason, and it survives a re-count
    client.post(f"/staff/reports/version/{drafted.pk}/step/", {"step": "review", "key": key,
                                                                "state": "acknowledged", "reason": "本年无其他事项"})
    drafted.refresh_from_db()
    assert drafted.reviews == {}
    client.force_login(world.head)
    no_reason = client.post(f"/staff/reports/version/{drafted.pk}/step/",
                            {"step": "review", "key": key, "state": "acknowledged", "reason": " "}, follow=True)
    assert "请说明理由" in no_reason.content.decode()
    client.post(f"/staff/reports/version/{drafted.pk}/step/", {"step": "review", "key": key,
                                                                "state": "acknowledged", "reason": "本年无其他事项"})
    client.post(f"/staff/reports/version/{drafted.pk}/step/", {"step": "refresh"})
    drafted.refresh_from_db()
    assert drafted.reviews[key]["reason"] == "本年无其他事项" and drafted.blocking() == []
    assert "负责人已确认：本年无其他事项" in client.get("/staff/reports/dept-x/2024/").content.decode()
    client.force_login(world.officer)
    client.post(f"/staff/reports/version/{drafted.pk}/step/", {"step": "submit"})
    client.post(f"/staff/reports/version/{drafted.pk}/step/", {"step": "publish"})
    drafted.refresh_from_db()
    assert drafted.status == Status.REVIEW  # an officer cannot publish
    client.force_login(world.head)
    client.post(f"/staff/reports/version/{drafted.pk}/step/", {"step": "publish"})
    drafted.refresh_from_db()
    assert drafted.status == Status.PUBLISHED
    client.logout()
    public = client.get("/agencies/dept-x/reports/2024/")
    assert public.status_code == 200 and "测试县自然资源局2024年政府信息公开工作年度报告" in public.content.decode()
    assert client.get("/agencies/dept-x/reports/").status_code == 200
    assert "/reports/report.css" in public.content.decode()
    css = client.get("/reports/report.css")
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css") and b".ar" in css.content
    assert client.get("/agencies/dept-x/reports/2024/report.json").json()["tables"]["applications"][
        "new_received"]["total"] == 1


def test_it_hides_drafts_and_other_agencies_reports(world, client, drafted):
    client.logout()
    assert client.get("/agencies/dept-x/reports/2024/").status_code == 404
    assert client.get("/agencies/dept-x/reports/2024/report.pdf").status_code == 404
    assert client.get(f"/agencies/dept-x/reports/2024/?version={drafted.version}").status_code == 404
    for user in (world.officer_y, world.outsider):
        client.force_login(user)
        assert client.get("/staff/reports/dept-x/2024/").status_code == 404
        assert client.get(f"/staff/reports/version/{drafted.pk}/export.json").status_code == 404
        assert client.post(f"/staff/reports/version/{drafted.pk}/step/", {"step": "submit"}).status_code == 404
    client.force_login(world.office)  # the disclosure office sees its government's departments
    assert client.get("/staff/reports/dept-x/2024/").status_code == 200
    overview = client.get("/staff/reports/?year=2024").content.decode()
    assert "测试县自然资源局" in overview and "测试县财政局" in overview


def test_it_checks_an_uploaded_report_and_imports_it(world, client):
    client.force_login(world.officer)
    data = _example_bytes()
    upload = io.BytesIO(data)
    upload.name = "互助县自然资源局2024年报.txt"
    r = client.post("/staff/check/", {"files": [upload]})
    assert r.status_code == 302
    batch = CheckBatch.objects.latest("pk")
    page = client.get(r.headers["Location"]).content.decode()
    assert "已完成" in page and "错误" in page
    item = batch.files.get()
    assert item.result["tables"]["appeals"]["reconsideration"]["upheld"] == 9
    xlsx = client.get(f"/staff/check/{batch.pk}/results.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    import openpyxl

    sheet = {row[0]: row[1] for row in openpyxl.load_workbook(io.BytesIO(xlsx.content))["体检结果"].iter_rows(
        values_only=True)}
    assert sheet["项目"] == "互助县自然资源局2024年报.txt" and sheet["错误"] == item.errors
    assert sheet["appeals.reconsideration.upheld（行政复议·结果维持）"] == 9
    # another agency's report, with errors: not imported (test_import_refusals has the rest)
    r = client.post(f"/staff/check/{batch.pk}/files/{item.pk}/attach/",
                    {f"f{item.pk}-agency": world.agency.pk, f"f{item.pk}-year": "2024"}, follow=True)
    page = r.content.decode()
    assert "不能导入为测试县自然资源局2024年度报告：文件识别出的机关是“互助县自然资源局”，不是测试县自然资源局" in page
    assert not AnnualReport.objects.filter(agency=world.agency, year=2024).exists()
    client.force_login(world.officer_y)
    assert client.get(f"/staff/check/{batch.pk}/").status_code == 404


def _zip(entries, compression=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries:
            z.writestr(name, data)
    buf.seek(0)
    buf.name = "reports.zip"
    return buf


def test_it_reads_a_zip_without_trusting_its_paths(world, client):
    client.force_login(world.officer)
    data = _example_bytes()
    r = client.post("/staff/check/", {"files": [_zip([("../../etc/evil.txt", data), ("a/b/report.txt", data),
                                                      ("notes.exe", b"MZ")])]})
    assert r.status_code == 302
    batch = CheckBatch.objects.latest("pk")
    check_batch_now(batch.pk)  # the background worker's job
    assert sorted(batch.files.values_list("name", flat=True)) == ["evil.txt", "notes.exe", "report.txt"]
    assert "不是支持的文件类型" in batch.files.get(name="notes.exe").error
    assert not Path("/etc/evil.txt").exists()


def test_the_checker_workbook_shows_formula_like_member_names_as_text(world, client):
    import openpyxl

    client.force_login(world.officer)
    data = _example_bytes()
    names = ["=SUM(1,2).txt", "@cmd.txt", "+1.txt", "-1.txt"]
    r = client.post("/staff/check/", {"files": [_zip([(n, data) for n in names])]})
    assert r.status_code == 302
    batch = CheckBatch.objects.latest("pk")
    check_batch_now(batch.pk)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/staff/check/{batch.pk}/results.xlsx").content))
    header = [c for c in next(book["体检结果"].iter_rows(max_row=1))][1:]
    assert sorted(c.value for c in header) == ["'+1.txt", "'-1.txt", "'=SUM(1,2).txt", "'@cmd.txt"]
    assert {c.data_type for c in header} == {"s"}  # text, not a formula
    listed = {row[0] for row in book["问题清单"].iter_rows(min_row=2, values_only=True)}
    assert listed and all(v.startswith("'") for v in listed)


def test_it_lists_the_files_it_skips_with_the_reason(world, client):
    """A file in a ZIP that is not checked is in the batch, on the page and in the workbook."""
    client.force_login(world.officer)
    r = client.post("/staff/check/", {"files": [_zip([("2024年报.txt", _example_bytes()),
                                                      ("第3页.wps", b"\xd0\xcf\x11\xe0" + b"\0" * 64),
                                                      ("空的.pdf", b"")])]})
    assert r.status_code == 302
    batch = CheckBatch.objects.latest("pk")
    assert (batch.total, batch.checked, batch.state) == (3, 3, CheckBatch.State.DONE)  # one small file: at once
    page = client.get(f"/staff/check/{batch.pk}/").content.decode()
    assert "第3页.wps" in page and "未检查：WPS 文字文件" in page
    assert "空的.pdf" in page and "未检查：文件为空" in page
    assert "其中 2 个文件未检查" in page
    # the findings by their Chinese names (the example has no table 二: 缺少统计表), the code beside
    assert "缺少统计表<br><code class=\"finding-code\">table.missing</code>" in page
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/staff/check/{batch.pk}/results.xlsx").content))
    rows = list(book["体检结果"].iter_rows(values_only=True))
    names, unread = rows[0], next(r for r in rows if r[0] == "无法读取")
    assert unread[names.index("第3页.wps")].startswith("未检查：WPS 文字文件")
    listed = list(book["问题清单"].iter_rows(values_only=True))
    assert listed[0] == ("文件", "问题", "代码", "级别", "说明", "位置")
    assert ("2024年报.txt", "缺少统计表", "table.missing", "错误") in {r[:4] for r in listed}


def test_it_refuses_an_upload_with_nothing_to_check_and_says_why(world, client):
    client.force_login(world.officer)
    wps = io.BytesIO(b"\xd0\xcf\x11\xe0")
    wps.name = "年报.wps"
    r = client.post("/staff/check/", {"files": [wps]})
    text = r.content.decode()
    assert r.status_code == 400 and "没有可检查的文件" in text and "年报.wps" in text and "另存为 DOCX" in text
    assert CheckBatch.objects.count() == 0


def test_it_refuses_zip_bombs_and_unsupported_files(world, client):
    client.force_login(world.officer)
    bomb = _zip([("big.txt", b"0" * (30 * 1024 * 1024))])
    r = client.post("/staff/check/", {"files": [bomb]})
    assert r.status_code == 400 and ("压缩比异常" in r.content.decode() or "超过" in r.content.decode())
    exe = io.BytesIO(b"MZ\x90\x00")
    exe.name = "virus.exe"
    r = client.post("/staff/check/", {"files": [exe]})
    assert "不是支持的文件类型" in r.content.decode()
    r = client.post("/staff/check/", {})
    assert "请选择要检查的文件" in r.content.decode()
    assert CheckBatch.objects.count() == 0


def test_it_renders_a_published_version_once_and_keeps_it(world, client, drafted, settings, tmp_path):
    from gongkai.reports import actions
    from gongkai.reports.exports_cache import export_bytes

    settings.MEDIA_ROOT = tmp_path
    r = complete.submit(drafted, officer=world.officer)
    r = actions.publish_report(r, actor=world.head, on=date(2025, 1, 20))
    first = export_bytes(r, "json")
    registered(world, received_on=date(2024, 6, 3))  # later cases do not change a published report
    assert export_bytes(AnnualReport.objects.get(pk=r.pk), "json") == first
    cached = list((tmp_path / "reports/exports/dept-x/2024").iterdir())
    assert [p.name[:3] for p in cached] == ["v1-"] and cached[0].suffix == ".json"


def _published(world, drafted, overview):
    from gongkai.reports import actions

    r = complete.ready(drafted, officer=world.officer)
    r = actions.edit_sections(r, actor=world.officer,
                              overview=complete.sections(world.agency, drafted.year)["overview"] + "\n\n" + overview)
    r = actions.submit_report(r, actor=world.officer)
    return actions.publish_report(r, actor=world.head, on=date(2025, 1, 20))


def test_a_disk_full_during_the_first_export_never_leaves_a_truncated_file_to_serve(
        world, client, drafted, settings, tmp_path, monkeypatch):
    import errno
    import os

    from gongkai.reports import builder
    from gongkai.reports.exports import render

    settings.MEDIA_ROOT = tmp_path
    r = _published(world, drafted, "总体情况甲。")
    real_fdopen = os.fdopen

    class DiskFull:
        """Writes half of what it is given, then the disk is full."""

        def __init__(self, f):
            self.f = f

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    def fdopen(fd, *args, **kwargs):
        f = real_fdopen(fd, *args, **kwargs)
        return DiskFull(f) if "reports/exports" in os.readlink(f"/proc/self/fd/{fd}") else f

    url = "/agencies/dept-x/reports/2024/report.json"
    monkeypatch.setattr(os, "fdopen", fdopen)
    first = client.get(url)
    monkeypatch.setattr(os, "fdopen", real_fdopen)
    expected = render(builder.to_document(AnnualReport.objects.get(pk=r.pk)), "json")
    assert first.status_code == 200 and first.content == expected  # served whole though not cached
    folder = tmp_path / "reports/exports/dept-x/2024"
    assert not folder.exists() or not list(folder.iterdir())  # no partial file left behind
    second = client.get(url)
    assert second.status_code == 200 and second.content == expected
    assert second.json()["sections"]["overview"] .endswith("总体情况甲。")
    assert [p.read_bytes() for p in folder.iterdir()] == [expected]  # cached now, whole


def test_a_restored_version_with_other_content_never_serves_the_cached_file(world, client, drafted, settings,
                                                                            tmp_path):
    settings.MEDIA_ROOT = tmp_path
    r = _published(world, drafted, "总体情况甲。")
    url = "/agencies/dept-x/reports/2024/report.json"
    assert client.get(url).json()["sections"]["overview"] .endswith("总体情况甲。")
    # a backup restored over the site: version 1 of the same report now holds other text
    AnnualReport.objects.filter(pk=r.pk).update(overview="总体情况乙。")
    assert client.get(url).json()["sections"]["overview"] == "总体情况乙。"
    assert len(list((tmp_path / "reports/exports/dept-x/2024").iterdir())) == 2


def test_a_draft_with_figures_not_yet_entered_still_previews_in_every_format(world, client, drafted):
    client.force_login(world.officer)
    assert drafted.tables["proactive"]["punishment"]["decisions"] is None
    for fmt in ("html", "pdf", "docx", "xlsx", "json"):
        r = client.get(f"/staff/reports/version/{drafted.pk}/export.{fmt}")
        assert r.status_code == 200, fmt
    assert client.get(f"/staff/reports/version/{drafted.pk}/export.json").json()[
        "tables"]["proactive"]["punishment"]["decisions"] is None


def test_a_cached_file_of_an_earlier_rendering_is_made_again(world, client, drafted, settings, tmp_path,
                                                             monkeypatch):
    """A release that changes what a format prints (exports.RENDERING) does not serve the files an
    earlier release cached for the same published version."""
    from gongkai.reports import exports_cache

    settings.MEDIA_ROOT = tmp_path
    _published(world, drafted, "总体情况甲。")
    url = "/agencies/dept-x/reports/2024/report.json"
    assert client.get(url).status_code == 200
    monkeypatch.setattr(exports_cache, "RENDERING", exports_cache.RENDERING + 1)
    assert client.get(url).status_code == 200
    assert len(list((tmp_path / "reports/exports/dept-x/2024").iterdir())) == 2
