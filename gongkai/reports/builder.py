"""Build an annual report from the recorded facts — tables are computed, never typed in.

- 二 from the catalogue and the yearly figures (``gongkai.catalog.figures.proactive_totals``);
- 三 from the handlings of applications (``Handling.objects.table_three``: new = first received in
  the year, carried in = open at the end of the previous year, outcomes = decided in the year,
  carried out = open at the end of the year — all by dates);
- 四 from the appeals ledger (``gongkai.appeals.table.appeals_table``).

A government's own report aggregates its own figures and all its departments'.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractMonth

from gongkai.accounts.models import Agency
from gongkai.rules import annual_format as af
from gongkai.rules.outcomes import OUTCOMES

COUNTING_NOTE = ("表四按案件的申请（立案）日期计入年度，结果按当年12月31日的状态填写，"
                 "当日尚未审结的计入“尚未审结”。")


def covered_agencies(agency: Agency) -> list[Agency]:
    """The agencies whose figures a report covers: a government's report covers its departments too."""
    if agency.kind == Agency.Kind.GOVERNMENT:
        return list(Agency.objects.under(agency))
    return [agency]


def _proactive(agencies, year: int) -> dict:
    table = {r.key: {c: (Decimal("0") if (("proactive", r.key, c) in af.DECIMAL_CELLS) else 0) for c in r.columns}
             for r in af.PROACTIVE_ROWS}
    try:
        from gongkai.catalog.figures import proactive_totals
    except ImportError:  # no catalogue installed
        return table
    for row, cols in proactive_totals([a.pk for a in agencies], year).items():
        for col, value in cols.items():
            if value is not None:
                table[row][col] = Decimal(str(value)) if isinstance(table[row][col], Decimal) else int(value)
    return table


def _applications(agencies, year: int) -> dict:
    from gongkai.disclosure.models import Handling

    raw = Handling.objects.for_agencies(agencies).table_three(year)
    table: dict[str, dict[str, int]] = {}
    for row in af.APPLICATION_ROWS:
        if row.key == "processed_total":
            cells = {c: sum(raw[k][c] for k in af.OUTCOME_KEYS) for c in af.APPLICANT_TYPES}
        else:
            cells = {c: raw[row.key][c] for c in af.APPLICANT_TYPES}
        cells["total"] = sum(cells.values())
        table[row.key] = cells
    return table


def _appeals(agencies, year: int) -> dict:
    from gongkai.appeals.figures import appeals_table

    return appeals_table(agencies, year)


def compute_tables(agency: Agency, year: int) -> dict:
    agencies = covered_agencies(agency)
    return {"proactive": _proactive(agencies, year), "applications": _applications(agencies, year),
            "appeals": _appeals(agencies, year)}


def previous_tables(agency: Agency, year: int) -> dict | None:
    """Last year's tables from its published (or imported) report, for the carry chain."""
    from .models import AnnualReport

    report = AnnualReport.objects.current_for(agency, year - 1)
    return report.tables if report else None


