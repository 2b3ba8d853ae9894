"""Scanned reports: PDF pages without a text layer and photos of report pages, read by offline OCR.

The engine is RapidOCR's PP-OCRv4 detector and recogniser (``rapidocr-onnxruntime``: the models
ship inside the wheel, nothing is downloaded at run time) on onnxruntime's CPU provider. Measured
on the same generated scan pages, Debian's Tesseract (``chi_sim``) recovered far fewer table cells
(``docs/checks.md``), so it is not used.

A page goes through these steps (:func:`read_page`):

1. the page as a grey image (a PDF page rendered by pypdfium2 at :data:`DPI`; a photo scaled so
   its long side is at most :data:`MAX_SIDE`);
2. text boxes found by the detector on the page scaled by :data:`DET_SCALE`, the page's skew
   (±1° and a little more) measured from the long boxes and undone by rotating the image and
   the boxes;
3. each box recognised on its own, at :data:`REC_HEIGHT` (no angle classifier: a report page is
   upright);
4. the ruled tables found from their lines (morphological opening), each enclosed cell a cell;
   a cell with ink but no box (a lone figure the detector missed) is recognised on its own;
5. table rows rebuilt from the cells (a cell spanning rows is shown in its first row, as
   pdfplumber shows a PDF's merged cells), text outside tables as lines by their y-overlap. A
   page without ruled lines (a photo of a table printed without borders) gets its rows from the
   boxes' y-overlap, a box a cell.

A cell whose recognition confidence is below ``GONGKAI_REPORTS_OCR_MIN_CONFIDENCE`` is left blank
and reported (``ocr.doubtful_cell``) rather than guessed. Pages are spread over a pool of processes
(one onnxruntime thread each); the limits (pages, pixels, time) come from ``GONGKAI_REPORTS_OCR_*``.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import io
import math
import multiprocessing
import os
import re
import time
from dataclasses import dataclass, field

import numpy as np

from gongkai.reports.importers.normalize import norm
from gongkai.reports.importers.document import Document, Line, ReportReadError

#: a PDF page is rendered at this resolution for OCR (the detector and recogniser need ~20 px
#: a line of 8-point table text; more only costs time)
DPI = 130
#: a photo is scaled down to this long side (an A4 page at about 150 dpi)
MAX_SIDE = 1800
#: the detector reads the page scaled by this (its cost goes with the pixels; a figure it misses
#: in a ruled cell is still read from the cell, see :func:`rebuild`)
DET_SCALE = 0.75
#: crops recognised in one call of the recogniser: one is fastest on the CPU (measured: a batch
#: padded to its widest crop costs 1.5–2× per crop, onnxruntime allocating without an arena)
REC_BATCH = 1
#: the recogniser's input height: PP-OCRv4 is trained at 48, and reads report print as well at
#: 32 (measured: the same text on the generated scans) in less than half the time
REC_HEIGHT = 32
#: a line of prose (wider than sixteen heights) is also narrowed to this share of its width: CJK
#: print keeps three time steps a character, the cost falls with the width (measured: 32 × 0.7
#: reads the generated pages' prose as 48 × 1 does, in 28 % of the time). A table's label is not
#: narrowed: squeezed, its dense strokes lost characters (信访举报 read as 信仿访拳报)
REC_SQUEEZE = 0.7
#: (in heights: a line this much wider than high is prose)
REC_SQUEEZE_OVER = 16
#: a line wider than this (at the recogniser's height) is read in pieces of about this width
REC_PIECE = 640
#: the narrowest input of the recogniser (a lone figure needs some grey after it to read as one)
REC_MIN_WIDTH = 112
#: skew beyond this is left alone (a page photographed askew is not a report page we can trust)
MAX_SKEW_DEGREES = 3.0

IMAGE_KINDS = {"png": "PNG", "jpeg": "JPEG", "tiff": "TIFF", "bmp": "BMP", "webp": "WebP", "gif": "GIF"}


def image_kind(data: bytes) -> str | None:
    """The image format of ``data`` by its magic bytes, or ``None``."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data[:2] == b"BM":
        return "bmp"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


