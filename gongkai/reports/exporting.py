"""Export files of reports. A published (or superseded) version never changes, so each of its
formats is rendered once and kept under MEDIA_ROOT; drafts are rendered on every request."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from . import builder
from .exports import EXTENSIONS
from .exports import render as render_export
from .models import FROZEN, AnnualReport


def _path(report: AnnualReport, fmt: str) -> str:
    return f"reports/exports/{report.agency.code}/{report.year}/v{report.version}{EXTENSIONS[fmt]}"


def export_bytes(report: AnnualReport, fmt: str) -> bytes:
    if report.status not in FROZEN:
        return render_export(builder.to_document(report), fmt)
    path = _path(report, fmt)
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as fh:
            return fh.read()
    data = render_export(builder.to_document(report), fmt)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(data))
    return data
