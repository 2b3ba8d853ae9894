"""Cross-year checks inside a batch: when a batch holds several years of one agency's reports,
each report is checked against the agency's report of the year before (the carry chain of
table 三 and table 二's in-force chain, ``rules.annual_format.check_continuity``).

Works on checked results as dicts (``CheckResult.as_dict()``, as the web batch stores them), so
the page, its XLSX and ``gongkai check`` pair files the same way. Files are grouped by the
detected agency (compared after normalisation: traditional characters, blanks and brackets do
not matter) and year; a file without either is not paired.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from gongkai.reports.importers.normalize import squeeze
from gongkai.rules import annual_format as af
from gongkai.rules.annual_format import INFO, Finding


def agency_key(agency: str | None) -> str | None:
    key = squeeze(agency or "")
    return key or None


def pair_findings(results: Sequence[Mapping[str, Any] | None], names: Sequence[str]) -> list[list[dict]]:
    """For each of ``results`` (``None`` for a file that could not be read), the cross-year
    findings (dicts, as ``Finding.as_dict``) against the batch's report of the year before by the
    same agency; ``names`` are the files' names, for the messages."""
    out: list[list[dict]] = [[] for _ in results]
    by_year: dict[tuple[str, int], list[int]] = {}
    for i, r in enumerate(results):
        key = agency_key((r or {}).get("agency"))
        year = (r or {}).get("year")
        if key and isinstance(year, int):
            by_year.setdefault((key, year), []).append(i)
    for (key, year), indexes in by_year.items():
        earlier = by_year.get((key, year - 1))
        if not earlier:
            continue
        if len(earlier) > 1:
            listed = "、".join(f"“{names[j]}”" for j in earlier)
            for i in indexes:
                out[i].append(Finding(
                    "previous.ambiguous", INFO,
                    f"本批次中有{len(earlier)}份{results[i]['agency']}{year - 1}年度报告（{listed}），"
                    "无法确定用哪一份核对结转衔接；请只保留一份后重新检查，或用 --previous 指定。",
                    {"previous_files": [names[j] for j in earlier]}).as_dict())
            continue
        prev = earlier[0]
        for i in indexes:
            for f in af.check_continuity(results[i].get("tables") or {}, results[prev].get("tables") or {}):
                f.message = f.message.removesuffix("。") + f"（上年报告：{names[prev]}）。"
                f.location.setdefault("section", f.location.get("table"))
                f.location["previous_file"] = names[prev]
                out[i].append(f.as_dict())
    return out


def with_pair_findings(results: Sequence[Mapping[str, Any] | None], names: Sequence[str]) -> list[dict | None]:
    """Copies of ``results`` with their cross-year findings added (errors first, as the checker
    orders them); ``None`` stays ``None``."""
    extra = pair_findings(results, names)
    out: list[dict | None] = []
    order = {"error": 0, "warning": 1, "info": 2}
    for r, found in zip(results, extra):
        if r is None or not found:
            out.append(dict(r) if r is not None else None)
            continue
        findings = sorted([*r.get("findings", []), *found],
                          key=lambda f: (order.get(f["severity"], 3), f.get("location", {}).get("line") or 0))
        out.append({**r, "findings": findings})
    return out