def findings_for(agency: Agency, year: int, tables: dict, sections: dict[str, str] | None = None) -> list[dict]:
    """Every identity of the spec, the carry chain against last year, and completeness of the text."""
    findings = [f.as_dict() for f in af.check_tables(tables, previous=previous_tables(agency, year))]
    if previous_tables(agency, year) is None and year > 2000:
        findings.append({"code": "carry_chain.no_previous", "severity": "info",
                         "message": f"没有{year - 1}年度的已发布或导入的报告，无法核对“上年结转”。"
                                    "可在“年度报告体检”中导入上年报告。",
                         "location": {"table": "applications", "row": "carried_in"}})
    if sections is not None:
        labels = {"overview": "一、总体情况", "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}
        for key, label in labels.items():
            text = (sections.get(key) or "").strip()
            if not text:
                findings.append({"code": "section.empty", "severity": "error",
                                 "message": f"“{label}”尚未填写。", "location": {"section": key}})
            elif key == "problems" and len(text) < 40:
                findings.append({"code": "section.token", "severity": "warning",
                                 "message": "“五、存在的主要问题及改进情况”过于简略，应写明具体问题和改进措施。",
                                 "location": {"section": key}})
    return findings


# -- figures for the narrative ----------------------------------------------------------------------


def year_facts(agency: Agency, year: int, tables: dict) -> dict:
    """Figures the suggested sentences cite; all computed from the records."""
    from gongkai.disclosure.models import Application, ApplicationEvent, EventType

    agencies = covered_agencies(agency)
    apps = tables["applications"]
    decided = Application.objects.filter(agency__in=agencies, decided_on__year=year, due_on__isnull=False)
    on_time = decided.filter(decided_on__lte=F("due_on")).count()
    n_decided = decided.count()
    fees = ApplicationEvent.objects.filter(application__agency__in=agencies, type=EventType.FEE_PAID,
                                           date__year=year).aggregate(n=Count("pk"), total=Sum("application__fee_amount"))
    groups: Counter = Counter()
    for key in af.OUTCOME_KEYS:
        groups[OUTCOMES[key].group.label] += apps[key]["total"]
    facts = {
        "new_received": apps["new_received"]["total"], "carried_in": apps["carried_in"]["total"],
        "processed": apps["processed_total"]["total"], "carried_out": apps["carried_out"]["total"],
        "groups": dict(groups), "decided_with_due": n_decided, "on_time": on_time,
        "on_time_rate": round(100 * on_time / n_decided, 1) if n_decided else None,
        "fees_count": fees["n"] or 0, "fees_yuan": fees["total"] or 0,
        "appeals": {r: tables["appeals"][r]["total"] for r in tables["appeals"]},
        "published_items": None, "feedback": None,
    }
    try:
        from gongkai.catalog.models import Item

        facts["published_items"] = Item.objects.filter(agency__in=agencies, status=Item.Status.PUBLISHED,
                                                       published_on__year=year).count()
    except ImportError:  # the catalogue is optional here
        facts["published_items"] = None
    try:
        from gongkai.feedback.figures import suggested_sentence

        facts["feedback"] = suggested_sentence(agency, year, include_children=agency.kind == Agency.Kind.GOVERNMENT)
    except ImportError:
        facts["feedback"] = None
    return facts


def suggested_sections(agency: Agency, year: int, tables: dict) -> dict[str, str]:
    """Suggested sentences with the year's figures, so narrative and tables agree."""
    f = year_facts(agency, year, tables)
    p = tables["proactive"]
    groups = "，".join(f"{label}{n}件" for label, n in f["groups"].items() if n) or "无"
    overview = [
        f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好主动公开、依申请公开、"
        "政府信息管理、政府信息公开平台建设和监督保障等工作。",
        "（一）主动公开",
        (f"全年通过政府信息公开平台主动公开政府信息{f['published_items']}条。" if f["published_items"] is not None else "")
        + f"本年制发规章{p['regulations']['issued']}件、行政规范性文件{p['normative_documents']['issued']}件，"
          f"现行有效行政规范性文件{p['normative_documents']['in_force']}件。",
        "（二）依申请公开",
        f"本年新收政府信息公开申请{f['new_received']}件，上年结转{f['carried_in']}件，办结{f['processed']}件"
        f"（{groups}），结转下年度继续办理{f['carried_out']}件。"
        + (f"按期答复{f['on_time']}件，按期答复率{f['on_time_rate']}%。" if f["on_time_rate"] is not None else ""),
        "（三）政府信息管理",
        "（四）政府信息公开平台建设",
        "（五）监督保障",
    ]
    if f["feedback"]:
        overview.insert(-3, f["feedback"])
    appeals = f["appeals"]
    appeals_text = (f"本年因政府信息公开工作被申请行政复议{appeals['reconsideration']}件，被提起行政诉讼"
                    f"{appeals['litigation_direct'] + appeals['litigation_after_reconsideration']}件。{COUNTING_NOTE}")
    if f["fees_count"]:
        other = (f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年收取信息处理费{f['fees_count']}笔，"
                 f"共计{f['fees_yuan']}元。")
    else:
        other = "本年度未收取信息处理费。"
    return {"overview": "\n\n".join(x for x in overview if x), "proactive": "", "applications": "",
            "appeals": appeals_text, "problems": "", "other": other}


def monthly_received(agency: Agency, year: int) -> dict[int, int]:
    from gongkai.disclosure.models import Handling

    rows = (Handling.objects.for_agencies(covered_agencies(agency)).received_in(year)
            .annotate(m=ExtractMonth("started_on")).values("m").annotate(n=Count("pk")))
    out = dict.fromkeys(range(1, 13), 0)
    for r in rows:
        out[r["m"]] = r["n"]
    return out


def to_document(report, *, for_preview: bool = False):
    """The report as an exports.ReportDocument (the rendering layer knows no models)."""
    from .exports import ReportDocument

    prev = previous_tables(report.agency, report.year)
    charts = report.chart_data or {}
    if charts.get("monthly"):  # frozen with the tables (JSON keys are strings)
        monthly = {int(k): v for k, v in charts["monthly"].items()}
        previous_monthly = {int(k): v for k, v in charts.get("previous_monthly", {}).items()}
    else:
        monthly = monthly_received(report.agency, report.year)
        previous_monthly = monthly_received(report.agency, report.year - 1)
    return ReportDocument(
        agency_name=report.agency.name, agency_code=report.agency.code, year=report.year,
        kind="government" if report.agency.kind == Agency.Kind.GOVERNMENT else "department",
        sections=report.sections, tables=report.tables, published_on=report.published_on,
        version=report.version,
        status_label="" if report.status in ("published", "superseded") else report.get_status_display(),
        previous_tables=prev, monthly=monthly, previous_monthly=previous_monthly,
        findings=report.findings if for_preview else [], counting_note=COUNTING_NOTE,
    )


