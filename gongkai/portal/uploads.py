"""Checks every uploaded file passes, whatever it is for (catalogue attachments, feedback
attachments, documents for redaction, reports for the checker), before any reader opens it.

Each app still checks the type it wants (by content, with python-magic) and its own size limit;
this module refuses what is dangerous whatever its name says:

* programs: Windows (``MZ``), Linux (ELF), macOS (Mach-O) executables and scripts (``#!``);
* PDFs with active content: JavaScript (a ``/JS`` entry or a ``/JavaScript`` action or name
  tree, also when it is the ``/OpenAction`` or an ``/AA`` trigger), ``/Launch`` actions, XFA
  forms and ``/RichMedia``. An ``/OpenAction`` that only opens a page (a destination, common in
  files exported from Word) is harmless and accepted. The raw bytes are read as a PDF lexer
  reads them (``stream`` in a comment or a string hides nothing), then every object the parser
  (pdfminer) resolves is checked, those in compressed object streams too, whatever escapes
  (``#xx``) their names use;
* PDF decompression bombs: every stream is inflated a chunk at a time before any reader sees
  it; more than :data:`MAX_PDF_INFLATED` bytes in all, or a stream past
  :data:`PDF_RATIO_MIN_SIZE` at more than :data:`MAX_RATIO`:1, is refused — no reader (the
  check's own parse, text extraction for redaction, the report checker) inflates without limit;
* ZIP containers (ZIP, DOCX, XLSX) that would expand beyond :data:`MAX_EXPANDED` bytes, to more
  than :data:`MAX_MEMBERS` parts, or with a part compressed more than :data:`MAX_RATIO`:1 —
  zip bombs, also with bytes in front of the archive (``zipfile`` opens those). Python's
  ``zipfile`` never reads past a part's declared size, so the declared sizes are a safe bound.

Messages are Chinese and name the file.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

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
    if data[:4] == b"PK\x03\x04" or b"PK\x05\x06" in data[-65557:]:  # zipfile also opens an
        _check_zip(shown, data)  # archive with anything in front of it: its directory is at the end


REQUEST_TOO_LARGE = "提交的内容共 {size} MB，超过了 {limit} MB 的上限，未被接收。请减少或压缩附件后重试。"


class RequestBodyLimitMiddleware:
    """Refuse (413) a request whose declared body exceeds ``settings.MAX_REQUEST_MB`` before anything
    reads it: Django would otherwise spool the whole upload to disk before the forms' own size
    checks and the rate limits run. (A body without a length is never read by Django.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import JsonResponse

        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = settings.MAX_REQUEST_MB
        if declared > limit * 1024 * 1024:
            message = REQUEST_TOO_LARGE.format(size=-(-declared // (1024 * 1024)), limit=limit)
            if request.path.startswith("/api/"):
                response = JsonResponse({"detail": message}, status=413, json_dumps_params={"ensure_ascii": False})
            else:  # a page of the site with the way back to the form
                from django.shortcuts import render

                response = render(request, "portal/413.html", {"message": message, "back": request.path}, status=413)
            response["Connection"] = "close"  # the unread body is not to be waited for
            return response
        return self.get_response(request)


def check_upload(upload) -> bytes:
    """Read an ``UploadedFile`` (rewound afterwards), check it, return its bytes."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    check_bytes(getattr(upload, "name", "") or "", data)
    return data


# -- PDF ------------------------------------------------------------------------------------------

#: a PDF is refused when its streams would inflate to more than this in total …
MAX_PDF_INFLATED = 200 * 1024 * 1024
#: … or when one stream inflates past this size at more than MAX_RATIO:1 (a decompression bomb)
PDF_RATIO_MIN_SIZE = 8 * 1024 * 1024
_CHUNK = 64 * 1024
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_RAW_ACTIVE = re.compile(rb"/(?:JS|JavaScript|Launch|XFA|RichMedia|ImportData)(?![A-Za-z0-9])")
_STREAM_KEYWORD = re.compile(rb"stream")
_REST_OF_LINE = re.compile(rb"[^\r\n]{0,256}(?:\r\n|\r|\n)")
_LEXER_SPECIAL = re.compile(rb"[%(]|(?<![A-Za-z0-9/])stream(?![A-Za-z0-9])")
_EOL = re.compile(rb"[\r\n]")


class _Bomb(Exception):
    """A stream inflates beyond the limits."""


def _active_pdf_message(shown: str) -> str:
    return (f"“{shown}”是含有脚本或自动执行动作（JavaScript、启动程序等）的 PDF，可能危害阅读者，已拒绝。"
            "请用“打印为 PDF”或“另存为 PDF”重新生成不含脚本的文件后上传。")


def _bomb_pdf_message(shown: str) -> str:
    return (f"“{shown}”中的压缩数据解压后异常庞大（超过 {MAX_PDF_INFLATED // 1024 // 1024} MB，"
            f"或压缩比超过 {MAX_RATIO}:1，可能是“压缩炸弹”），已拒绝。请重新导出 PDF 后上传。")


class _Budget:
    """What all the streams of one file may inflate to, together."""

    def __init__(self) -> None:
        self.left = MAX_PDF_INFLATED

    def take(self, produced: int, consumed: int, total: int) -> None:
        self.left -= produced
        if self.left < 0 or (total > PDF_RATIO_MIN_SIZE and total > MAX_RATIO * max(consumed, 1)):
            raise _Bomb


def _inflate(data, budget: _Budget, keep: bool) -> bytes | None:
    """Inflate a zlib stream a chunk at a time within ``budget``; None when ``data`` is not one.

    Only ``keep``-ed output is held in memory; otherwise each chunk is dropped once counted."""
    d = zlib.decompressobj()
    out, total, fed = [], 0, 0
    pending = memoryview(data)
    try:
        while pending:
            piece, pending = pending[:_CHUNK], pending[_CHUNK:]
            fed += len(piece)
            while piece:
                chunk = d.decompress(piece, _CHUNK)
                piece = d.unconsumed_tail
                total += len(chunk)
                budget.take(len(chunk), fed - len(piece), total)
                if keep:
                    out.append(chunk)
                if d.eof:
                    return b"".join(out)
    except zlib.error:
        return b"".join(out) if total else None
    return b"".join(out)


def _bounded_lzw(data: bytes, budget: _Budget) -> bytes:
    from pdfminer.lzw import LZWDecoder

    out, total = [], 0
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        total += len(chunk)
        budget.take(len(chunk), len(data), total)
        out.append(chunk)
    return b"".join(out)


def _bounded_runlength(data: bytes, budget: _Budget) -> bytes:
    out, i, total = bytearray(), 0, 0
    while i < len(data) and data[i] != 128:
        n = data[i]
        if n < 128:
            piece = data[i + 1:i + 2 + n]
            i += 2 + n
        else:
            piece = data[i + 1:i + 2] * (257 - n)
            i += 2
        total += len(piece)
        budget.take(len(piece), len(data), total)
        out += piece
    return bytes(out)


def _scan_raw_streams(data: bytes, budget: _Budget) -> None:
    """Inflate whatever follows every ``stream`` keyword in the file, within the budget.

    This runs before any parser opens the file, so no parser ever inflates a bomb: pdfminer
    decodes cross-reference streams (and, on a damaged file, object streams) while opening it."""
    view = memoryview(data)
    for m in _STREAM_KEYWORD.finditer(data):
        _inflate(view[m.end():], budget, keep=False)  # data right after the keyword …
        line = _REST_OF_LINE.match(data, m.end())
        if line:  # … or after the rest of its line, where pdfminer starts reading
            _inflate(view[line.end():], budget, keep=False)


def _decode_bounded(stream, budget: _Budget) -> bytes | None:
    """``stream``'s data decoded as pdfminer decodes it, but within the budget; None for what a
    text reader never decodes (images, unknown filters)."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import apply_png_predictor, int_value
    from pdfminer.psparser import PSLiteral

    data = stream.rawdata
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for f, params in stream.get_filters():
        name = f.name if isinstance(f, PSLiteral) else str(f)
        if name in ("FlateDecode", "Fl"):
            data = _inflate(data, budget, keep=True) or b""
        elif name in ("LZWDecode", "LZW"):
            data = _bounded_lzw(data, budget)
        elif name in ("RunLengthDecode", "RL"):
            data = _bounded_runlength(data, budget)
        elif name in ("ASCII85Decode", "A85"):
            data = ascii85decode(data)  # these two only shrink
        elif name in ("ASCIIHexDecode", "AHx"):
            data = asciihexdecode(data)
        else:
            return None
        if isinstance(params, dict) and int_value(params.get("Predictor", 1)) >= 10:
            data = apply_png_predictor(int_value(params["Predictor"]), int_value(params.get("Colors", 1)),
                                       int_value(params.get("Columns", 1)),
                                       int_value(params.get("BitsPerComponent", 8)), data)
    return data


def _check_pdf(shown: str, data: bytes) -> None:
    try:
        _scan_raw_streams(data, _Budget())
    except _Bomb:
        raise UnsafeUpload(_bomb_pdf_message(shown)) from None
    # 1. the objects outside stream bodies and comments, names unescaped (/J#61vaScript)
    if _RAW_ACTIVE.search(_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), _outside_streams(data))):
        raise UnsafeUpload(_active_pdf_message(shown))
    # 2. every object the parser resolves, those in (compressed) object streams too, each
    #    stream decoded within the budget before pdfminer would decode it without limit
    try:
        found = _active_objects(data, _Budget())
    except _Bomb:
        raise UnsafeUpload(_bomb_pdf_message(shown)) from None
    except Exception:  # noqa: BLE001 - a PDF pdfminer cannot parse: the readers will refuse it
        return
    if found:
        raise UnsafeUpload(_active_pdf_message(shown))


def _outside_streams(data: bytes) -> bytes:
    """``data`` without comments and stream bodies, read left to right as a PDF lexer reads it: a
    ``%`` or ``stream`` inside a string, and a ``stream`` inside a comment, start nothing."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        m = _LEXER_SPECIAL.search(data, i)
        if m is None:
            out += data[i:]
            break
        out += data[i:m.start()]
        token = m.group(0)
        if token == b"%":
            eol = _EOL.search(data, m.end())
            i = n if eol is None else eol.end()
            out += b" "
        elif token == b"(":
            depth, j = 1, m.end()
            while j < n and depth:
                c = data[j]
                if c == 0x5C:  # backslash: the next byte is escaped
                    j += 2
                    continue
                depth += (c == 0x28) - (c == 0x29)
                j += 1
            out += data[m.start():j]
            i = j
        else:
            close = data.find(b"endstream", m.end())
            i = n if close < 0 else close + len(b"endstream")
            out += b" stream endstream "
    return bytes(out)


def _active_objects(data: bytes, budget: _Budget) -> bool:
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

    def resolve(objid):
        try:
            return document.getobj(objid)
        except _Bomb:
            raise
        except Exception:  # noqa: BLE001 - a broken object hides nothing runnable
            return None

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    direct, packed = [], []
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                in_stream = xref.get_pos(objid)[0] is not None
            except Exception:  # noqa: BLE001 - a damaged entry
                continue
            (packed if in_stream else direct).append(objid)
            if len(direct) + len(packed) > MAX_PDF_OBJECTS:
                return False
    for objid in direct:  # each stream decoded here, within the budget: pdfminer then reuses it
        obj = resolve(objid)
        if isinstance(obj, PDFStream) and obj.rawdata is not None:
            decoded = _decode_bounded(obj, budget)
            if decoded is not None:
                obj.data, obj.rawdata = decoded, None
        if active(obj):
            return True
    return any(active(resolve(objid)) for objid in packed)


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
