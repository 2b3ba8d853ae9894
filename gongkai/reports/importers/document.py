"""What the readers produce — :class:`Document`, a list of :class:`Line` — and the error they raise;
a module of its own so that ``reading`` and ``ocr`` both stand on it without importing each other."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


class ReportReadError(ValueError):
    """The file cannot be read, or it is not an annual report. The message is Chinese."""


@dataclass
class Line:
    cells: list[str]
    source_line: int
    page: int | None = None
    separated: bool = False   # cells came from separators or a table grid: blanks are shown
    grid: bool = False        # a row of a real table (HTML, DOCX, PDF)
    table_no: int | None = None

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    def location(self) -> dict:
        loc = {"line": self.source_line}
        if self.page is not None:
            loc["page"] = self.page
        return loc


@dataclass
class Document:
    kind: str                  # "text", "html", "docx", "pdf"
    lines: list[Line] = field(default_factory=list)
    meta_dates: list[str] = field(default_factory=list)  # e.g. HTML <meta> publication dates
    encoding: str | None = None
    ocr_pages: list[int] = field(default_factory=list)   # pages read by OCR (importers.ocr)
    #: cells OCR left out for their low confidence: (page, source line, cell index, text, confidence)
    ocr_doubtful: list[tuple[int, int, int, str, float]] = field(default_factory=list)


def join_wrapped(text: str) -> str:
    """Text of a table cell that wrapped over several lines: CJK joins without a space."""
    text = re.sub(r"(?<=[\u4e00-\u9fff（(“])\s*\n\s*(?=[\u4e00-\u9fff）)”、，])", "", text)
    return re.sub(r"\s*\n\s*", " ", text)
