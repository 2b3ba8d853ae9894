"""Benchmark of the annual-report checker (``gongkai check``).

    python bench/check.py [--n 1000] [--seed 1] [--jobs 2]
    python bench/check.py --scans 10 [--tesseract]    # scanned reports (OCR) only
    python bench/check.py --batch                     # a province's batch of 300 files only

Generates N consistent reports with random tables (gongkai/reports/tests/generate.py), renders
them as text (in every layout, with random garbles), HTML, DOCX and PDF into a temp dir — not
timed — then checks every file and measures reports per second and parse accuracy: cells read
right / cells the file shows. Then checks the hand-labelled real reports of
../shared/examples/real/ (gongkai/reports/tests/real_corpus.py) beside them: numeric cells right,
numbers where the source is blank, wrong years. Prints both and writes bench/results-check.md.

``--scans N`` and ``--batch`` (``bench/check_scans.py``) measure only the scanned reports and the
batch, and replace their own sections of bench/results-check.md, keeping the rest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gongkai.reports.tests.generate import (TEXT_GARBLES, Report, blank_some,  # noqa: E402
                                            random_tables, render_docx, render_html, render_pdf,
                                            render_text)

KINDS = (("text", 0.45), ("html", 0.25), ("docx", 0.18), ("pdf", 0.12))
AGENCIES = ("某县自然资源局", "某市生态环境局", "某区市场监督管理局", "某县人民政府", "某市统计局", "某县交通运输局")


def _jsonable(tables):
    return {t: {r: {c: (float(v) if isinstance(v, Decimal) else v) for c, v in cols.items()}
                for r, cols in rows.items()} for t, rows in tables.items()}


def make_one(args) -> dict:
    i, seed, out_dir = args
    rng = random.Random(seed * 100003 + i)
    tables = random_tables(rng, big=rng.random() < 0.25)
    if rng.random() < 0.4:
        tables = blank_some(tables, rng, 0.15)
    year = rng.randint(2021, 2024)
    report = Report(agency=rng.choice(AGENCIES), year=year, tables=tables,
                    published_on=dt.date(year + 1, 1, rng.randint(5, 28)))
    r = rng.random()
    kind = next(k for k, share in _cumulative() if r < share)
    garbles: tuple[str, ...] = ()
    layout = ""
    shown = tables
    if kind == "text":
        layout = rng.choice(["tabs", "spaces", "pipes"])
        garbles = tuple(g for g in TEXT_GARBLES if rng.random() < 0.25)
        text, shown = render_text(report, layout, garbles, seed=i)
        data, ext = text.encode("utf-8" if rng.random() < 0.7 else "gb18030"), "txt"
    elif kind == "html":
        data, ext = render_html(report, thousands=rng.random() < 0.5,
                                wrap_layout_table=rng.random() < 0.3).encode(), "html"
    elif kind == "docx":
        data, ext = render_docx(report), "docx"
    else:
        data, ext = render_pdf(report, thousands=rng.random() < 0.5), "pdf"
    path = Path(out_dir) / f"{i:05d}.{ext}"
    path.write_bytes(data)
    return {"path": str(path), "kind": kind, "layout": layout, "garbles": list(garbles),
            "truth": _jsonable(shown)}


def _cumulative():
    total = 0.0
    for kind, share in KINDS:
        total += share
        yield kind, total


def score(truth: dict, got: dict) -> tuple[int, int]:
    right = present = 0
    for table, rows in truth.items():
        for row, cols in rows.items():
            for col, v in cols.items():
                present += 1
                g = got.get(table, {}).get(row, {}).get(col, "absent")
                if g == v or (isinstance(g, float) and isinstance(v, float) and abs(g - v) < 1e-9):
                    right += 1
    return right, present


def _real_corpus() -> dict:
    """The hand-labelled real reports, scored against their gold (skipped when absent)."""
    from gongkai.reports.tests.real_corpus import REAL_DIR, score_corpus

    if not (REAL_DIR / "gold").is_dir():
        return {"accuracy": None, "lines": [f"not measured: {REAL_DIR} is absent"]}
    t0 = time.perf_counter()
    score = score_corpus()
    elapsed = time.perf_counter() - t0
    lines = [
        f"Files: {len(score.files)} in `{REAL_DIR}` (gold labels written by hand), {elapsed:.1f} s  ",
        f"**numeric cells {score.accuracy:.2%}** — {score.numeric_right} of {score.numeric} labelled "
        f"numbers read right  ",
        f"numbers where the source is blank: {len(score.invented)}; wrong years: "
        f"{len(score.wrong_years)}; sections wrong: {len(score.sections_wrong)}; agency named as the gold "
        f"names it: {score.agencies[0]} of {score.agencies[1]}",
    ]
    missed = [f for f in score.files if f.wrong or f.invented or not f.year_ok]
    if missed:
        lines += ["", "Files with a cell or the year wrong:", ""]
        lines += [f"- {f.name}: {f.numeric_right}/{f.numeric} cells, year {f.year_got} (gold {f.year_gold})"
                  for f in missed]
    return {"accuracy": round(score.accuracy, 6), "lines": lines}


def _section(path: Path, title: str) -> str:
    """The section of ``path`` that starts with the heading ``title`` (to the next ``## ``)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find("\n" + title + "\n")
    if start < 0:
        return ""
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)].rstrip("\n") + "\n"