# ---- limits ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Limits:
    max_pages: int = 20
    max_pixels: int = 40_000_000
    timeout: float = 180.0
    min_confidence: float = 0.5
    workers: int = 2


def limits() -> Limits:
    """The OCR limits from ``GONGKAI_REPORTS_OCR_*`` (read here, at each file: the checker runs
    without the web application's settings too; ``gongkai/settings.py`` checks the same variables
    when the server starts)."""
    return Limits(
        max_pages=_env("GONGKAI_REPORTS_OCR_MAX_PAGES", Limits.max_pages, int),
        max_pixels=_env("GONGKAI_REPORTS_OCR_MAX_PIXELS", Limits.max_pixels, int),
        timeout=_env("GONGKAI_REPORTS_OCR_TIMEOUT", Limits.timeout, float),
        min_confidence=_env("GONGKAI_REPORTS_OCR_MIN_CONFIDENCE", Limits.min_confidence, float),
        workers=_env("GONGKAI_REPORTS_OCR_WORKERS", Limits.workers, int),
    )


def _env(name: str, default, kind):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"{name}={value!r}: 应为{'整数' if kind is int else '数字'}") from None


def _pixels_text(n: int) -> str:
    """1,000,000 → 100万像素, 2,500,000,000 → 25亿像素 (Chinese counts by 万 and 亿, without commas)."""
    if n >= 10 ** 8:
        return f"{n / 10 ** 8:.1f}".removesuffix(".0") + "亿像素"
    return f"{round(n / 10 ** 4)}万像素"


# ---- what OCR gives back --------------------------------------------------------------------

@dataclass
class Doubtful:
    page: int
    row: int          # index of the page's line
    cell: int         # index of the cell in that line
    text: str
    confidence: float


@dataclass
class PageResult:
    page: int
    rows: list[tuple[list[str], bool, int | None]] = field(default_factory=list)  # cells, grid, table
    doubtful: list[Doubtful] = field(default_factory=list)
    boxes: int = 0
    skew: float = 0.0
    seconds: float = 0.0


# ---- the engine (one per process) -----------------------------------------------------------

_ENGINE = None


def _engine(threads: int = 1):
    global _ENGINE
    if _ENGINE is None:
        import logging

        from rapidocr_onnxruntime import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        logging.getLogger("OrtInferSession").setLevel(logging.ERROR)
        _ENGINE = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
    return _ENGINE


def _init_worker(threads: int) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    import cv2

    cv2.setNumThreads(threads)
    _engine(threads)


# ---- one page -------------------------------------------------------------------------------

def read_page(page_no: int, gray: np.ndarray, min_confidence: float, threads: int = 1) -> PageResult:
    """OCR one grey page image into rows of cells (see the module's text)."""
    start = time.perf_counter()
    eng = _engine(threads)
    out = PageResult(page_no)
    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 30:
        return out  # one flat colour: nothing written on it
    boxes = detect(eng, gray)
    if len(boxes) == 0:
        out.seconds = time.perf_counter() - start
        return out
    gray, rects, out.skew = deskew(gray, boxes)
    out.boxes = len(rects)
    texts = _recognise(eng, gray, rects)
    items = [(r, t, c) for r, (t, c) in zip(rects, texts) if t.strip()]
    rebuild(out, gray, items, min_confidence, lambda rs: _recognise(eng, gray, rs))
    out.seconds = time.perf_counter() - start
    return out


def detect(eng, gray: np.ndarray, scale: float = DET_SCALE) -> np.ndarray:
    """The text boxes (quadrilaterals, in ``gray``'s pixels) the detector finds on the page read
    at ``scale`` (grey straight into the network's three channels)."""
    import cv2

    h, w = gray.shape
    rh, rw = max(32, round(h * scale / 32) * 32), max(32, round(w * scale / 32) * 32)
    small = cv2.resize(gray, (rw, rh), interpolation=cv2.INTER_AREA)
    x = np.repeat((small.astype(np.float32) / 127.5 - 1.0)[None, None], 3, axis=1)
    det = eng.text_det
    preds = det.infer(x)[0]
    boxes, _scores = det.postprocess_op(preds, (h, w))
    if len(boxes) == 0:
        return np.zeros((0, 4, 2), dtype=np.float32)
    return det.filter_tag_det_res(boxes, (h, w)).reshape(-1, 4, 2)


