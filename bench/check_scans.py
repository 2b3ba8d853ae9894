"""The scanned-report and batch parts of ``bench/check.py`` (``--scans N``, ``--tesseract``,
``--batch``): OCR accuracy on generated scans, seconds per 6-page scanned report, text-PDF pages
per second, Tesseract against RapidOCR on the same pages, and a province's batch of 300 mixed
files through the real batch path (the database, ``start_check_batch``, the task)."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gongkai.reports.tests.generate import (Report, blank_some, random_tables,  # noqa: E402
                                            render_docx, render_html, render_pdf, render_text)
from gongkai.reports.tests.scans import scanned_pdf  # noqa: E402

AGENCIES = ("某县自然资源局", "某市生态环境局", "某区市场监督管理局", "某县人民政府", "某市统计局", "某县交通运输局")


import logging  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def _report(rng: random.Random, pages_of_prose: int = 0) -> Report:
    tables = random_tables(rng, big=rng.random() < 0.25)
    if rng.random() < 0.4:
        tables = blank_some(tables, rng, 0.15)
    year = rng.randint(2021, 2024)
    kw = {}
    if pages_of_prose:
        parts = ["（一）主动公开。", "（二）依申请公开。", "（三）政府信息管理。", "（四）政府信息公开平台建设。", "（五）监督保障。"]
        body = ("严格落实《中华人民共和国政府信息公开条例》要求，完善工作机制，明确责任分工，"
                "加强业务培训和督促检查，确保各项工作落到实处。")
        kw["overview"] = (f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开工作。\n"
                          + "\n".join(p + body * (7 * pages_of_prose) for p in parts))
    return Report(agency=rng.choice(AGENCIES), year=year, tables=tables,
                  published_on=dt.date(year + 1, 1, rng.randint(5, 28)), **kw)


def _truth(report: Report) -> dict:
    from check import _jsonable

    return _jsonable(report.tables)


def _numeric_score(truth: dict, got: dict) -> tuple[int, int]:
    right = present = 0
    for table, rows in truth.items():
        for row, cols in rows.items():
            for col, v in cols.items():
                if v is None:
                    continue
                present += 1
                g = got.get(table, {}).get(row, {}).get(col)
                if g == v or (isinstance(g, float) and isinstance(v, float) and abs(g - v) < 1e-9):
                    right += 1
    return right, present


def _pages(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def six_page_report(seed: int) -> tuple[bytes, Report]:
    """A generated report whose narrative fills it to six pages, and the report."""
    rng = random.Random(seed)
    for prose in range(1, 12):
        report = _report(random.Random(seed), prose)
        pdf = render_pdf(report)
        if _pages(pdf) >= 6:
            return pdf, report
    rng.random()
    return pdf, report


def scans(n: int, seed: int, tesseract: bool) -> list[str]:
    from gongkai.reports.importers import check_file
    from gongkai.reports.importers.ocr import shutdown_pool

    rng = random.Random(seed)
    made = []
    for i in range(n):
        report = _report(random.Random(seed * 7919 + i))
        pdf = render_pdf(report, thousands=rng.random() < 0.3)
        made.append((report, pdf, scanned_pdf(pdf, skew=1.0, noise=12.0, seed=seed + i)))
    print(f"生成 {n} 份扫描件", file=sys.stderr)
    right = present = pages = 0
    t_all = 0.0
    check_file(made[0][2], "warm.pdf")  # the pool's processes start once: not counted
    worst = []
    for report, pdf, scan in made:
        t0 = time.perf_counter()
        got = check_file(scan, "扫描件.pdf").as_dict()["tables"]
        t_all += time.perf_counter() - t0
        r, p = _numeric_score(_truth(report), got)
        right, present, pages = right + r, present + p, pages + _pages(scan)
        worst.append(r / p if p else 1.0)
    six_pdf, six_report = six_page_report(seed)
    six_scan = scanned_pdf(six_pdf, skew=1.0, noise=12.0, seed=seed)
    six_pages = _pages(six_scan)
    runs = []
    six_acc = None
    for _ in range(3):
        t0 = time.perf_counter()
        result = check_file(six_scan, "六页扫描件.pdf")
        runs.append(time.perf_counter() - t0)
        r, p = _numeric_score(_truth(six_report), result.as_dict()["tables"])
        six_acc = (r, p)
    load_scans = load()
    text_n, text_pages, text_s = _text_pdfs(seed)
    lines = [
        f"Command: `python bench/check.py --scans {n}{' --tesseract' if tesseract else ''}`; run "
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; load average while measuring: {load_scans}  ",
        "Scans: generated reports (random tables, 40 % with blank cells) rendered by WeasyPrint, each page "
        "rasterised at 200 dpi, rotated ±0.6–1°, Gaussian noise σ 12 and dark specks, saved as an image-only "
        "PDF (JPEG pages); checked by `check_file` (RapidOCR PP-OCRv4, pages over a pool of 2 processes).",
        "",
        f"**numeric cells {right / present:.2%}** — {right} of {present} figures the scans show read right "
        f"({n} reports, {pages} pages; worst report {min(worst):.1%})  ",
        f"**6-page scanned report: {statistics.median(runs):.1f} s** (median of {len(runs)}: "
        f"{', '.join(f'{x:.1f}' for x in runs)} s; {six_pages} pages, {six_pages / statistics.median(runs):.2f} "
        f"pages/s; its figures {six_acc[0]} of {six_acc[1]} right)  ",
        f"scans overall: {pages / t_all:.2f} pages/s ({t_all:.1f} s for {pages} pages)  ",
        f"**text PDFs: {text_pages / text_s:.1f} pages/s** ({text_n} generated reports, {text_pages} pages, "
        f"{text_s:.1f} s, one process)",
    ]
    if tesseract:
        lines += [""] + compare_tesseract(made[:max(1, min(n, 4))])
    shutdown_pool()
    return lines


def _text_pdfs(seed: int, n: int = 20) -> tuple[int, int, float]:
    from gongkai.reports.importers import check_file

    pdfs = [render_pdf(_report(random.Random(seed * 31 + i))) for i in range(n)]
    pages = sum(_pages(p) for p in pdfs)
    t0 = time.perf_counter()
    for p in pdfs:
        check_file(p, "文字版.pdf")
    return n, pages, time.perf_counter() - t0


# ---- Tesseract against RapidOCR ---------------------------------------------------------------

def compare_tesseract(made) -> list[str]:
    """Both engines on the same deskewed page images, their boxes rebuilt into cells by the same
    code (``ocr.rebuild``), the same parser after it."""
    if not shutil.which("tesseract"):
        return ["Tesseract: not measured (`tesseract` is not installed; `apt-get install tesseract-ocr "
                "tesseract-ocr-chi-sim` to measure it — it is not a dependency of the project)."]
    import cv2

    from gongkai.reports.importers import ocr
    from gongkai.reports.importers.checker import analyse
    from gongkai.reports.importers.reading import Document

    eng = ocr._engine(2)
    scores = {"RapidOCR": [0, 0, 0.0], "Tesseract": [0, 0, 0.0]}
    n_pages = 0
    for report, _pdf, scan in made:
        images = ocr.render_pdf_pages(scan, list(range(1, _pages(scan) + 1)))
        results = {"RapidOCR": [], "Tesseract": []}
        for no, gray in enumerate(images, start=1):
            n_pages += 1
            t0 = time.perf_counter()
            results["RapidOCR"].append(ocr.read_page(no, gray, 0.5, 2))
            scores["RapidOCR"][2] += time.perf_counter() - t0
            t0 = time.perf_counter()
            boxes, _ = eng.text_det(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))  # the same deskew
            upright, _rects, _angle = ocr.deskew(gray, boxes)
            page = ocr.PageResult(no)
            ocr.rebuild(page, upright, _tesseract_boxes(upright), 0.5)
            scores["Tesseract"][2] += time.perf_counter() - t0
            results["Tesseract"].append(page)
        for engine, pages in results.items():
            doc = Document("pdf")
            ocr.pages_to_lines(doc, pages)
            try:
                got = analyse(doc, "scan.pdf").as_dict()["tables"]
            except Exception:  # noqa: BLE001 - nothing readable: no cell right
                got = {}
            r, p = _numeric_score(_truth(report), got)
            scores[engine][0] += r
            scores[engine][1] += p
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    lines = [f"Tesseract against RapidOCR on the same {n_pages} scan pages ({len(made)} reports; both read "
             "the page deskewed by the same measure, their boxes rebuilt into cells by the same code; "
             f"{version}, `-l chi_sim`, Debian's `tesseract-ocr-chi-sim`):", "",
             "| engine | numeric cells right | s a page |", "| --- | ---: | ---: |"]
    for engine, (r, p, s) in scores.items():
        lines.append(f"| {engine} | {r} of {p} ({r / p:.1%}) | {s / n_pages:.1f} |")
    return lines


def _tesseract_boxes(gray) -> list:
    """Tesseract's words as boxes ``[(rect, text, confidence)]`` (its TSV output)."""
    import cv2

    ok, png = cv2.imencode(".png", gray)
    proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "3", "tsv"],
                          input=png.tobytes(), capture_output=True, timeout=300)
    items = []
    for row in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        x, y, w, h, conf = int(f[6]), int(f[7]), int(f[8]), int(f[9]), float(f[10])
        items.append(((x, y, x + w, y + h), f[11].strip(), max(conf, 0) / 100))
    return items


