"""Uploads are checked by content and size everywhere files are accepted: a zip bomb, a PDF with
JavaScript and a renamed program are refused with a clear Chinese message, and nothing is kept."""

from __future__ import annotations

import functools
import inspect
import io
import re
import zipfile
import zlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401 - autouse: fast letter PDFs
from gongkai.portal.uploads import UnsafeUpload, check_bytes

# -- the files --------------------------------------------------------------------------------------


def pdf(*objects: bytes) -> bytes:
    """A small well-formed PDF (classic xref table) with ``objects`` as objects 1, 2, …"""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PAGES = (b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
CLEAN_PDF = pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>", *PAGES)  # opens a page: fine
JS_PDF = pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", *PAGES,
             b"<< /Type /Action /S /JavaScript /JS (app.alert\\('x'\\)) >>")
ESCAPED_JS_PDF = pdf(b"<< /Type /Catalog /Pages 2 0 R /Names << /J#61vaScript 4 0 R >> >>", *PAGES,
                     b"<< /Names [(a) 5 0 R] >>")
LAUNCH_PDF = pdf(b"<< /Type /Catalog /Pages 2 0 R >>", PAGES[0],
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /AA << /O << /S /Launch /F (cmd.exe) >> >> >>")


def object_stream_pdf(objstm: bytes = b"/ObjStm") -> bytes:
    """PDF 1.5: the JavaScript action hides in a compressed object stream, the xref is a stream."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def obj(num, body):
        offsets[num] = len(out)
        out.extend(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    obj(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    obj(2, PAGES[0])
    obj(3, PAGES[1])
    inner = b"<< /S /Java#53cript /JS (app.alert\\(1\\)) >>".replace(b"Java#53cript", b"JavaScript")
    header = b"4 0 "
    packed = zlib.compress(header + inner)
    obj(5, b"<< /Type " + objstm + b" /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(packed))
        + packed + b"\nendstream")
    rows = [(0, 0, 65535), (1, offsets[1], 0), (1, offsets[2], 0), (1, offsets[3], 0), (2, 5, 0),
            (1, offsets[5], 0), (1, len(out), 0)]
    table = b"".join(t.to_bytes(1, "big") + f.to_bytes(4, "big") + g.to_bytes(2, "big") for t, f, g in rows)
    xref_at = len(out)
    out.extend(b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
               + table + b"\nendstream\nendobj\n")
    out.extend(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)


def gibibyte_of_zeros_deflated() -> bytes:
    """A zlib stream of 2**30 zero bytes, 1 MB long, built without compressing a gibibyte.

    After a full flush deflate's state is reset, so each further MiB of zeros compresses to the
    same bytes: header + first block, the block 1023 times more, an empty final block (03 00)
    and the Adler-32 of the data. For n zeros Adler-32 keeps A = 1 and adds A to B per byte, so
    B = n mod 65521. 65521 = 2**16 - 15, so 2**16 ≡ 15 and 2**30 = 2**16 * 2**14 ≡ 15 * 16 384
    = 245 760 = 3 * 65521 + 49 197: B = 49 197, and the checksum is B * 65536 + A."""
    zero = b"\0" * (1 << 20)
    c = zlib.compressobj(9)
    first = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
    return first + again * 1023 + b"\x03\x00" + (49197 * 65536 + 1).to_bytes(4, "big")


@functools.cache
def bomb_pdf(where: str = "object stream") -> bytes:
    """A 1 MB PDF whose object stream (or page content, or xref stream) inflates to 1 GiB."""
    packed = gibibyte_of_zeros_deflated()
    if where == "hex-wrapped content":
        packed = packed.hex().encode() + b">"
        stream = b"<< /Filter [/ASCIIHexDecode /FlateDecode] /Length %d >>\nstream\n" % len(packed)
    elif where == "object stream":
        stream = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
    else:
        stream = b"<< /Type /XRef /Size 5 /W [1 4 2] /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
    return pdf(b"<< /Type /Catalog /Pages 2 0 R >>", PAGES[0],
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
               stream + packed + b"\nendstream")


def zip_bomb(names=("[Content_Types].xml", "word/document.xml")) -> bytes:
    """A DOCX-shaped zip whose document expands 1000:1 (a real bomb nests this; the ratio gives it away)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(names[0], "<Types/>")
        z.writestr(names[1], b"\0" * (3 * 1024 * 1024))
    return buf.getvalue()


def docx() -> bytes:
    from docx import Document

    buf = io.BytesIO()
    d = Document()
    d.add_paragraph("关于公开某某信息的说明。联系人张三，电话13912345678。")
    d.save(buf)
    return buf.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200 + b"This program cannot be run in DOS mode."
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 200

BAD = {
    "zip bomb": ("材料.docx", zip_bomb(), "压缩炸弹"),
    "PDF with JavaScript": ("通知.pdf", JS_PDF, "脚本"),
    "PDF bomb": ("通知.pdf", bomb_pdf(), "压缩炸弹"),
    "renamed Windows program": ("通知.pdf", EXE, "Windows 可执行程序"),
}


# -- the shared check -------------------------------------------------------------------------------


@pytest.mark.parametrize("name, data, says", [
    ("a.docx", zip_bomb(), "压缩炸弹"),
    ("a.zip", zip_bomb(("a.txt", "b.txt")), "压缩炸弹"),
    ("a.pdf", JS_PDF, "JavaScript"),
    ("a.pdf", ESCAPED_JS_PDF, "JavaScript"),
    ("a.pdf", LAUNCH_PDF, "启动程序"),
    ("a.pdf", object_stream_pdf(), "JavaScript"),
    ("a.pdf", EXE, "Windows 可执行程序"),
    ("a.docx", ELF, "Linux 可执行程序"),
    ("a.txt", b"#!/bin/sh\nrm -rf /\n", "脚本程序"),
])
def test_it_refuses_dangerous_files_whatever_their_name(name, data, says):
    with pytest.raises(UnsafeUpload) as e:
        check_bytes(name, data)
    assert name in str(e.value) and says in str(e.value) and "已拒绝" in str(e.value)


def test_the_gibibyte_stream_is_what_it_says():
    d = zlib.decompressobj()
    head = d.decompress(gibibyte_of_zeros_deflated(), 1 << 20)
    assert head == b"\0" * (1 << 20) and len(gibibyte_of_zeros_deflated()) < 1_100_000
    # the checksum, by the formula in the docstring, is zlib's own
    assert zlib.adler32(b"\0" * (1 << 20) * 4) == ((4 << 20) % 65521) * 65536 + 1


@pytest.mark.parametrize("where", ["object stream", "hex-wrapped content", "xref stream"])
def test_it_refuses_a_small_pdf_that_inflates_to_a_gibibyte_within_a_second_and_100_mb(where):
    import time
    import tracemalloc

    data = bomb_pdf(where)
    assert len(data) < 2_200_000
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(UnsafeUpload) as e:
            check_bytes("通知.pdf", data)
        took = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "压缩炸弹" in str(e.value) and "已拒绝" in str(e.value) and "通知.pdf" in str(e.value)
    assert took < 1.0 and peak < 100 * 1024 * 1024, (took, peak)


def test_it_accepts_a_pdf_with_ordinary_compressed_streams():
    text = b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET\n" * 50_000  # 1.8 MB of page content, 40:1
    packed = zlib.compress(text)
    check_bytes("a.pdf", pdf(b"<< /Type /Catalog /Pages 2 0 R >>", PAGES[0],
                             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
                             b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed) + packed
                             + b"\nendstream"))


