"""Reading uploads for the report checker: single files or ZIP archives, with limits.

Nothing is extracted to disk (no path traversal is possible); ZIP members are read into memory
one by one with a cap on their count, each member's size, the total and the compression ratio
(zip bombs).
"""

from __future__ import annotations

import io
import posixpath
import zipfile

ALLOWED = (".txt", ".htm", ".html", ".docx", ".pdf")
MAX_FILE = 20 * 1024 * 1024
MAX_FILES = 200
MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 100


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


def expand(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """``[(file name, bytes)]`` from one upload (a ZIP expands to its report files)."""
    name = _clean_name(name)
    if len(data) > MAX_FILE and not name.lower().endswith(".zip"):
        raise UploadError(f"“{name}”超过{MAX_FILE // 1024 // 1024}MB。")
    if not name.lower().endswith(".zip"):
        if not name.lower().endswith(ALLOWED):
            raise UploadError(f"“{name}”不是支持的文件类型（TXT、HTML、DOCX、PDF、ZIP）。")
        _check_safe(name, data)
        return [(name, data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError(f"“{name}”不是有效的 ZIP 文件。") from None
    members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(ALLOWED)
               and not posixpath.basename(m.filename).startswith(("._", "~$"))]
    if not members:
        raise UploadError(f"“{name}”中没有可检查的年度报告文件。")
    if len(members) > MAX_FILES:
        raise UploadError(f"“{name}”中的文件超过{MAX_FILES}个，请分批上传。")
    total = 0
    out = []
    for m in members:
        if m.file_size > MAX_FILE:
            raise UploadError(f"“{name}”中的“{_clean_name(m.filename)}”解压后超过{MAX_FILE // 1024 // 1024}MB。")
        if m.compress_size and m.file_size / m.compress_size > MAX_RATIO:
            raise UploadError(f"“{name}”的压缩比异常（可能是压缩炸弹），已拒绝。")
        total += m.file_size
        if total > MAX_TOTAL:
            raise UploadError(f"“{name}”解压后总大小超过{MAX_TOTAL // 1024 // 1024}MB。")
        with archive.open(m) as fh:
            content = fh.read(MAX_FILE + 1)  # never trust the declared size alone
        if len(content) > MAX_FILE:
            raise UploadError(f"“{name}”中的“{_clean_name(m.filename)}”解压后超过{MAX_FILE // 1024 // 1024}MB。")
        _check_safe(_clean_name(m.filename), content)
        out.append((_clean_name(m.filename), content))
    return out
