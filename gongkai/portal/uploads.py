"""Checks every uploaded file passes, whatever it is for (catalogue attachments, feedback
attachments, documents for redaction, reports for the checker), before any reader opens it.

Each app still checks the type it wants (by content, with python-magic) and its own size limit;
this module refuses what is dangerous whatever its name says:

* programs: Windows (``MZ``), Linux (ELF), macOS (Mach-O) executables and scripts (``#!``);
* PDFs with active content: JavaScript (a ``/JS`` entry or a ``/JavaScript`` action or name
  tree, also when it is the ``/OpenAction`` or an ``/AA`` trigger), ``/Launch`` actions, XFA
  forms and ``/RichMedia``. An ``/OpenAction`` that only opens a page (a destination, common in
  files exported from Word) is harmless and accepted. Objects in compressed object streams are
  read too (pdfminer), and ``#xx`` escapes in names are decoded;
* ZIP containers (ZIP, DOCX, XLSX) that would expand beyond :data:`MAX_EXPANDED` bytes, to more
  than :data:`MAX_MEMBERS` parts, or with a part compressed more than :data:`MAX_RATIO`:1 —
  zip bombs. Python's ``zipfile`` never reads past a part's declared size, so the declared sizes
  are a safe upper bound.

Messages are Chinese and name the file.
"""

from __future__ import annotations

import io
import re
import zipfile

MAX_EXPANDED = 200 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 100
RATIO_MIN_SIZE = 1024 * 1024  # small parts (XML of repeated cells) may legitimately compress well
MAX_PDF_OBJECTS = 500_000

EXECUTABLE_MAGIC = (
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"\xfe\xed\xfa\xce", "macOS 可执行程序"),
    (b"\xfe\xed\xfa\xcf", "macOS 可执行程序"),
    (b"\xce\xfa\xed\xfe", "macOS 可执行程序"),
    (b"\xcf\xfa\xed\xfe", "macOS 可执行程序"),
    (b"\xca\xfe\xba\xbe", "macOS 或 Java 程序"),
    (b"#!", "脚本程序"),
)

#: dictionary keys and action types that make a PDF run something
ACTIVE_KEYS = {"JS", "JavaScript", "XFA", "RichMedia"}
ACTIVE_ACTIONS = {"JavaScript", "Launch", "ImportData", "RichMediaExecute"}


class UnsafeUpload(ValueError):
    """The file is refused; ``str(e)`` is the Chinese message for the uploader."""


def _display(name: str) -> str:
    return (name or "文件").replace("\\", "/").rsplit("/", 1)[-1][:100] or "文件"


def check_bytes(name: str, data: bytes) -> None:
    """Raise :class:`UnsafeUpload` when ``data`` is a program, an active PDF or a zip bomb."""
    shown = _display(name)
    for magic, what in EXECUTABLE_MAGIC:
        if data.startswith(magic):
            raise UnsafeUpload(f"“{shown}”实际上是{what}，不是文档，已拒绝。请上传 PDF、Word 等文档。")
    if b"%PDF-" in data[:1024]:
        _check_pdf(shown, data)
    if data[:4] == b"PK\x03\x04":
        _check_zip(shown, data)


def check_upload(upload) -> bytes:
    """Read an ``UploadedFile`` (rewound afterwards), check it, return its bytes."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    check_bytes(getattr(upload, "name", "") or "", data)
    return data


# -- PDF ------------------------------------------------------------------------------------------

_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.S)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_RAW_ACTIVE = re.compile(rb"/(?:JS|JavaScript|Launch|XFA|RichMedia|ImportData)(?![A-Za-z0-9])")


def _active_pdf_message(shown: str) -> str:
    return (f"“{shown}”是含有脚本或自动执行动作（JavaScript、启动程序等）的 PDF，可能危害阅读者，已拒绝。"
            "请用“打印为 PDF”或“另存为 PDF”重新生成不含脚本的文件后上传。")


def _check_pdf(shown: str, data: bytes) -> None:
    # 1. the objects outside stream bodies (binary data could spell anything), names unescaped
    #    (/J#61vaScript): catches every uncompressed object
    objects = _STREAM_BODY.sub(b"stream endstream", data)
    if _RAW_ACTIVE.search(_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), objects)):
        raise UnsafeUpload(_active_pdf_message(shown))
    # 2. objects inside compressed object streams are only visible once parsed
    if b"/ObjStm" not in data:
        return
    try:
        found = _active_objects(data)
    except Exception:  # noqa: BLE001 - a PDF pdfminer cannot parse: the readers will refuse it
        return
    if found:
        raise UnsafeUpload(_active_pdf_message(shown))


def _active_objects(data: bytes) -> bool:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import PSLiteral

    def active(obj, depth=0) -> bool:
        if depth > 20:
            return False
        if isinstance(obj, PDFStream):
            obj = obj.attrs
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key in ACTIVE_KEYS:
                    return True
                if key == "S" and isinstance(value, PSLiteral) and value.name in ACTIVE_ACTIONS:
                    return True
                if active(value, depth + 1):
                    return True
        elif isinstance(obj, list):
            return any(active(v, depth + 1) for v in obj)
        return False

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    seen = 0
    for xref in document.xrefs:
        for objid in xref.get_objids():
            seen += 1
            if seen > MAX_PDF_OBJECTS:
                return False
            try:
                obj = document.getobj(objid)
            except Exception:  # noqa: BLE001 - a broken object hides nothing runnable
                continue
            if active(obj):
                return True
    return False


# -- ZIP ------------------------------------------------------------------------------------------


def _check_zip(shown: str, data: bytes) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a readable archive: the app's own reader refuses it with its message
    bomb = UnsafeUpload(f"“{shown}”解压后异常庞大（可能是“压缩炸弹”），已拒绝。")
    if len(members) > MAX_MEMBERS:
        raise bomb
    total = 0
    for m in members:
        total += m.file_size
        if total > MAX_EXPANDED:
            raise bomb
        if m.file_size > RATIO_MIN_SIZE and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise bomb
