"""What an upload to the checker holds: files to check, and files skipped with the reason in
Chinese (an unknown type, an empty or oversize member, an archive in the archive). Images are
checked (by OCR), not skipped."""

import io
import os
import zipfile

import pytest

from gongkai.reports import uploads
from gongkai.reports.uploads import UploadError, expand


def _zip(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


REPORT = "某某局2024年政府信息公开工作年度报告\n".encode() * 3


def test_a_zip_lists_what_it_skips_and_why(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILE", 1000)
    out = expand("年报.zip", _zip([
        ("甲/2024年报.txt", REPORT),
        ("甲/扫描件.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 50),
        ("照片.jpg", b"\xff\xd8\xff" + b"\0" * 50),
        ("文字.wps", b"\xd0\xcf\x11\xe0"),
        ("空白.pdf", b""),
        ("大文件.pdf", os.urandom(1001)),  # random: incompressible, so not a bomb's ratio
        ("旧版.doc", b"\xd0\xcf\x11\xe0"),
        ("里面.zip", _zip([("a.txt", REPORT)])),
        ("说明", b"no extension"),
        ("__MACOSX/甲/._2024年报.txt", b"junk"), (".DS_Store", b"junk"), ("~$草稿.docx", b"junk"),
    ], zipfile.ZIP_STORED))
    # images are photos or scans of report pages: checked by OCR, not skipped
    assert out.files == [("2024年报.txt", REPORT), ("扫描件.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 50),
                         ("照片.jpg", b"\xff\xd8\xff" + b"\0" * 50)]
    reasons = dict(out.skipped)
    assert set(reasons) == {"文字.wps", "空白.pdf", "大文件.pdf", "旧版.doc", "里面.zip", "说明"}
    assert all(r.startswith("未检查：") for r in reasons.values())
    assert "WPS 文字文件" in reasons["文字.wps"]
    assert "文件为空" in reasons["空白.pdf"]
    assert "文件超过" in reasons["大文件.pdf"]
    assert "DOCX 或 PDF" in reasons["旧版.doc"]
    assert "压缩包中的压缩包" in reasons["里面.zip"]
    assert "没有扩展名" in reasons["说明"]


def test_a_single_file_is_skipped_the_same_way():
    out = expand("report.wps", b"\xd0\xcf\x11\xe0")
    assert out.files == [] and "WPS 文字文件" in dict(out.skipped)["report.wps"]
    assert expand("scan.png", b"\x89PNG").files == [("scan.png", b"\x89PNG")]  # an image is checked
    out = expand("empty.png", b"")
    assert out.files == [] and "文件为空" in dict(out.skipped)["empty.png"]
    out = expand("empty.txt", b"")
    assert out.files == [] and "文件为空" in dict(out.skipped)["empty.txt"]
    assert expand("a.txt", REPORT).files == [("a.txt", REPORT)]


def test_what_makes_the_archive_suspect_still_refuses_the_upload():
    with pytest.raises(UploadError, match="压缩比异常"):
        expand("bomb.zip", _zip([("big.rar", b"0" * (2 * 1024 * 1024))]))  # skipped type, still a bomb
    with pytest.raises(UploadError, match="压缩比异常"):
        expand("bomb.zip", _zip([("big.png", b"0" * (2 * 1024 * 1024))]))  # an image: the same guard
    with pytest.raises(UploadError, match="不是有效的 ZIP"):
        expand("bad.zip", b"PK not really")
    with pytest.raises(UploadError, match="没有文件"):
        expand("junk.zip", _zip([("__MACOSX/._a.txt", b"x")]))
    with pytest.raises(UploadError, match="Windows 可执行程序"):
        expand("a.zip", _zip([("a.pdf", b"MZ\x90\x00" + b"\0" * 60 + b"This program cannot be run in DOS mode.")]))


def test_a_small_member_that_compresses_well_is_no_bomb():
    """An old .doc padded with zeros compresses 150:1 but expands to 5 KB: it is listed as skipped and
    the rest of the archive is checked; a member that expands past 1 MB at that ratio is a bomb, and
    the refusal names it."""
    out = expand("各局.zip", _zip([("2024年报.txt", REPORT), ("旧版.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 5000)]))
    assert out.files == [("2024年报.txt", REPORT)] and "DOCX 或 PDF" in dict(out.skipped)["旧版.doc"]
    with pytest.raises(UploadError, match="“bomb.zip”中的“填充.txt”压缩比异常"):
        expand("bomb.zip", _zip([("2024年报.txt", REPORT), ("填充.txt", b"0" * (2 * 1024 * 1024))]))


def test_thousands_of_skipped_members_are_listed_up_to_the_limit(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILES", 3)
    out = expand("docs.zip", _zip([(f"{i}.wps", b"\xd0\xcf") for i in range(10)] + [("a.txt", REPORT)]))
    assert len(out.files) == 1
    assert [n for n, _ in out.skipped] == ["0.wps", "1.wps", "2.wps", "其余7个文件"]