def _replace_section(path: Path, title: str, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# gongkai check — benchmark\n"
    old = _section(path, title)
    new = "\n" + title + "\n\n" + "\n".join(lines) + "\n"
    text = text.replace(old, new) if old else text.rstrip("\n") + "\n" + new
    path.write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description="年度报告体检的速度与准确率基准")
    ap.add_argument("--n", type=int, default=1000, help="生成的报告数（默认 1000）")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="生成时的进程数（不计时）")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results-check.md"))
    ap.add_argument("--scans", type=int, default=0, help="只测扫描件：生成 N 份扫描件测准确率和速度")
    ap.add_argument("--tesseract", action="store_true", help="与 --scans 同用：在同样的页面上比较 Tesseract")
    ap.add_argument("--batch", action="store_true", help="只测一次上传 300 个文件的批量检查")
    ap.add_argument("--batch-files", type=int, default=300)
    ap.add_argument("--batch-scans", type=int, default=20)
    args = ap.parse_args()
    if args.scans or args.batch:
        import check_scans

        if args.scans:
            _replace_section(Path(args.out), "## Scanned reports (OCR)",
                             check_scans.scans(args.scans, args.seed, args.tesseract))
        if args.batch:
            _replace_section(Path(args.out), "## A province's batch",
                             check_scans.batch(args.batch_files, args.batch_scans, args.seed))
        print(Path(args.out).read_text(encoding="utf-8"))
        return 0

    from gongkai.reports.importers import ReportReadError, check_file

    with tempfile.TemporaryDirectory(prefix="gongkai-check-bench-") as tmp:
        t0 = time.perf_counter()
        with multiprocessing.Pool(args.jobs) as pool:
            items = pool.map(make_one, [(i, args.seed, tmp) for i in range(args.n)], chunksize=4)
        gen_s = time.perf_counter() - t0
        print(f"生成 {args.n} 份报告用时 {gen_s:.1f} 秒（不计入速度）", file=sys.stderr)

        per_kind: dict[str, dict] = {}
        total_right = total_present = failed = 0
        parse_s = 0.0
        worst: list[tuple[float, dict]] = []
        for item in items:
            start = time.perf_counter()
            try:
                result = check_file(item["path"])
                got = result.as_dict()["tables"]
            except ReportReadError:
                got = {}
                failed += 1
            elapsed = time.perf_counter() - start
            parse_s += elapsed
            right, present = score(item["truth"], got)
            total_right += right
            total_present += present
            k = per_kind.setdefault(item["kind"], {"n": 0, "s": 0.0, "right": 0, "present": 0})
            k["n"] += 1
            k["s"] += elapsed
            k["right"] += right
            k["present"] += present
            if right < present:
                worst.append((right / present, item))

    rate = args.n / parse_s if parse_s else float("inf")
    accuracy = total_right / total_present if total_present else 1.0
    lines = [
        "# gongkai check — benchmark",
        "",
        f"Command: `python bench/check.py --n {args.n} --seed {args.seed}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"run {dt.datetime.now():%Y-%m-%d %H:%M}  ",
        "Reports: consistent random tables (some cells blank), rendered as text (tabs / spaces / pipes "
        "layouts, each garble of generate.py with probability 0.25), HTML (rowspan/colspan, some in a "
        "layout table), DOCX (merged cells) and PDF (weasyprint; pdfplumber reads it back).",
        "",
        f"**{rate:.1f} reports per second** (checking only, one process; generation {gen_s:.0f} s not counted)  ",
        f"**parse accuracy {accuracy:.4%}** — {total_right} of {total_present} cells the files show were read right  ",
        f"files rejected as unreadable: {failed}",
        "",
        "| kind | reports | reports/s | accuracy |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, _ in KINDS:
        k = per_kind.get(kind)
        if not k:
            continue
        lines.append(f"| {kind} | {k['n']} | {k['n'] / k['s']:.1f} | "
                     f"{k['right'] / k['present']:.4%} |")
    worst.sort(key=lambda w: w[0])
    if worst:
        lines += ["", f"Reports with at least one cell wrong: {len(worst)}. The worst:", ""]
        for acc, item in worst[:8]:
            lines.append(f"- {item['kind']} {item['layout']} {'+'.join(item['garbles']) or '-'}: {acc:.1%}")
    real = _real_corpus()
    lines += ["", "## Real published reports", ""] + real["lines"]
    text = "\n".join(lines) + "\n"
    out = Path(args.out)
    kept = [_section(out, title) for title in ("## Scanned reports (OCR)", "## A province's batch")]
    text += "".join(k for k in kept if k)  # measured by --scans / --batch: kept
    out.write_text(text, encoding="utf-8")
    print(text)
    print(json.dumps({"reports_per_second": round(rate, 2), "accuracy": round(accuracy, 6),
                      "real_accuracy": real["accuracy"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