#: ``stream`` … ``endstream`` in comments: the raw check took the action for stream data
COMMENTED_STREAM_JS_PDF = pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", *PAGES,
                              b"% stream\n<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>\n% endstream")


@pytest.mark.parametrize("data", [COMMENTED_STREAM_JS_PDF, object_stream_pdf(b"/Obj#53tm")],
                         ids=["stream in comments", "escaped ObjStm"])
def test_it_sees_through_the_two_javascript_bypasses(data):
    from pypdf import PdfReader

    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"  # real
    with pytest.raises(UnsafeUpload) as e:
        check_bytes("a.pdf", data)
    assert "JavaScript" in str(e.value)


def test_it_refuses_a_zip_bomb_with_bytes_before_the_archive():
    """zipfile (and so python-docx and openpyxl) opens an archive with anything in front of it."""
    data = b"GIF89a" + b"\0" * 100 + zip_bomb()
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()
    with pytest.raises(UnsafeUpload) as e:
        check_bytes("a.docx", data)
    assert "压缩炸弹" in str(e.value)


def test_it_accepts_ordinary_documents():
    from openpyxl import Workbook

    xlsx = io.BytesIO()
    Workbook().save(xlsx)
    for name, data in (("a.pdf", CLEAN_PDF), ("a.docx", docx()), ("a.xlsx", xlsx.getvalue()),
                       ("a.txt", "政府信息公开申请。MZ 开头的文字不是程序".encode()[3:])):
        check_bytes(name, data)