# ---- a province's batch -----------------------------------------------------------------------

def batch(total: int, n_scans: int, seed: int) -> list[str]:
    """``total`` mixed files (text PDFs, DOCX, HTML, text; ``n_scans`` of them scanned PDFs) in one
    ZIP upload, through ``uploads.expand``, ``actions.start_check_batch`` and the task's
    ``check_batch_now``; the progress the batch page shows is polled while it runs."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    data_dir = tempfile.mkdtemp(prefix="gk_bench_check_batch_")
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ["GONGKAI_DATABASE_URL"] = f"sqlite:///{Path(data_dir) / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings

    from gongkai.accounts.models import Agency, Membership, Role, User
    from gongkai.reports import actions
    from gongkai.reports.models import CheckBatch
    from gongkai.reports.tasks import check_batch_now
    from gongkai.reports.uploads import Expanded, expand

    agency = Agency.objects.create(code="prov", name="某省人民政府办公厅", kind="government")
    user = User.objects.create(username="bench-office")
    Membership.objects.create(user=user, agency=agency, role=Role.DISCLOSURE_OFFICE)

    rng = random.Random(seed)
    kinds = ["scan"] * n_scans + [rng.choice(["pdf", "pdf", "docx", "html", "text"]) for _ in range(total - n_scans)]
    rng.shuffle(kinds)
    counts: dict[str, int] = {}
    pages = 0
    members = []
    for i, kind in enumerate(kinds):
        report = _report(random.Random(seed * 104729 + i))
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "scan":
            pdf = scanned_pdf(render_pdf(report), skew=1.0, noise=12.0, seed=i)
            pages += _pages(pdf)
            members.append((f"{i:03d}-扫描件.pdf", pdf))
        elif kind == "pdf":
            members.append((f"{i:03d}.pdf", render_pdf(report)))
        elif kind == "docx":
            members.append((f"{i:03d}.docx", render_docx(report)))
        elif kind == "html":
            members.append((f"{i:03d}.html", render_html(report).encode()))
        else:
            members.append((f"{i:03d}.txt", render_text(report, "tabs")[0].encode()))
    print(f"生成 {total} 个文件（{counts}）", file=sys.stderr)
    # one upload of two ZIPs (a ZIP holds at most uploads.MAX_FILES files), as the upload page takes it
    expanded = Expanded()
    half = (len(members) + 1) // 2
    for part, chunk in enumerate((members[:half], members[half:]), start=1):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in chunk:
                z.writestr(name, data)
        expanded.extend(expand(f"全省年报-{part}.zip", buf.getvalue()))
    progress: list[tuple[float, int]] = []
    t0 = time.perf_counter()
    b = actions.start_check_batch(actor=user, files=expanded.files, skipped=expanded.skipped)
    stop = threading.Event()

    def poll():
        from django.db import connection

        while not stop.wait(10):
            checked = CheckBatch.objects.values_list("checked", flat=True).get(pk=b.pk)
            progress.append((time.perf_counter() - t0, checked))
            print(f"  {progress[-1][0]:5.0f} s：已完成 {checked} / {b.total}", file=sys.stderr)
        connection.close()

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    check_batch_now(b.pk)
    elapsed = time.perf_counter() - t0
    stop.set()
    watcher.join()
    b.refresh_from_db()
    errors = b.files.exclude(error="").count()
    shown = ", ".join(f"{s:.0f} s: {c}" for s, c in progress[::max(1, len(progress) // 8)])
    return [
        f"Command: `python bench/check.py --batch`; run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; load average "
        f"at the end: {load()}  ",
        f"{total} files in one upload of two ZIPs ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}; the scans "
        f"{pages} pages), through `uploads.expand`, `actions.start_check_batch` and the task's "
        f"`check_batch_now` on SQLite, {settings.REPORTS_CHECK_WORKERS} worker processes.",
        "",
        f"**{elapsed:.0f} s for the batch** ({total / elapsed:.1f} files/s; state {b.state}, "
        f"{b.checked} of {b.total} checked, {errors} unreadable)  ",
        f"progress as the batch page shows it (checked files at): {shown}",
    ]