def deskew(gray: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int, int, int]], float]:
    """The page turned upright by its skew (measured from the detector's boxes), and the boxes
    as upright rectangles (x0, y0, x1, y1) on it."""
    import cv2

    angle = _skew(boxes)
    if abs(angle) > 0.05:
        h, w = gray.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        gray = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
        pts = np.concatenate([boxes.reshape(-1, 2), np.ones((boxes.shape[0] * 4, 1))], axis=1)
        boxes = (pts @ m.T).reshape(-1, 4, 2)
    rects = []
    h, w = gray.shape
    for q in boxes:
        x0, y0 = max(0, int(q[:, 0].min())), max(0, int(q[:, 1].min()))
        x1, y1 = min(w, int(math.ceil(q[:, 0].max()))), min(h, int(math.ceil(q[:, 1].max())))
        if x1 - x0 >= 3 and y1 - y0 >= 3:
            rects.append((x0, y0, x1, y1))
    return gray, rects, angle


def rebuild(out: PageResult, gray: np.ndarray, items, min_confidence: float, recognise=None) -> None:
    """The page's rows from its recognised boxes ``[(rect, text, confidence)]``: the ruled tables'
    cells, the lines of text around them (the same for any engine's boxes). With ``recognise``
    (rects → [(text, confidence)]), a ruled cell with ink in it but no box — a lone figure the
    detector missed — is read on its own."""
    line_h = float(np.median([r[3] - r[1] for r, _t, _c in items])) if items else 20.0
    tables = _tables(gray, line_h)
    if recognise is not None and tables:
        missed = _inked_empty_cells(gray, tables, items, line_h)
        if missed:
            items = items + [(r, t, c) for r, (t, c) in zip(missed, recognise(missed)) if t.strip()]
    _layout(out, items, tables, min_confidence, line_h)


def _inked_empty_cells(gray: np.ndarray, tables, items, line_h: float) -> list[tuple[int, int, int, int]]:
    """The ink's box in each table cell that no recognised box falls in (specks ignored)."""
    import cv2

    centres = [((r[0] + r[2]) / 2, (r[1] + r[3]) / 2) for r, _t, _c in items]
    out = []
    for cells in tables:
        for x0, y0, x1, y1 in cells:
            if any(x0 <= cx <= x1 and y0 <= cy <= y1 for cx, cy in centres):
                continue
            inner = gray[y0 + 2:y1 - 1, x0 + 2:x1 - 1]
            if inner.size == 0:
                continue
            n, labels, stats, _ = cv2.connectedComponentsWithStats((inner < 170).astype(np.uint8), connectivity=8)
            keep = [k for k in range(1, n) if stats[k, cv2.CC_STAT_AREA] >= 5]  # not a speck of noise
            if not keep:
                continue
            ys, xs = np.nonzero(np.isin(labels, keep))
            if ys.max() - ys.min() < line_h * 0.3:
                continue
            pad = max(2, int(line_h * 0.15))
            out.append((max(0, x0 + 2 + xs.min() - pad), max(0, y0 + 2 + ys.min() - pad),
                        min(gray.shape[1], x0 + 3 + xs.max() + pad), min(gray.shape[0], y0 + 3 + ys.max() + pad)))
    return out


def _skew(boxes: np.ndarray) -> float:
    """The page's skew in degrees (positive: counter-clockwise), the median slope of the top
    edges of the long text boxes."""
    angles = []
    for q in boxes:
        dx, dy = q[1][0] - q[0][0], q[1][1] - q[0][1]
        height = np.linalg.norm(q[3] - q[0])
        if dx > 4 * max(height, 1) and dx > 60:
            angles.append(math.degrees(math.atan2(dy, dx)))
    if len(angles) < 3:
        return 0.0
    a = float(np.median(angles))
    return a if abs(a) <= MAX_SKEW_DEGREES else 0.0