def test_it_reads_the_object_stream_sample_as_a_real_pdf_reader_does():
    """The hidden-JavaScript sample is a valid PDF: pypdf finds the action where a reader would."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(object_stream_pdf()))
    assert reader.trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"
    assert b"/JavaScript" not in re.sub(rb"(?s)stream\r?\n.*?endstream", b"", object_stream_pdf())


# -- every place that accepts files ---------------------------------------------------------------

#: the views that read request.FILES, each tried below
UPLOAD_VIEWS = {"add_attachment", "submit", "register", "upload_release", "check_upload", "track_correction", "take_step"}


def test_it_tries_every_view_that_accepts_files():
    from tests.security.test_input import url_patterns

    readers = set()
    for route, callback, _ in url_patterns():
        if route.startswith("admin/"):
            continue  # checked below: the admin edits no file field
        view = callback
        while hasattr(view, "__wrapped__"):
            view = view.__wrapped__
        try:
            source = inspect.getsource(view)
        except (OSError, TypeError):
            continue
        if "FILES" in source:
            readers.add(view.__name__)
    assert readers == UPLOAD_VIEWS

    from django.contrib import admin
    from django.db.models import FileField

    for model, model_admin in admin.site._registry.items():
        for m in [model, *(inline.model for inline in model_admin.inlines)]:
            assert not [f for f in m._meta.fields if isinstance(f, FileField)], m


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def text_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("kind", BAD)
def test_it_refuses_them_as_catalogue_attachments(client, world, kind):
    from gongkai.catalog.models import Attachment
    from gongkai.catalog.tests.helpers import draft

    name, data, says = BAD[kind]
    item = draft(world)
    client.force_login(world.officer)
    r = client.post(f"/staff/catalog/{item.pk}/attachments/", {"file": upload(name, data)}, follow=True)
    assert says in text_of(r) and name in text_of(r)
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("kind", BAD)
def test_it_refuses_them_as_feedback_attachments_public_and_staff(client, world, kind):
    from gongkai.feedback.models import Item

    name, data, says = BAD[kind]
    r = client.post("/agencies/dept-x/feedback/", {
        "kind": "inquiry", "subject": "咨询", "content": "请问宅基地审批需要多长时间？", "contact_name": "张三",
        "contact_phone": "13800000000", "attachments": upload(name, data)})
    assert r.status_code == 400 and says in text_of(r)
    client.force_login(world.officer)
    r = client.post("/staff/feedback/new/", {
        "agency": world.agency.pk, "channel": "phone", "kind": "inquiry", "subject": "咨询", "content": "请问",
        "received_on": "2025-03-03", "contact_name": "张三", "contact_phone": "13800000000",
        "attachments": upload(name, data)})
    assert says in text_of(r)
    assert not Item.objects.exists()


@pytest.mark.parametrize("kind", BAD)
def test_it_refuses_them_as_documents_for_redaction(client, world, kind):
    from gongkai.disclosure.models import Release
    from gongkai.disclosure.tests.factories import registered

    name, data, says = BAD[kind]
    app = registered(world, date(2025, 1, 20))
    client.force_login(world.officer)
    r = client.post(f"/staff/applications/{app.number}/releases/", {"title": "材料", "file": upload(name, data)},
                    follow=True)
    assert says in text_of(r)
    assert not Release.objects.exists()


@pytest.mark.parametrize("kind", [*BAD, "zip bomb inside a zip"])
def test_it_refuses_them_in_the_report_checker(client, world, kind):
    from gongkai.reports.models import CheckBatch

    if kind == "zip bomb inside a zip":
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w", zipfile.ZIP_STORED) as z:
            z.writestr("2024年报.docx", zip_bomb())
        name, data, says = "年报.zip", outer.getvalue(), "压缩炸弹"
    else:
        name, data, says = BAD[kind]
    client.force_login(world.office)
    r = client.post("/staff/check/", {"files": [upload(name, data)]})
    assert r.status_code == 400 and says in text_of(r)
    assert not CheckBatch.objects.exists()


# -- the body limit: nothing is spooled before the checks (issue 15, item 9) ------------------------


@pytest.mark.parametrize("path", ["/agencies/dept-x/feedback/", "/api/v1/feedback"])
def test_it_refuses_a_400_mb_body_before_reading_any_of_it(client, world, path, settings):
    """The body is 1 KB but says 400 MB: Django would read (and spool) the 400 MB; the limit refuses at once."""
    from gongkai.feedback.models import Item

    assert settings.MAX_REQUEST_MB == 35
    r = client.generic("POST", path, b"-" * 1024, content_type="multipart/form-data; boundary=xyz",
                       CONTENT_LENGTH=str(400 * 1024 * 1024))
    assert r.status_code == 413
    assert "400 MB" in r.content.decode() and "35 MB" in r.content.decode()
    assert not Item.objects.exists()


def test_the_server_limit_matches_the_application_limit():
    from pathlib import Path

    nginx = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    assert "client_max_body_size 35m;" in nginx


@pytest.mark.parametrize("kind", BAD)
def test_it_refuses_them_as_corrections_online_and_on_paper(client, world, kind, monkeypatch):
    from gongkai.disclosure import actions
    from gongkai.disclosure.models import Correction
    from gongkai.disclosure.tests.test_applicant_pages import TODAY, asked_to_correct, tracked

    TODAY["d"] = date(2025, 1, 20)  # submitted on Mon 2025-01-20, as in the applicant-page tests
    monkeypatch.setattr(actions, "_today", lambda: TODAY["d"])
    name, data, says = BAD[kind]
    app, code = asked_to_correct(world)
    tracked(client, app, code)
    r = client.post(f"/applications/track/{app.number}/correction/",
                    {"content": "补正后：测试村2024年宅基地审批结果", "file": upload(name, data)})
    assert r.status_code == 400 and says in text_of(r)
    staff = Client()
    staff.force_login(world.officer)
    r = staff.post(f"/staff/applications/{app.number}/steps/receive_correction/", {
        "receive_correction-date": "2025-01-27", "receive_correction-content": "补正后的申请内容",
        "receive_correction-scan": upload(name, data)}, follow=True)
    assert says in text_of(r)
    assert not Correction.objects.exists()
