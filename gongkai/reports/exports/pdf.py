"""The report as PDF: WeasyPrint lays out the print HTML (A4, “第 N 页” page numbers) with the
Noto CJK fonts of Debian's ``fonts-noto-cjk``, subset and embedded."""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess

from .document import ReportDocument
from .html import render_html_page

log = logging.getLogger(__name__)

# WeasyPrint reports every layout step and every unsupported CSS property as it goes
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

REQUIRED_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
#: tagged PDF (headings, tables, reading order) for screen readers
PDF_VARIANT = "pdf/ua-1"


@functools.cache
def missing_fonts() -> tuple[str, ...]:
    """The CJK families the PDF uses that fontconfig does not know (empty when all are there)."""
    if not shutil.which("fc-list"):
        return REQUIRED_FAMILIES
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                             timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return REQUIRED_FAMILIES
    known = {name.strip() for line in out.splitlines() for name in line.split(",")}
    return tuple(f for f in REQUIRED_FAMILIES if f not in known)


def render_pdf(doc: ReportDocument) -> bytes:
    import weasyprint

    missing = missing_fonts()
    if missing:
        log.warning("缺少中文字体 %s：PDF 中的中文可能无法显示。请安装 fonts-noto-cjk。", "、".join(missing))
    html = render_html_page(doc, medium="print")
    return weasyprint.HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