#: glyphs the recogniser confuses with a lone ``0`` in a table cell (``o``, ``。``, ``〇``): their
#: probabilities are added up, and a cell of digits and these reads them as 0
ZERO_LIKE = "0oODQ。〇○°"
_ZERO_CELL = re.compile(f"[0-9{ZERO_LIKE}]+")
_TO_ZERO = str.maketrans({c: "0" for c in ZERO_LIKE})


def zero_cell(text: str) -> str:
    """A table cell's figure with the zero look-alikes read as 0 (``1o`` → ``10``, ``。`` → ``0``)
    and specks beside it dropped (``0.`` → ``0``)."""
    core = text.strip().strip(".,，、·'`")
    if core and _ZERO_CELL.fullmatch(core):
        return core.translate(_TO_ZERO)
    return text


def is_figure(text: str) -> bool:
    """A cell that holds a figure (what a doubtful reading must not guess), not a label."""
    core = zero_cell(text)
    return bool(core) and sum(c.isdigit() or c in ".,%" for c in core) >= max(1, len(core) * 0.6)


def _recognise(eng, gray: np.ndarray, rects) -> list[tuple[str, float]]:
    """Text and confidence (the lowest of its characters') of each box, recognised in batches of
    similar widths: a batch is padded (grey, as the recogniser was trained) to its widest crop
    or :data:`REC_MIN_WIDTH`."""
    import cv2

    rec = eng.text_rec
    chars = rec.postprocess_op.character
    zero_ids = [i for i, c in enumerate(chars) if c in ZERO_LIKE]
    crops = []
    owner = []  # the box each piece belongs to
    for n, (x0, y0, x1, y1) in enumerate(rects):
        crop = gray[y0:y1, x0:x1]
        ch, cw = crop.shape
        squeeze = REC_SQUEEZE if cw > REC_SQUEEZE_OVER * ch else 1.0
        nw = max(1, int(round(cw * REC_HEIGHT / ch * squeeze)))
        crop = cv2.resize(crop, (nw, REC_HEIGHT), interpolation=cv2.INTER_AREA)
        for piece in _pieces(crop):
            crops.append(piece)
            owner.append(n)
    order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1])
    results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    for b in range(0, len(order), REC_BATCH):
        idx = order[b:b + REC_BATCH]
        width = max(REC_MIN_WIDTH, max(crops[i].shape[1] for i in idx))
        batch = np.zeros((len(idx), 3, REC_HEIGHT, width), dtype=np.float32)
        for k, i in enumerate(idx):
            c = crops[i].astype(np.float32) / 127.5 - 1.0
            batch[k, :, :, :c.shape[1]] = c[None, :, :]
        preds = rec.session(batch)[0]
        best = preds.argmax(axis=2)
        for k, i in enumerate(idx):
            seq = best[k]
            keep = np.ones(len(seq), dtype=bool)
            keep[1:] = seq[1:] != seq[:-1]
            keep &= seq != 0
            steps = np.nonzero(keep)[0]
            text = "".join(chars[j] for j in seq[steps])
            probs = []
            for t in steps:
                if chars[seq[t]] in ZERO_LIKE:
                    probs.append(float(preds[k, t, zero_ids].sum()))
                else:
                    probs.append(float(preds[k, t, seq[t]]))
            results[i] = (text, min(probs) if probs else 0.0)
    joined: list[tuple[str, float]] = [("", 0.0)] * len(rects)
    for i, (text, conf) in enumerate(results):
        n = owner[i]
        prev_text, prev_conf = joined[n]
        joined[n] = (prev_text + text, conf if not prev_text else (min(prev_conf, conf) if text else prev_conf))
    return joined


def _pieces(crop: np.ndarray) -> list[np.ndarray]:
    """A long line cut into pieces of about :data:`REC_PIECE` pixels, each cut at the lightest
    column near it (between two characters): the recogniser's cost grows faster than its
    input's width, so a line of prose costs several times less in pieces."""
    w = crop.shape[1]
    if w <= REC_PIECE * 1.25:
        return [crop]
    ink = (255 - crop.astype(np.int32)).sum(axis=0)
    cuts = [0]
    while w - cuts[-1] > REC_PIECE * 1.25:
        lo = cuts[-1] + REC_PIECE - REC_HEIGHT
        hi = cuts[-1] + REC_PIECE + REC_HEIGHT
        cuts.append(lo + int(np.argmin(ink[lo:hi])))
    cuts.append(w)
    return [crop[:, a:b] for a, b in zip(cuts, cuts[1:]) if b - a > 2]


