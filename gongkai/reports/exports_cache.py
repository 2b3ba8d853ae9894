"""Export files of reports. A published (or superseded) version never changes, so each of its
formats is rendered once and kept under MEDIA_ROOT; drafts are rendered on every request."""

from __future__ import annotations

from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse

from . import builder
from .exports import CONTENT_TYPES, EXTENSIONS, ReportDocument, filename
from .exports import render as render_export
from .models import FROZEN, AnnualReport


def _path(report: AnnualReport, fmt: str) -> str:
    return f"reports/exports/{report.agency.code}/{report.year}/v{report.version}{EXTENSIONS[fmt]}"


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
        default_storage.save(path, ContentFile(data))
    return data


def download(report: AnnualReport, fmt: str) -> HttpResponse:
    """The file as a response, named “机关2024年政府信息公开工作年度报告.pdf” (HTML and PDF open inline)."""
    doc = builder.to_document(report)
    response = HttpResponse(export_bytes(report, fmt, doc), content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename(doc, fmt))}"
    return response
