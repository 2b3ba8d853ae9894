"""Turn a file (plain text, HTML, DOCX, PDF; an image or a scanned PDF page through ``ocr``) into
one list of :class:`Line` — the only thing the parser reads.

A line is a list of cells. Text split by tabs or ``|`` and rows of real tables (HTML, DOCX, PDF)
are *separated*: an empty cell there is a blank cell the report shows. Any other line is one cell
of running text. ``source_line`` points back into the file: the line of a text or HTML file, the
paragraph/row number of a DOCX, the line of a PDF's extracted text (with its page).
"""

from __future__ import annotations

import io
import re
import zipfile

from gongkai.reports.importers.document import Document, Line, ReportReadError, join_wrapped
from gongkai.reports.importers.normalize import is_cjk, norm

MAX_BYTES = 50 * 1024 * 1024


# ---- type detection -------------------------------------------------------------------------

def read_document(data: bytes, filename: str | None = None) -> Document:
    if len(data) > MAX_BYTES:
        raise ReportReadError(f"文件过大（{len(data) // (1024 * 1024)} MB），上限为 {MAX_BYTES // (1024 * 1024)} MB。")
    if not data.strip():
        raise ReportReadError("文件为空。")
    name = (filename or "").lower()
    if data.startswith(b"%PDF"):
        return read_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            raise ReportReadError("文件是损坏的压缩包，无法读取。") from None
        if "word/document.xml" in names:
            return read_docx(data)
        raise ReportReadError("不支持的文件格式（压缩包，但不是 DOCX 文档）。请提供 TXT、HTML、DOCX、PDF 或图片。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportReadError("不支持旧版 Word（.doc）等 OLE 格式，请另存为 DOCX 或 PDF 后再检查。")
    from gongkai.reports.importers import ocr

    if ocr.image_kind(data):
        return ocr.read_image(data)
    text, encoding = decode_text(data)
    head = text[:4000].lower()
    if name.endswith((".html", ".htm", ".xhtml", ".shtml")) or re.search(
            r"<(!doctype html|html|body|table|div|p|meta|head)[\s>]", head):
        doc = read_html(text)
    elif len(_MARKUP.findall(text)) >= MIN_MARKUP_TAGS:
        # a page's report inside a script (``let content = "<p>…</p>"``) after menus and data
        doc = read_html(_unescape_js(text))
    else:
        doc = read_text(text)
    doc.encoding = encoding
    return doc


_MARKUP = re.compile(r"<(?:p|td|tr|table|div|br|span|th)[\s>/]", re.I)
#: this many paragraph/table tags make a text file a web page, wherever they start
MIN_MARKUP_TAGS = 20


def _unescape_js(text: str) -> str:
    """Undo a JavaScript string's escapes around markup (``\\"`` ``\\/`` ``\\n``)."""
    return (text.replace('\\"', '"').replace("\\'", "'").replace("\\/", "/")
            .replace("\\n", "\n").replace("\\t", "\t").replace("\\r", ""))


def decode_text(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:8192]
    if b"\x00" in sample:
        raise ReportReadError("文件是二进制数据，不是文字文件，也不是可识别的 PDF 或 DOCX。")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("gb18030",):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None or best.encoding is None:
        raise ReportReadError("无法识别文件的文字编码（既不是 UTF-8，也不是 GB18030/GBK）。")
    text = data.decode(best.encoding, errors="replace")
    if not _looks_textual(text):
        raise ReportReadError("文件是二进制数据，不是文字文件。")
    return text, best.encoding


def _looks_chinese(text: str) -> bool:
    sample = text[:20000]
    cjk = sum(1 for ch in sample if is_cjk(ch))
    return cjk >= max(4, len(sample) // 50)


def _looks_textual(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad <= len(sample) // 100


# ---- plain text -----------------------------------------------------------------------------

def split_separated(raw: str) -> tuple[list[str], bool]:
    """Cells of one raw line: tab- or pipe-separated, else the whole line."""
    if "\t" in raw:
        return [c for c in raw.split("\t")], True
    if "|" in raw or "｜" in raw:
        parts = re.split(r"[|｜]", raw)
        if len(parts) >= 2 and not parts[0].strip():
            parts = parts[1:]
        if len(parts) >= 2 and not parts[-1].strip():
            parts = parts[:-1]
        return parts, True
    return [raw], False


def read_text(text: str, kind: str = "text") -> Document:
    doc = Document(kind)
    page = 1
    has_pages = "\f" in text
    raws: list[tuple[int, int, str]] = []
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        if _MD_RULE.match(raw):
            continue  # the rule under a markdown table's header: not a row of blank cells
        raws.append((no, page, _BR.sub("", raw)))
    for no, pg, cells, separated in regroup_cell_per_line(raws):
        cells = [norm(c) for c in cells]
        if not any(cells) and not separated:
            continue  # (a separated line of blank cells is kept: its blanks are shown)
        doc.lines.append(Line(cells, no, pg if has_pages else None, separated))
    return doc


_MD_RULE = re.compile(r"^\s*[|｜]?\s*:?-{3,}:?\s*(?:[|｜]\s*:?-{3,}:?\s*)*[|｜]?\s*$")
#: a line break inside a markdown table cell (``其他<br>情形``): the cell's text goes on
_BR = re.compile(r"<br\s*/?>", re.I)


# ---- one cell per line ----------------------------------------------------------------------

_LONE_PIPES = re.compile(r"^\s*[|｜][|｜\s]*$")
_PIPE = re.compile(r"[|｜]")
#: a table flattened one cell per line is recognised by this many lines holding only ``|``
MIN_LONE_PIPES = 6
#: no-pipe lines in a row that still belong to a flattened table (a cell's wrapped text)
MAX_GAP = 3


def regroup_cell_per_line(raws: list[tuple[int, int, str]]) -> list[tuple[int, int, list[str], bool]]:
    """Rebuild the rows of a table that a web page's text extraction put one cell per line.

    Two renderings occur: each cell on a line ending in ``|`` with a lone ``|`` for an empty cell
    (``规章 |`` ``/ |``), and cells on lines of their own with ``|`` lines between them (``规章``
    ``|`` ``0`` ``|``; a cell's text may wrap: ``商业`` ``企业``). Either way the ``|`` close the
    cells: the lines of a flattened region are joined and split at the pipes, and the cells are
    grouped into rows — a new row at each cell holding text — so that a row is one separated
    line ``[label, value, value, …]`` as a tab-separated row would be, its blank cells shown.
    Lines elsewhere pass through as (line number, page, cells, separated).
    """
    plain = [(no, pg) + split_separated(raw) for no, pg, raw in raws]
    lone = [i for i, (_, _, raw) in enumerate(raws) if _LONE_PIPES.match(raw)]
    if len(lone) < MIN_LONE_PIPES:
        return plain
    out: list[tuple[int, int, list[str], bool]] = []
    i = 0
    n = len(raws)
    while i < n:
        if not _PIPE.search(raws[i][2]):
            # a short line right before a lone pipe is the first cell of a cells-between-pipes region
            if not (i + 1 < n and _LONE_PIPES.match(raws[i + 1][2]) and _short(raws[i][2])):
                out.append(plain[i])
                i += 1
                continue
        j, gap, last_pipe = i, 0, i
        while j < n:
            if _PIPE.search(raws[j][2]):
                gap, last_pipe = 0, j
            elif raws[j][2].strip():
                gap += 1
                if gap > MAX_GAP:
                    break
            j += 1
        end = n if j >= n else last_pipe + 1
        region = raws[i:end]
        content = [r[2].strip() for r in region if r[2].strip() and not _LONE_PIPES.match(r[2])]
        enclosed = sum(1 for t in content if t[0] in "|｜" and t[-1] in "|｜")
        if sum(1 for r in region if _LONE_PIPES.match(r[2])) < MIN_LONE_PIPES // 2 \
                or enclosed * 2 >= len(content):
            # lines that open and close with a pipe ("| 0 |", "|  |") are rows of their own
            out.extend(plain[i:end])
        else:
            out.extend(_rows_of_region(region))
        i = end
    return out


def _short(raw: str) -> bool:
    t = raw.strip()
    return bool(t) and len(t) <= 40 and "。" not in t


def _rows_of_region(region: list[tuple[int, int, str]]) -> list[tuple[int, int, list[str], bool]]:
    content = [r for r in region if r[2].strip() and not _LONE_PIPES.match(r[2])]
    # cells on lines ending in "|": a line without a pipe is not a cell (a heading, a note)
    pipe_ended = sum(1 for r in content if _PIPE.search(r[2]))
    pipes_close_lines = pipe_ended >= len(content) / 2
    out: list[tuple[int, int, list[str], bool]] = []
    row: list[str] = []
    row_at: tuple[int, int] | None = None
    pieces: list[tuple[int, int, str]] = []

    def end_row():
        nonlocal row, row_at
        if row_at is not None:
            out.append((row_at[0], row_at[1], row, True))
        row, row_at = [], None

    def close_cell(at: tuple[int, int]):
        nonlocal row_at, pieces
        texts = [p[2].strip() for p in pieces if p[2].strip()]
        cell_at = (pieces[0][0], pieces[0][1]) if pieces else at
        if len(texts) > 1 and (sum(len(t) for t in texts) > 40 or any("。" in t for t in texts)):
            # prose before the first cell (a heading, a note): lines of their own
            end_row()
            for p in pieces[:-1]:
                if p[2].strip():
                    out.append((p[0], p[1], [p[2]], False))
            texts, cell_at = texts[-1:], (pieces[-1][0], pieces[-1][1])
        cell = "".join(texts)
        pieces = []
        if cell and _has_text(cell):
            end_row()
            row_at = cell_at
        elif row_at is None:
            row_at = cell_at
        row.append(cell)

    for no, pg, raw in region:
        parts = _PIPE.split(raw)
        if len(parts) == 1:
            if not raw.strip():
                continue
            if pipes_close_lines:
                end_row()
                out.append((no, pg, [raw], False))
            else:
                pieces.append((no, pg, raw))
            continue
        for k, part in enumerate(parts):
            if k < len(parts) - 1:
                if part.strip() or not pieces:
                    pieces.append((no, pg, part))
                close_cell((no, pg))
            elif part.strip():
                pieces.append((no, pg, part))
    if pieces:
        close_cell((pieces[0][0], pieces[0][1]))
    end_row()
    return out


def _has_text(cell: str) -> bool:
    from gongkai.reports.importers.normalize import TEXT, tokenize_cell

    return any(t.kind == TEXT for t in tokenize_cell(cell))


# ---- HTML -----------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "header",
               "footer", "ul", "ol", "dl", "dt", "dd", "blockquote", "center", "form", "main",
               "aside", "nav", "figure", "figcaption", "address", "caption", "hr", "tbody",
               "thead", "tfoot", "body", "html"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object", "select",
              "button", "input", "textarea", "head"}


def read_html(text: str) -> Document:
    import lxml.html
    from lxml import etree

    doc = Document("html")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return read_text(re.sub(r"<[^>]+>", " ", text), "html")
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in ("pubdate", "publishdate", "article:published_time", "pubdate", "firstpublishedtime",
                    "publishtime", "contentpubdate"):
            if meta.get("content"):
                doc.meta_dates.append(meta.get("content"))
    title = root.find(".//title")
    if title is not None and (title.text or "").strip():
        doc.lines.append(Line([norm(title.text)], title.sourceline or 1, None, False))
    buf: list[str] = []
    buf_line = [1]
    counter = {"table": 0}

    def flush():
        raw = "".join(buf)
        buf.clear()
        for i, part in enumerate(raw.split("\n")):
            cells, separated = split_separated(part)
            cells = [norm(c) for c in cells]
            if any(cells):
                doc.lines.append(Line(cells, buf_line[0] + i, None, separated))

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP_TAGS or not tag:
            if el.tail:
                buf.append(_flat(el.tail))
            return
        if tag == "table" and not el.xpath(".//table"):
            flush()
            counter["table"] += 1
            for tr in el.iter("tr"):
                cells = [norm(_cell_text(td)) for td in tr if isinstance(td.tag, str)
                         and td.tag.lower() in ("td", "th")]
                if any(cells):
                    doc.lines.append(Line(cells, tr.sourceline or 0, None, True, True, counter["table"]))
            buf_line[0] = el.sourceline or buf_line[0]
            if el.tail:
                buf.append(_flat(el.tail))
            return
        block = tag in _BLOCK_TAGS or tag in ("table", "tr", "td", "th", "pre")
        if block:
            flush()
            buf_line[0] = el.sourceline or buf_line[0]
        if tag == "br":
            buf.append("\n")
        elif tag == "pre":
            buf.append(el.text_content())
            flush()
            if el.tail:
                buf.append(_flat(el.tail))
            return
        if el.text:
            buf.append(_flat(el.text))
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(_flat(el.tail))

    walk(root)
    flush()
    return doc


def _flat(text: str) -> str:
    """Newlines in HTML source text are only layout: one space (none between CJK)."""
    text = re.sub(r"(?<=[\u4e00-\u9fff，。；：、])\s*\n\s*(?=[\u4e00-\u9fff])", "", text)
    return re.sub(r"\s*\n\s*", " ", text)


def _cell_text(td) -> str:
    parts: list[str] = []

    def rec(el):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS:
            pass
        elif tag == "br":
            parts.append("\n")
        else:
            if el.text:
                parts.append(el.text)
            for c in el:
                rec(c)
        if el.tail and el is not td:
            parts.append(el.tail)

    rec(td)
    return join_wrapped("".join(parts))


# ---- DOCX -----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> Document:
    try:
        import docx  # python-docx

        d = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many types on a broken package
        raise ReportReadError("DOCX 文档已损坏，无法读取。请用 Word 或 WPS 打开后另存为 DOCX 或 PDF，再检查。") from None
    doc = Document("docx")
    counter = {"block": 0, "table": 0}

    def para_text(p) -> str:
        out = []
        for node in p.iter():
            if node.tag == _W + "t" and node.text:
                out.append(node.text)
            elif node.tag == _W + "tab":
                out.append("\t")
            elif node.tag in (_W + "br", _W + "cr"):
                out.append("\n")
        return "".join(out)

    def add_paragraph(p):
        counter["block"] += 1
        for part in para_text(p).split("\n"):
            cells, separated = split_separated(part)
            cells = [norm(c) for c in cells]
            if any(cells):
                doc.lines.append(Line(cells, counter["block"], None, separated))

    def add_table(tbl):
        if tbl.findall(".//" + _W + "tbl"):
            for tr in tbl.iter(_W + "tr"):
                for tc in tr.findall(_W + "tc"):
                    for child in tc:
                        if child.tag == _W + "p":
                            add_paragraph(child)
                        elif child.tag == _W + "tbl":
                            add_table(child)
            return
        counter["table"] += 1
        for tr in tbl.findall(_W + "tr"):
            counter["block"] += 1
            cells = []
            for tc in tr.findall(_W + "tc"):
                vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                if vmerge is not None and vmerge.get(_W + "val") in (None, "continue"):
                    continue  # the continuation of a vertically merged cell
                texts = [para_text(p) for p in tc.findall(_W + "p")]
                cells.append(norm(join_wrapped("\n".join(t for t in texts if t.strip()))))
            if any(cells):
                doc.lines.append(Line(cells, counter["block"], None, True, True, counter["table"]))

    for child in d.element.body:
        if child.tag == _W + "p":
            add_paragraph(child)
        elif child.tag == _W + "tbl":
            add_table(child)
    return doc


# ---- PDF ------------------------------------------------------------------------------------

#: a page without text but with this many drawn shapes is text turned into outlines (转曲): OCR
MIN_DRAWN = 40


def read_pdf(data: bytes) -> Document:
    """The PDF's text lines and table rows, page by page; pages without a text layer (scans) are
    read by OCR (:mod:`gongkai.reports.importers.ocr`)."""
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # a damaged PDF is a finding, not log noise

    doc = Document("pdf")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types on broken files
        raise ReportReadError("PDF 文件已损坏或加密，无法读取。") from None
    # each page's rows: (cells, separated, table of the page or None); a scanned page: None
    pages: dict[int, list[tuple[list[str], bool, int | None]] | None] = {}
    try:  # not ``with pdf``: its close() walks the page tree again and raises on a broken one
        try:
            page_count = len(pdf.pages)  # pdfminer builds every page object here: a broken page tree raises
        except Exception:  # pdfminer raises many types on broken files
            raise ReportReadError("PDF 文件已损坏，页面无法读取。") from None
        if page_count > 500:
            raise ReportReadError(f"PDF 有 {page_count} 页，不像一份年度报告（上限 500 页）。")
        try:
            for page_no, page in enumerate(pdf.pages, start=1):
                if not page.chars:
                    if page.images or len(page.curves) + len(page.lines) + len(page.rects) >= MIN_DRAWN:
                        pages[page_no] = None  # a scan, or text turned into outlines: read by OCR
                    continue
                rows: list[tuple[list[str], bool, int | None]] = []
                pages[page_no] = rows
                items: list[tuple[float, int, object]] = []
                tables = page.find_tables()
                boxes = [t.bbox for t in tables]
                for t in tables:
                    items.append((t.bbox[1], 1, t))

                def outside(obj, boxes=boxes):
                    x = (obj["x0"] + obj["x1"]) / 2
                    y = (obj["top"] + obj["bottom"]) / 2
                    return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

                rest = page.filter(outside) if boxes else page
                for tl in rest.extract_text_lines(layout=False, strip=True, return_chars=False):
                    items.append((tl["top"], 0, tl["text"]))
                items.sort(key=lambda it: (it[0], it[1]))
                table_no = 0
                for _top, kind, item in items:
                    if kind == 0:
                        rows.append(([norm(item)], False, None))
                    else:
                        table_no += 1
                        for row in item.extract():
                            rows.append(([norm(join_wrapped(c)) for c in row if c is not None], True, table_no))
        except ReportReadError:
            raise
        except Exception as e:  # a page pdfminer cannot interpret
            if not any(pages.values()):
                raise ReportReadError("PDF 内容无法解析，文件可能已损坏；请另存为 PDF 或提供 DOCX 后重新上传。") from None
    finally:
        try:
            pdf.close()
        except Exception:  # the page tree of a damaged file: nothing to release that matters
            pass
    scanned = [no for no, rows in pages.items() if rows is None]
    ocr_results = {}
    if scanned:
        from gongkai.reports.importers import ocr

        lim = ocr.limits()
        if len(scanned) > lim.max_pages:
            raise ReportReadError(f"PDF 有{len(scanned)}页扫描图像，超过文字识别的上限{lim.max_pages}页，"
                                  "请拆分后上传或提供文字版报告。")
        images = ocr.render_pdf_pages(data, scanned, lim)
        ocr_results = {r.page: r for r in ocr.run_pages(list(zip(scanned, images)), lim)}
    line_no = 0
    table_base = 0
    for page_no, rows in sorted(pages.items()):
        if rows is None:
            from gongkai.reports.importers import ocr

            line_no = ocr.pages_to_lines(doc, [ocr_results[page_no]], line_no)
            table_base = max((ln.table_no or 0 for ln in doc.lines), default=table_base)
            continue
        for cells, separated, table in rows:
            line_no += 1
            if any(cells):
                doc.lines.append(Line(cells, line_no, page_no, separated, separated,
                                      table_base + table if table else None))
        table_base += max((t or 0 for _c, _s, t in rows), default=0)
    if not doc.lines:
        if scanned:
            raise ReportReadError("PDF 的扫描页中没有识别出文字（空白页、过暗或过于模糊），无法检查。")
        raise ReportReadError("PDF 中没有可提取的文字，无法检查。")
    return doc