# ---- tables from their ruling ---------------------------------------------------------------

def _tables(gray: np.ndarray, line_h: float) -> list[list[tuple[int, int, int, int]]]:
    """The ruled tables of the page, each as its cells' rectangles (x0, y0, x1, y1)."""
    import cv2

    h, w = gray.shape
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    hlen = max(20, w // 30)
    vlen = max(8, int(line_h * 0.75))
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen)))
    grid = cv2.dilate(horiz | vert, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    tables = []
    for k in range(1, n):
        x, y, cw, ch, _area = stats[k]
        if cw < w / 4 or ch < 0.9 * line_h:
            continue  # (a table's last row alone at the top of a page is a table too)
        region = (labels[y:y + ch, x:x + cw] != k).astype(np.uint8)
        m, cl, cs, _ = cv2.connectedComponentsWithStats(region, connectivity=4)
        cells = []
        for j in range(1, m):
            cx, cy, ww, hh, area = cs[j]
            if cx == 0 or cy == 0 or cx + ww >= cw or cy + hh >= ch:
                continue  # outside the table's outline
            if ww < 6 or hh < max(6, line_h * 0.4) or area < 0.6 * ww * hh:
                continue
            cells.append((x + cx, y + cy, x + cx + ww, y + cy + hh))
        if len(cells) >= 2:
            tables.append(cells)
    return tables


# ---- rows -----------------------------------------------------------------------------------

def _join(parts: list[tuple[tuple[int, int, int, int], str]], line_h: float) -> str:
    """Boxes of one cell or one line, top to bottom and left to right, as one text."""
    parts = sorted(parts, key=lambda p: (p[0][1] + p[0][3]) / 2)
    lines: list[list] = []
    for p in parts:
        cy = (p[0][1] + p[0][3]) / 2
        if lines and abs(cy - lines[-1][0]) < line_h * 0.5:
            lines[-1][1].append(p)
        else:
            lines.append([cy, [p]])
    out = []
    for _, ps in lines:
        ps.sort(key=lambda p: p[0][0])
        text = ""
        prev = None
        for r, t in ps:
            if prev is not None and text and not (_cjk(text[-1]) or _cjk(t[:1])) and r[0] - prev > line_h * 0.3:
                text += " "
            text += t
            prev = r[2]
        out.append(text)
    return "\n".join(out)


def _cjk(ch: str) -> bool:
    return bool(ch) and "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _layout(out: PageResult, items, tables, min_confidence: float, line_h: float) -> None:
    """Rows of the page in reading order: each table's rows and the lines of text around them."""
    from gongkai.reports.importers.document import join_wrapped

    placed: list[tuple[float, int, list[str], bool, int | None, list[tuple[int, str, float]]]] = []
    used = set()
    for t_no, cells in enumerate(tables, start=1):
        contents: dict[int, list] = {i: [] for i in range(len(cells))}
        for k, (r, text, conf) in enumerate(items):
            cx, cy = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
            for i, c in enumerate(cells):
                if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
                    contents[i].append((r, text, conf))
                    used.add(k)
                    break
        tops = sorted({c[1] for c in cells})
        bands: list[int] = []
        for y in tops:
            if not bands or y - bands[-1] > max(3, line_h * 0.25):
                bands.append(y)
        rows: dict[int, list[int]] = {}
        for i, c in enumerate(cells):
            band = min(range(len(bands)), key=lambda b: abs(bands[b] - c[1]))
            rows.setdefault(band, []).append(i)
        for band in sorted(rows):
            idx = sorted(rows[band], key=lambda i: cells[i][0])
            texts, doubts = [], []
            for pos, i in enumerate(idx):
                # a label read with little confidence is still matched (loosely) by the parser;
                # a figure read so is left out
                good = [(r, t) for r, t, c in contents[i] if c >= min_confidence or not is_figure(t)]
                bad = [(t, c) for _r, t, c in contents[i] if c < min_confidence and is_figure(t)]
                text = norm(zero_cell(join_wrapped(_join(good, line_h)))) if good else ""
                if bad:
                    doubts.append((pos, "".join(t for t, _ in bad), min(c for _, c in bad)))
                    if good:  # part of the cell is unsure: the whole cell is left out
                        text = ""
                texts.append(text)
            placed.append((bands[band], 1, texts, True, t_no, doubts))
    rest = [(r, t, c) for k, (r, t, c) in enumerate(items) if k not in used and c >= min_confidence]
    rest.sort(key=lambda it: (it[0][1] + it[0][3]) / 2)
    groups: list[list] = []
    for r, t, c in rest:
        if groups and _overlaps(groups[-1], r):
            groups[-1].append((r, t, c))
        else:
            groups.append([(r, t, c)])
    for g in groups:
        g.sort(key=lambda it: it[0][0])
        top = min(it[0][1] for it in g)
        if not tables and len(g) >= 3 and _spread(g, line_h):
            # a table printed without ruling: each box a cell
            placed.append((top, 0, [norm(t) for _, t, _ in g], True, None, []))
        else:
            placed.append((top, 0, [norm(_join([(r, t) for r, t, _ in g], line_h).replace("\n", ""))],
                           False, None, []))
    placed.sort(key=lambda p: (p[0], p[1]))
    for row_no, (_y, _k, cells, separated, table, doubts) in enumerate(placed):
        out.rows.append((cells, separated, table))
        for pos, text, conf in doubts:
            out.doubtful.append(Doubtful(out.page, row_no, pos, text, conf))


def _overlaps(group, r) -> bool:
    top = min(it[0][1] for it in group)
    bottom = max(it[0][3] for it in group)
    inter = min(bottom, r[3]) - max(top, r[1])
    return inter > 0.5 * min(bottom - top, r[3] - r[1])


def _spread(group, line_h: float) -> bool:
    """Boxes of a line far apart from each other: cells of a table, not words of a sentence."""
    gaps = [b[0][0] - a[0][2] for a, b in zip(group, group[1:])]
    return all(g > line_h for g in gaps)


# ---- images and scanned pages in, a Document out --------------------------------------------

def image_pages(data: bytes, lim: Limits | None = None) -> list[np.ndarray]:
    """The pages of an image file (a TIFF may hold several) as grey arrays; refuses an image
    over the pixel limit before decoding it (a decompression bomb)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    lim = lim or limits()
    kind = IMAGE_KINDS.get(image_kind(data) or "", "图片")
    Image.MAX_IMAGE_PIXELS = None  # our own limit below, before anything is decoded
    try:
        im = Image.open(io.BytesIO(data))
        frames = getattr(im, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        raise ReportReadError(f"{kind}图片已损坏或格式无法识别，无法读取（{type(e).__name__}）。") from None
    if frames > lim.max_pages:
        raise ReportReadError(f"图片有{frames}页，超过文字识别的上限{lim.max_pages}页。")
    pages = []
    total = 0
    for f in range(frames):
        try:
            im.seek(f)
            pixels = im.size[0] * im.size[1]
            total += pixels
            if pixels > lim.max_pixels or total > lim.max_pixels * lim.max_pages:
                raise ReportReadError(
                    f"图片过大（{im.size[0]}×{im.size[1]}，{_pixels_text(pixels)}），超过文字识别的上限"
                    f"{_pixels_text(lim.max_pixels)}，为防止恶意构造的文件耗尽内存，已拒绝。请缩小后再上传。")
            frame = ImageOps.exif_transpose(im) if f == 0 else im
            frame = frame.convert("L")
        except ReportReadError:
            raise
        except Exception as e:  # noqa: BLE001 - Pillow raises many types on broken image data
            raise ReportReadError(f"{kind}图片已损坏，无法读取（{type(e).__name__}）。") from None
        if max(frame.size) > MAX_SIDE:
            s = MAX_SIDE / max(frame.size)
            frame = frame.resize((max(1, round(frame.size[0] * s)), max(1, round(frame.size[1] * s))),
                                 Image.LANCZOS)
        pages.append(np.asarray(frame, dtype=np.uint8).copy())
    return pages


def render_pdf_pages(data: bytes, page_numbers: list[int], lim: Limits | None = None) -> list[np.ndarray]:
    """Pages of a PDF (numbered from 1) rendered grey at :data:`DPI` for OCR."""
    import pypdfium2 as pdfium

    lim = lim or limits()
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - pdfium raises PdfiumError and others
        raise ReportReadError("PDF 文件已损坏或加密，无法读取。") from None
    out = []
    try:
        for no in page_numbers:
            page = pdf[no - 1]
            w, h = page.get_size()
            scale = DPI / 72
            pixels = int(w * scale) * int(h * scale)
            if pixels > lim.max_pixels or w <= 0 or h <= 0:
                raise ReportReadError(f"PDF 第{no}页的页面尺寸异常（{w:.0f}×{h:.0f}点），按{DPI} dpi 识别需"
                                      f"{_pixels_text(max(pixels, 0))}，超过上限{_pixels_text(lim.max_pixels)}，已拒绝。")
            bitmap = page.render(scale=scale, grayscale=True)
            arr = bitmap.to_numpy()
            if arr.ndim == 3:
                arr = arr[:, :, 0]
            out.append(np.ascontiguousarray(arr, dtype=np.uint8))
    except ReportReadError:
        raise
    except Exception as e:  # noqa: BLE001
        raise ReportReadError(f"PDF 扫描页无法渲染（{type(e).__name__}）。") from None
    finally:
        pdf.close()
    return out


# ---- running pages (a pool of processes) ----------------------------------------------------

_POOL: cf.ProcessPoolExecutor | None = None
_POOL_SIZE = 0
#: set in a batch's worker processes: OCR there runs in the process itself (the batch already
#: spreads its files over the cores)
IN_PROCESS_ENV = "GONGKAI_OCR_IN_PROCESS"


def in_process_ocr() -> None:
    """For a process that checks a batch's files (``reports.tasks``): its files' pages are read
    in it, one thread, not spread over a pool of their own."""
    import cv2

    os.environ[IN_PROCESS_ENV] = "1"
    cv2.setNumThreads(1)  # the other cores check the batch's other files


def _pool(workers: int) -> cf.ProcessPoolExecutor:
    global _POOL, _POOL_SIZE
    if _POOL is None or _POOL_SIZE != workers:
        shutdown_pool()
        ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server or onnxruntime
        _POOL = cf.ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(1,))
        _POOL_SIZE = workers
    return _POOL


def shutdown_pool(kill: bool = False) -> None:
    global _POOL
    if _POOL is not None:
        if kill:
            for p in list(getattr(_POOL, "_processes", {}).values()):
                p.kill()
        _POOL.shutdown(wait=not kill, cancel_futures=True)
        _POOL = None


atexit.register(shutdown_pool)


def run_pages(pages: list[tuple[int, np.ndarray]], lim: Limits | None = None) -> list[PageResult]:
    """OCR the pages, spread over the pool when there is more than one and more than one core."""
    lim = lim or limits()
    workers = min(lim.workers, len(pages), os.cpu_count() or 1)
    deadline = time.monotonic() + lim.timeout
    if workers <= 1 or os.environ.get(IN_PROCESS_ENV):
        results = []
        threads = 1 if os.environ.get(IN_PROCESS_ENV) else max(1, min(lim.workers, os.cpu_count() or 1))
        for no, gray in pages:
            if time.monotonic() > deadline:
                raise _timeout(lim)
            results.append(read_page(no, gray, lim.min_confidence, threads))
        return results
    pool = _pool(workers)
    futures = [pool.submit(read_page, no, gray, lim.min_confidence, 1) for no, gray in pages]
    try:
        return [f.result(timeout=max(0.1, deadline - time.monotonic())) for f in futures]
    except cf.TimeoutError:
        shutdown_pool(kill=True)
        raise _timeout(lim) from None
    except cf.process.BrokenProcessPool:
        shutdown_pool(kill=True)
        raise ReportReadError("文字识别进程意外退出（可能是内存不足），无法读取扫描页。") from None


def _timeout(lim: Limits) -> ReportReadError:
    return ReportReadError(f"文字识别超过{lim.timeout:.0f}秒仍未完成，已停止。请拆分文件或上传文字版报告。")


def pages_to_lines(doc: Document, results: list[PageResult], line_no: int = 0) -> int:
    """Append the OCR'd pages' rows to ``doc`` (tables numbered after its own) and note which
    pages came from OCR and which cells were left out; returns the last line number."""
    table_base = max((ln.table_no or 0 for ln in doc.lines), default=0)
    for res in results:
        first = line_no + 1
        for row_no, (cells, separated, table) in enumerate(res.rows):
            line_no += 1
            if not any(cells) and not separated:
                continue
            doc.lines.append(Line(cells, line_no, res.page, separated, table is not None,
                                  table_base + table if table is not None else None))
        for d in res.doubtful:
            doc.ocr_doubtful.append((res.page, first + d.row, d.cell, d.text, d.confidence))
        if res.rows:
            table_base = max((ln.table_no or 0 for ln in doc.lines), default=table_base)
        doc.ocr_pages.append(res.page)
    return line_no


def read_image(data: bytes) -> Document:
    """A photo or scan of report pages (PNG, JPEG, TIFF, BMP, WebP, GIF), read by OCR."""
    lim = limits()
    pages = image_pages(data, lim)
    results = run_pages(list(enumerate(pages, start=1)), lim)
    doc = Document("image")
    pages_to_lines(doc, results)
    if not any(ln.text.strip() for ln in doc.lines):
        raise ReportReadError("图片中没有识别出文字（空白页、过暗或过于模糊），无法检查。请上传清晰的扫描件或文字版报告。")
    return doc


# ---- findings -------------------------------------------------------------------------------

def findings(doc: Document, lines: list[Line], tables) -> list:
    """``ocr.pages`` (which pages, and which of the tables' figures, came from OCR) and one
    ``ocr.doubtful_cell`` for each cell left out for its low confidence, placed in its table's
    row and column when the row was read."""
    from gongkai.rules.annual_format import Finding

    if not doc.ocr_pages:
        return []
    at = {(ln.page, ln.source_line): i for i, ln in enumerate(lines)}
    placed: dict[tuple[int, int], tuple[str, str, str]] = {}  # (line index, cell) -> table, row, column
    read_from_ocr = []
    ocr_pages = set(doc.ocr_pages)
    for key, table in tables.items():
        for rr in table.rows.values():
            if rr.spec.key is None:
                continue
            for tok, col in zip(rr.fitted, rr.spec.columns):
                if col:
                    placed[(tok.line, tok.cell)] = (key, rr.spec.key, col)
        if table.found and table.first_line is not None and table.first_line < len(lines) \
                and lines[table.first_line].page in ocr_pages:
            read_from_ocr.append({"proactive": "表二", "applications": "表三", "appeals": "表四"}[key])
    pages = "、".join(str(p) for p in sorted(ocr_pages))
    what = f"，{'、'.join(read_from_ocr)}的数字来自文字识别" if read_from_ocr else ""
    out = [Finding("ocr.pages", "info",
                   f"第{pages}页是扫描图像，已用文字识别（OCR）读取{what}。识别可能有误，请与原件核对。",
                   {"pages": sorted(ocr_pages), "tables": read_from_ocr})]
    lim = limits()
    for page, source_line, cell, text, conf in doc.ocr_doubtful:
        idx = at.get((page, source_line))
        loc: dict = {"page": page, "line": source_line, "text": text, "confidence": round(conf, 2)}
        where = ""
        if idx is not None and (idx, cell) in placed:
            table, row, column = placed[(idx, cell)]
            loc.update({"section": table, "table": table, "row": row, "column": column})
        elif idx is not None and lines[idx].table_no is None:
            where = "（表格外）"
        out.append(Finding("ocr.doubtful_cell", "warning",
                           f"第{page}页{where}有一个单元格识别把握不足（“{text}”，置信度{conf:.2f}，"
                           f"低于{lim.min_confidence:.2f}），未采用，按空白处理。请对照原件填写。", loc))
    return out
