"""Write bench/results.md from the raw outputs of scripts/bench.sh.

    python scripts/bench_results.py --machine      # print the machine facts as JSON
    python scripts/bench_results.py OUT_DIR        # print results.md for a bench.sh output folder
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path


def machine() -> dict:
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    mem_gb = None
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem_gb = round(kb / 1048576, 1)
    except (OSError, AttributeError):
        pass

    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return None

    return {"time": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), "nproc": os.cpu_count(),
            "memory_gb": mem_gb, "cpu": cpu, "python": platform.python_version(), "kernel": platform.release(),
            "load_average": list(os.getloadavg()), "postgresql": version(["psql", "--version"]),
            "sqlite": __import__("sqlite3").sqlite_version, "wrk": version(["wrk", "--version"])}


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _log_json(path: Path):
    """The JSON document a bench printed to stdout (search.py --format json)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    start = text.find("{")
    try:
        return json.loads(text[start:]) if start >= 0 else None
    except ValueError:
        return None


def _met(ok: bool) -> str:
    return "✅" if ok else "❌"


def results(out: Path) -> str:
    start = _read_json(out / "machine-start.json") or machine()
    end = _read_json(out / "machine-end.json") or {}
    status = {}
    if (out / "status").exists():
        for line in (out / "status").read_text().splitlines():
            name, rc, secs = line.split()
            status[name] = (int(rc), int(secs))
    lines = [
        "# gongkai — benchmark results",
        "",
        "Written by `make bench` (`scripts/bench.sh`); every figure is a median of repeated runs, and each is",
        "shown beside its baseline measured in the same run on the same data.",
        "",
        "## Machine",
        "",
        f"- {start.get('nproc')} cores ({start.get('cpu') or 'unknown CPU'}), {start.get('memory_gb')} GB memory, "
        f"Linux {start.get('kernel')}, Python {start.get('python')}, SQLite {start.get('sqlite')}, "
        f"{start.get('postgresql') or 'PostgreSQL ?'}, {start.get('wrk') or 'wrk ?'}",
        f"- run {start.get('time')} → {end.get('time', '?')}; load average at start "
        f"{', '.join(f'{x:.1f}' for x in start.get('load_average', []))}, at end "
        f"{', '.join(f'{x:.1f}' for x in end.get('load_average', []))} "
        "(a load above the core count means other work shared the machine and the figures are low)",
        "",
        "| benchmark | exit | seconds |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {rc} | {secs} |" for name, (rc, secs) in status.items()]

    # -- portal
    portal = {v: _read_json(out / f"portal-{v}.json") for v in ("postgresql", "sqlite")}
    if any(portal.values()):
        lines += ["", "## Portal throughput (wrk → gunicorn on 127.0.0.1)", "",
                  "Command: `python bench/portal.py [--sqlite]`. Target (PostgreSQL): ≥ 500 requests/s with 2 gunicorn "
                  "workers, p99 ≤ 100 ms, no errors. Baseline: the same server with the page cache off "
                  "(every request rendered).", ""]
        for vendor, r in portal.items():
            if not r:
                continue
            w = r["wrk"]
            lines += [f"**{vendor}** — {r['items']:,} catalogue items, {r['applications']:,} applications; "
                      f"{r['workers']} gunicorn workers; wrk {w['threads']} threads × {w['connections']} connections, "
                      f"{w['duration_s']} s × {w['runs']} runs", "",
                      "| page | req/s | p50 ms | p99 ms | errors | baseline req/s | baseline p99 ms | target |",
                      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"]
            for page in ("home", "agency", "item", "search"):
                c, u = r["cached"][page], r["uncached"][page]
                ok = c["rps"] >= r["target"]["rps"] and c["p99_ms"] <= r["target"]["p99_ms"] and c["errors"] == 0
                lines.append(f"| {page} | {c['rps']:.0f} | {c['p50_ms']:.1f} | {c['p99_ms']:.1f} | {c['errors']} | "
                             f"{u['rps']:.0f} | {u['p99_ms']:.1f} | {_met(ok)} |")
            lines.append("")

    # -- reports
    reports = {v: _read_json(out / f"reports-{v}.json") for v in ("sqlite", "postgresql")}
    if any(reports.values()):
        lines += ["## Annual reports at province scale", "",
                  "Command: `python bench/reports.py [--pg URL]`. Targets: one agency's report ≤ 1 s; "
                  "a 2,000-agency province summary ≤ 10 s. Baseline: table 三 by a per-application Python loop.", ""]
        for vendor, r in reports.items():
            if not r:
                continue
            lines += [f"**{vendor}** — {r['agencies']:,} agencies, {r['applications']:,} applications, "
                      f"{r['appeals']:,} appeals, {r['items']:,} catalogue items", "",
                      "| figure | median ms | baseline | baseline ms | target |", "| --- | ---: | --- | ---: | :---: |"]
            for f in r["figures"]:
                target = "" if f["target_s"] is None else f"{_met(f['median_s'] <= f['target_s'])} ≤ {f['target_s']:g} s"
                base = "" if f["baseline_median_s"] is None else f"{f['baseline_median_s'] * 1000:.0f}"
                lines.append(f"| {f['name']} | {f['median_s'] * 1000:.0f} | {f['baseline'] or ''} | {base} | {target} |")
            lines.append("")

    # -- search
    for name, title in (("search", "Search"), ("search-1m", "Search, 1,000,000 items")):
        s = _log_json(out / f"{name}.log")
        if not s:
            continue
        targeted = s["n"] == 100_000  # the target is set at 100,000 items; the million is reported
        options = f" --rounds {s['rounds']}" + (f" --like-rounds {s['like_rounds']}" if s.get("like_rounds") else "")
        lines += [f"## {title}", "",
                  f"Command: `python bench/search.py --n {s['n']}{options} --format json`. {s['n']:,} documents "
                  f"({s['indexed']:,} published and indexed); {len(s['queries'])} queries × {s['rounds']} rounds "
                  "(count + first page of 20). "
                  + ("Target: p95 ≤ 30 ms at 100,000 items on PostgreSQL. " if targeted
                     else "No target at this size (the issue asks for the figure). ")
                  + "Baseline: LIKE '%…%' over the same rows.", "",
                  "The fixed set is the first measurement's 14 queries; the realistic set mixes very common words, "
                  "rare ones, several words, filters, and words only the title substring fallback finds.", "",
                  "| database | query set | full-text p50 ms | full-text p95 ms | LIKE p50 ms | LIKE p95 ms "
                  "| p95 speed-up | target |",
                  "| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: |"]
        for vendor, backend in s["backends"].items():
            for label, key in (("fixed", "fixed"), ("realistic", "realistic")):
                b = backend.get(key)
                if not b:
                    continue
                like = b.get("like_ms") or {}
                mark = _met(b["fulltext_ms"]["p95"] <= 30) if targeted else "—"
                lines.append(f"| {vendor} | {label} | {b['fulltext_ms']['p50']} | {b['fulltext_ms']['p95']} | "
                             f"{like.get('p50', '—')} | {like.get('p95', '—')} | {b.get('speedup_p95', '—')}× | "
                             f"{mark} |")
        lines.append("")
        if targeted and any(b.get("forgiving") for b in s["backends"].values()):
            lines += forgiving_section(s)

    # -- applications (text output)
    for vendor in ("sqlite", "postgresql"):
        path = out / f"applications-{vendor}.log"
        if path.exists():
            body = "\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if not l.startswith("  File"))
            lines += [f"## Applications: work lists, daily sweep, table 三 ({vendor})", "",
                      f"Command: `python bench/applications.py{' --pg URL' if vendor == 'postgresql' else ''}` "
                      "(medians of 5 runs, as printed):", "", "```", body.strip()[-4000:], "```", ""]

    # -- check
    check = out / "check.md"
    if check.exists():
        text = check.read_text(encoding="utf-8").replace("# gongkai check — benchmark", "## Report checker").strip()
        lines += [text, "", "(Baseline for the checker: none is meaningful; it reports accuracy against the "
                  "generated truth instead.)", ""]
    return "\n".join(lines).rstrip() + "\n"


KIND_COLUMNS = (("wrong_char", "错一字"), ("homophone", "同音字"), ("pinyin_spaced", "拼音（空格）"), ("pinyin", "拼音"),
                ("initials", "首字母"))


def forgiving_section(s: dict) -> list[str]:
    """Issue 18's figures from the same search run: the forgiving query set, the zero-result rate,
    latency with every forgiving feature on, suggestions."""
    load = lambda t: ", ".join(f"{x:.1f}" for x in t or [])  # noqa: E731
    lines = ["## Search: forgiving queries (issue 18)", "",
             f"Same run as above (load average {load(s.get('load_before'))} at its start, "
             f"{load(s.get('load_after'))} at its end). Every query runs `search.find_forgiving` (synonyms, "
             "correction, pinyin and initials read in the titles, leaving words out — all on). Query set: "
             f"{s.get('titles', 200)} titles (half the demo's items, spread through the generated documents, half "
             "generated), five queries each: one character replaced by a random GB 2312 level-1 character; one by "
             "a homophone; the full pinyin with spaces between syllables and without; the initials (numbers kept "
             "as typed). A query counts when an item with the intended title is among the first 10; every other "
             "title is in the held-out half. Zero-result rate: the realistic set, the typed set and the forgiving "
             "set. Targets: top 10 ≥ 90 %, zero-result rate ≤ 5 %.", "",
             "| database | top 10 | " + " | ".join(label for _, label in KIND_COLUMNS)
             + " | first half / held out | p50 / p95 ms | zero-result rate | target |",
             "| --- | ---: | " + "---: | " * len(KIND_COLUMNS) + "---: | ---: | ---: | :---: |"]
    for vendor, b in s["backends"].items():
        f = b.get("forgiving")
        if not f:
            continue
        kinds = " | ".join(f"{f['per_kind'].get(k, '—')} %" for k, _ in KIND_COLUMNS)
        halves = f"{f['per_half'].get('first_half')} % / {f['per_half'].get('held_out')} %"
        ok = f["top10"] >= 90 and b["zero_result_rate"] <= 5
        lines.append(f"| {vendor} | {f['top10']} % | {kinds} | {halves} | {f['ms']['p50']} / {f['ms']['p95']} | "
                     f"{b['zero_result_rate']} % | {_met(ok)} |")
    lines += ["", "Latency with every forgiving feature on (count + first page of 20; target p95 ≤ 30 ms):", "",
              "| database | query set | p50 ms | p95 ms | LIKE p50 ms | LIKE p95 ms | target |",
              "| --- | --- | ---: | ---: | ---: | ---: | :---: |"]
    for vendor, b in s["backends"].items():
        for key in ("fixed", "realistic", "typed"):
            q = b.get(key)
            if q:
                like = q.get("like_ms") or {}
                lines.append(f"| {vendor} | {key} | {q['fulltext_ms']['p50']} | {q['fulltext_ms']['p95']} | "
                             f"{like.get('p50', '—')} | {like.get('p95', '—')} | {_met(q['fulltext_ms']['p95'] <= 30)} |")
    g = s.get("suggest")
    if g:
        lines += ["", f"Suggestions (`suggest.suggestions`, what `GET /api/v1/search/suggest` returns; {g['vendor']}, "
                  f"{g['words']} vocabulary words, {g['typed']} typed prefixes; target p95 ≤ 10 ms): p50 "
                  f"{g['ms']['p50']} ms, p95 {g['ms']['p95']} ms, {g['empty_share']} % of prefixes with no "
                  f"suggestion {_met(g['ms']['p95'] <= 10)}."]
    return lines + [""]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--machine"]:
        print(json.dumps(machine(), ensure_ascii=False))
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(results(Path(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
