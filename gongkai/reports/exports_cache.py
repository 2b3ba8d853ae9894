"""Export files of reports. A published (or superseded) version never changes, so each of its
formats is rendered once and kept under MEDIA_ROOT; drafts are rendered on every request.

The cached file is named by a SHA-256 digest of the version's frozen content (sections, tables,
charts, version, publication date) and of ``exports.RENDERING``: a database restored from a backup, or a version published
again with other text, never finds another content's file. A file is written under a temporary
name and renamed into place, so a full disk or a crash mid-write leaves no truncated file to serve;
when the cache cannot be written the freshly rendered bytes are served anyway."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse

from . import builder
from .exports import CONTENT_TYPES, EXTENSIONS, RENDERING, ReportDocument, filename
from .exports import render as render_export
from .models import FROZEN, AnnualReport

logger = logging.getLogger(__name__)

#: where the cached files live under MEDIA_ROOT (derived data: ``gongkai restore`` empties it)
CACHE_DIR = "reports/exports"


def content_digest(report: AnnualReport) -> str:
    frozen = {"sections": report.sections, "tables": report.tables_data, "charts": report.chart_data,
              "version": report.version, "published_on": report.published_on, "rendering": RENDERING}
    # through JSON once first, as the database stores it (integer keys become strings), so that a
    # version just published and the same version read back give one digest
    stored = json.loads(json.dumps(frozen, default=str))
    blob = json.dumps(stored, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _path(report: AnnualReport, fmt: str) -> str:
    return (f"{CACHE_DIR}/{report.agency.code}/{report.year}/"
            f"v{report.version}-{content_digest(report)[:32]}{EXTENSIONS[fmt]}")


def _store(path: str, data: bytes) -> None:
    """Write ``data`` at ``path`` whole or not at all."""
    try:
        final = Path(default_storage.path(path))
    except NotImplementedError:  # an object store: a PUT makes the object whole or not at all
        default_storage.save(path, ContentFile(data))
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(partial, getattr(default_storage, "file_permissions_mode", None) or 0o644)
        os.replace(partial, final)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def export_bytes(report: AnnualReport, fmt: str, doc: ReportDocument | None = None) -> bytes:
    """The file's bytes; ``doc`` (``builder.to_document(report)``) is built here when not given."""
    if report.status not in FROZEN:
        return render_export(doc or builder.to_document(report), fmt)
    path = _path(report, fmt)
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as fh:
            return fh.read()
    data = render_export(doc or builder.to_document(report), fmt)
    if not default_storage.exists(path):
        try:
            _store(path, data)
        except OSError as e:  # e.g. the disk is full: serve what was rendered, cache it next time
            logger.warning("could not cache the %s export of report %s: %s", fmt, report.pk, e)
    return data


def clear_cache() -> int:
    """Delete every cached export (after a restore they may belong to other content); how many."""
    n = 0

    def walk(folder: str) -> None:
        nonlocal n
        try:
            dirs, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return
        for name in files:
            default_storage.delete(f"{folder}/{name}")
            n += 1
        for name in dirs:
            walk(f"{folder}/{name}")

    walk(CACHE_DIR)
    return n


def download(report: AnnualReport, fmt: str) -> HttpResponse:
    """The file as a response, named “机关2024年政府信息公开工作年度报告.pdf” (HTML and PDF open inline)."""
    doc = builder.to_document(report)
    response = HttpResponse(export_bytes(report, fmt, doc), content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename(doc, fmt))}"
    return response
