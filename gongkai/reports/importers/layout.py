"""Undo what page layout did to a report: page numbers and running headers between lines, and
header words that a narrow PDF column wrapped one character per line."""

from __future__ import annotations

import re
from collections import Counter

from gongkai.reports.importers.normalize import is_cjk, squeeze
from gongkai.reports.importers.reading import Line

_PAGE_NUMBER = re.compile(
    r"^(?:[-—~_]+\s*\d{1,4}\s*[-—~_]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,/]?\s*第\s*\d{1,4}\s*页"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_RUNNING_HEADER = re.compile(r"报告|政府信息公开")


_PAGE_OF = re.compile(r"^(\d{1,3})/(\d{1,3})$")


def is_page_number(text: str) -> bool:
    text = text.strip()
    m = _PAGE_OF.match(text)
    if m:  # "3/12", never "0/0" or "5/1"
        return 1 <= int(m[1]) <= int(m[2])
    return bool(_PAGE_NUMBER.match(text))


def clean_lines(lines: list[Line]) -> list[Line]:
    lines = _drop_page_furniture(lines)
    return _merge_char_rows(lines)


def _drop_page_furniture(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    counts = Counter(squeeze(ln.text) for ln in lines if not ln.separated)
    seen: set[str] = set()
    for i, ln in enumerate(lines):
        if ln.separated:
            out.append(ln)
            continue
        text = ln.text.strip()
        if is_page_number(text):
            continue
        if _BARE_NUMBER.match(text) and ln.page is not None:
            # a bare number that opens or closes a page (text with form feeds) is its number
            prev_page = lines[i - 1].page if i > 0 else None
            next_page = lines[i + 1].page if i + 1 < len(lines) else None
            if prev_page != ln.page or next_page != ln.page:
                continue
        key = squeeze(text)
        if counts[key] >= 2 and _RUNNING_HEADER.search(key) and len(key) <= 60:
            if key in seen:
                continue  # a running header repeated on every page: keep the first (the title)
            seen.add(key)
        out.append(ln)
    return out


def _char_tokens(ln: Line) -> list[str] | None:
    """The tokens of a line made only of single CJK characters, else None."""
    toks: list[str] = []
    for cell in ln.cells:
        toks.extend(cell.split())
    if not toks or not all(len(t) == 1 and is_cjk(t) and t not in "无空" for t in toks):
        return None
    return toks


def _merge_char_rows(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    i = 0
    while i < len(lines):
        toks = _char_tokens(lines[i]) if not lines[i].grid else None
        if toks is None:
            out.append(lines[i])
            i += 1
            continue
        run = [(lines[i], toks)]
        j = i + 1
        while j < len(lines) and not lines[j].grid:
            t = _char_tokens(lines[j])
            if t is None:
                break
            run.append((lines[j], t))
            j += 1
        if len(run) < 2:
            out.append(lines[i])
            i += 1
            continue
        widths = {len(t) for _, t in run}
        first = run[0][0]
        if len(widths) == 1 and len(run[0][1]) > 1:
            cols = ["".join(t[k] for _, t in run) for k in range(len(run[0][1]))]
            out.append(Line(cols, first.source_line, first.page, True, False))
        else:
            out.append(Line(["".join("".join(t) for _, t in run)], first.source_line, first.page))
        i = j
    return out
