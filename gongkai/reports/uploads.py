"""Reading uploads for the report checker: single files or ZIP archives, with limits.

Nothing is extracted to disk (no path traversal is possible); ZIP members are read into memory
one by one with a cap on their count, each member's size, the total and the compression ratio
(zip bombs).

Images (PNG, JPEG, TIFF, BMP, WebP, GIF: photos and scans of report pages) are checked like the
other files, read by OCR (``importers.ocr``). A file the checker cannot read — a type it does not
know, an empty file, a member larger than the limit, an archive inside the archive — is not dropped: it is returned in
``Expanded.skipped`` with the reason in Chinese, and the batch lists it. What refuses the whole
upload is what makes the archive itself suspect: a program or a PDF with scripts, a zip bomb's
ratio, too many files, too large a total. A ZIP's system entries (``__MACOSX/``, ``._*``,
``~$*``, ``.DS_Store``, ``Thumbs.db``) are not files anyone put there and are ignored.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")
ALLOWED = (".txt", ".htm", ".html", ".docx", ".pdf") + IMAGES
MAX_FILE = 20 * 1024 * 1024
MAX_FILES = 200
MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 100
#: a member expanding to less than this is no bomb whatever its ratio (an old .doc padded with zeros
#: compresses 150:1); the ratio is judged only above it — and no member is ever read past MAX_FILE
RATIO_FLOOR = 1024 * 1024


class UploadError(ValueError):
    """Bad upload; the message is Chinese."""


def _clean_name(name: str) -> str:
    base = posixpath.basename(name.replace("\\", "/")).strip()
    return base[:200] or "未命名文件"


def _check_safe(name: str, data: bytes) -> None:
    """Programs, PDFs with scripts and zip bombs (DOCX) are refused (gongkai.portal.uploads)."""
    from gongkai.portal.uploads import UnsafeUpload, check_bytes

    try:
        check_bytes(name, data)
    except UnsafeUpload as e:
        raise UploadError(str(e)) from None


_KNOWN_OTHERS = {
    ".doc": "旧版 Word 文件（.doc）暂不支持，请另存为 DOCX 或 PDF 后上传",
    ".wps": "WPS 文字文件（.wps）暂不支持，请另存为 DOCX 或 PDF 后上传",
    ".ofd": "OFD 版式文件暂不支持，请转换为 PDF 后上传",
    ".xls": "表格文件不是年度报告全文，请上传报告的 DOCX、PDF 或网页",
    ".xlsx": "表格文件不是年度报告全文，请上传报告的 DOCX、PDF 或网页",
    ".rar": "只能展开 ZIP 压缩包，RAR 压缩包请解压后重新打包为 ZIP",
    ".7z": "只能展开 ZIP 压缩包，7z 压缩包请解压后重新打包为 ZIP",
}
_JUNK = ("._", "~$")
_JUNK_NAMES = (".ds_store", "thumbs.db", "desktop.ini")
SKIPPED_PREFIX = "未检查："


@dataclass
class Expanded:
    """What an upload holds: the files to check ``[(name, bytes)]`` and the files that will not be
    checked ``[(name, reason)]`` (the reason starts with ``未检查：``)."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def extend(self, other: "Expanded") -> None:
        self.files.extend(other.files)
        self.skipped.extend(other.skipped)


def _mb(n: int) -> int:
    return n // 1024 // 1024


def skip_reason(name: str, size: int) -> str | None:
    """Why a file of this name and size is not checked (Chinese), or ``None`` when it is."""
    lower = name.lower()
    ext = posixpath.splitext(lower)[1]
    if lower.endswith(ALLOWED):
        if size == 0:
            return SKIPPED_PREFIX + "文件为空（0字节）。"
        if size > MAX_FILE:
            return SKIPPED_PREFIX + f"文件超过{_mb(MAX_FILE)}MB（{size / 1024 / 1024:.1f}MB）。"
        return None
    if ext == ".zip":
        return SKIPPED_PREFIX + "压缩包中的压缩包不展开，请解压后与其他文件一起重新打包。"
    if ext in _KNOWN_OTHERS:
        return SKIPPED_PREFIX + _KNOWN_OTHERS[ext] + "。"
    what = f"“{ext}”类型" if ext else "没有扩展名的文件"
    return SKIPPED_PREFIX + f"{what}不是支持的文件类型（TXT、HTML、DOCX、PDF、图片、ZIP）。"


def _is_junk(path: str) -> bool:
    base = posixpath.basename(path)
    return (path.startswith("__MACOSX/") or "/__MACOSX/" in path or base.startswith(_JUNK)
            or base.lower() in _JUNK_NAMES)


def expand(name: str, data: bytes) -> Expanded:
    """The files of one upload (a ZIP expands to its members), and those that are skipped with why.

    Raises :class:`UploadError` for what refuses the whole upload (see the module's text)."""
    name = _clean_name(name)
    if not name.lower().endswith(".zip"):
        reason = skip_reason(name, len(data))
        if reason:
            return Expanded(skipped=[(name, reason)])
        _check_safe(name, data)
        return Expanded(files=[(name, data)])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError(f"“{name}”不是有效的 ZIP 文件。") from None
    members = [m for m in archive.infolist() if not m.is_dir() and not _is_junk(m.filename.replace("\\", "/"))]
    if not members:
        raise UploadError(f"“{name}”中没有文件。")
    out = Expanded()
    readable = []
    for m in members:
        if m.file_size > RATIO_FLOOR and m.compress_size and m.file_size / m.compress_size > MAX_RATIO:
            raise UploadError(f"“{name}”中的“{_clean_name(m.filename)}”压缩比异常（可能是压缩炸弹），已拒绝整个压缩包。")
        reason = skip_reason(m.filename, m.file_size)
        if reason:
            out.skipped.append((_clean_name(m.filename), reason))
        else:
            readable.append(m)
    if len(readable) > MAX_FILES:
        raise UploadError(f"“{name}”中的文件超过{MAX_FILES}个，请分批上传。")
    if len(out.skipped) > MAX_FILES:  # listed one by one up to the limit, the rest counted
        rest = len(out.skipped) - MAX_FILES
        out.skipped[MAX_FILES:] = [(f"其余{rest}个文件", SKIPPED_PREFIX + "不是可检查的年度报告文件（同上）。")]
    total = 0
    for m in readable:
        total += m.file_size
        if total > MAX_TOTAL:
            raise UploadError(f"“{name}”解压后总大小超过{_mb(MAX_TOTAL)}MB。")
        with archive.open(m) as fh:
            content = fh.read(MAX_FILE + 1)  # never trust the declared size alone
        member = _clean_name(m.filename)
        reason = skip_reason(member, len(content))
        if reason:
            out.skipped.append((member, reason))
            continue
        _check_safe(member, content)
        out.files.append((member, content))
    return out
