"""Build an annual report from the recorded facts — tables are computed, never typed in.

Each app hands over its figures through its own ``figures.py``, over the agencies the report covers
(a government's own report aggregates its own figures and all its departments'):

- 二 from the catalogue and the yearly figures (``catalog.figures.proactive_totals``);
- 三 from the handlings of applications (``disclosure.figures.table_three``);
- 四 from the appeals ledger (``appeals.figures.appeals_table``);

and the totals are filled once from the leaf cells (``rules.annual_format.complete_tables``). The
builder queries no other app's models.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Agency
from gongkai.appeals import figures as appeals
from gongkai.catalog import figures as catalog
from gongkai.disclosure import figures as disclosure
from gongkai.feedback import figures as feedback

from gongkai.rules import annual_format as af
from gongkai.rules import narrative
from gongkai.rules.outcomes import OUTCOMES

from .exports import ReportDocument
from .exports.document import preamble
from .models import FROZEN, AnnualReport, Source

COUNTING_NOTE = ("表四按案件的申请（立案）日期计入年度，结果按当年12月31日的状态填写，"
                 "当日尚未审结的计入“尚未审结”。")


def covered_agencies(agency: Agency) -> list[Agency]:
    """The agencies whose figures a report covers: a government's report covers its departments too."""
    if agency.kind == Agency.Kind.GOVERNMENT:
        return list(Agency.objects.under(agency))
    return [agency]


def _proactive(agencies, year: int) -> dict:
    """Table 二 from the catalogue and the entered figures. A figure nobody entered stays ``None``
    — missing, not 0 (``findings_for`` reports it and the gate blocks on it)."""
    table: dict = {r.key: {c: None for c in r.columns} for r in af.PROACTIVE_ROWS}
    for row, cols in catalog.proactive_totals(agencies, year).items():
        for col, value in cols.items():
            if value is not None:
                table[row][col] = Decimal(str(value)) if ("proactive", row, col) in af.DECIMAL_CELLS else int(value)
    return table


def compute_tables(agency: Agency, year: int) -> dict:
    agencies = covered_agencies(agency)
    return af.complete_tables({"proactive": _proactive(agencies, year),
                               "applications": disclosure.table_three(agencies, year),
                               "appeals": appeals.appeals_table(agencies, year)})


def monthly_received(agency: Agency, year: int) -> dict[int, int]:
    return disclosure.monthly_received(covered_agencies(agency), year)


def refresh(report: AnnualReport, *, suggest: bool = False) -> None:
    """Recompute a draft's tables, charts and findings from the records (not saved); ``suggest``
    also fills its text with the suggested sentences (a first draft)."""
    agency, year = report.agency, report.year
    report.tables = compute_tables(agency, year)
    if suggest:
        report.fill_sections(suggested_sections(agency, year, report.tables))
    else:
        update_suggested_sentences(report)
    report.chart_data = {"monthly": monthly_received(agency, year), "previous_monthly": monthly_received(agency, year - 1)}
    report.findings = findings_for(agency, year, report.tables, report.sections)
    report.built_at = timezone.now()


def refresh_proactive(report: AnnualReport) -> bool:
    """Bring a working copy's table 二 up to the figures entered since it was counted (the figures
    page saves them; the report should not need “重新统计” to see them), with its findings; not
    saved. Whether anything changed."""
    fresh = _proactive(covered_agencies(report.agency), report.year)
    tables = report.tables
    if tables.get("proactive") == fresh:
        return False
    tables["proactive"] = fresh
    report.tables = tables
    update_suggested_sentences(report)
    report.findings = findings_for(report.agency, report.year, report.tables, report.sections)
    return True


NOT_ENTERED = "（未填报）"
HEADINGS = {s.key: s.heading for s in af.SECTIONS}
#: a figure in a suggested sentence: a number, or the mark of one not entered yet
FIGURES = re.compile(rf"(?:{re.escape(NOT_ENTERED)}|\d+(?:\.\d+)?)")


def _shape(sentence: str) -> re.Pattern:
    """A suggested paragraph with each of its figures a wildcard: it matches the same words with
    any figures, i.e. the paragraph as generated from other numbers and not rewritten since."""
    parts = FIGURES.split(sentence)
    return re.compile(FIGURES.pattern.join(re.escape(p) for p in parts))


def update_suggested_sentences(report: AnnualReport) -> list[str]:
    """Bring the suggested sentences still in the text to the current figures (the draft was
    written from the figures of its day: “本年制发规章（未填报）件” stayed after 表二 was filled
    in). Only a paragraph whose words are the suggestion's, figures aside, is replaced: a sentence
    the office rewrote stays as written (``findings_for`` flags a “（未填报）” left in it). Not
    saved; the keys of the sections changed."""
    suggested = suggested_sections(report.agency, report.year, report.tables)
    changed = []
    for key, text in report.sections.items():
        if not text or not suggested.get(key):
            continue
        shapes = [(_shape(p), p) for p in suggested[key].split("\n") if FIGURES.search(p)]
        lines = text.split("\n")
        for i, line in enumerate(lines):
            for shape, current in shapes:
                if line != current and shape.fullmatch(line):
                    lines[i] = current
                    break
        if (updated := "\n".join(lines)) != text:
            report.fill_sections({key: updated})
            changed.append(key)
    return changed


def _not_entered_in_text(sections: dict[str, str]) -> list[dict]:
    """An error for each part of the text that still prints “（未填报）”."""
    return [{"code": "narrative.not_entered", "severity": "error",
             "message": f"“{HEADINGS[key]}”中仍有“{NOT_ENTERED}”：请先在“填报数字”页面填报表二的数字"
                        "（系统生成的句子随即更新），改写过的句子请按表二的数字改正。",
             "location": {"section": key}}
            for key, text in sections.items() if NOT_ENTERED in (text or "")]


def previous_tables(agency: Agency, year: int) -> dict | None:
    """Last year's tables from its published (or imported) report, for the carry chain."""
    report = AnnualReport.objects.current_for(agency, year - 1)
    return report.tables if report else None


#: table 二's rows entered on the figures page → the field there (``catalog.forms.FiguresForm``)
FIGURE_FIELDS = {"licensing": "licensing", "punishment": "punishment", "coercion": "coercion",
                 "fees": "fees_10k_yuan"}


def _missing_figures(agency: Agency, year: int, tables: dict) -> list[dict]:
    """An error for each figure of table 二 nobody entered, linked to the page where it is entered."""
    url = reverse("catalog_staff:figures", args=[agency.code, year])
    out = []
    for r in af.PROACTIVE_ROWS:
        for col in r.columns:
            if (tables.get("proactive", {}).get(r.key) or {}).get(col) is None:
                field = FIGURE_FIELDS.get(r.key)
                out.append({"code": "proactive.missing", "severity": "error",
                            "message": f"表二“{r.label}”的“{af.column_label('proactive', col)}”尚未填报"
                                       "（未填报不等于0；没有的请填0）。",
                            "location": {"table": "proactive", "row": r.key, "column": col},
                            "url": f"{url}#id_{field}" if field else url})
    return out


def findings_for(agency: Agency, year: int, tables: dict, sections: dict[str, str] | None = None) -> list[dict]:
    """Every identity of the spec, the carry chain against last year, table 二's figures entered,
    and the text as an evaluator reads it (``rules.narrative``, against last year's report)."""
    last = AnnualReport.objects.current_for(agency, year - 1)
    previous = last.tables if last else None
    findings = _missing_figures(agency, year, tables)
    findings += [f.as_dict() for f in af.check_tables(tables, previous=previous)]
    if previous is None:
        findings.append({"code": "carry_chain.no_previous", "severity": "info",
                         "message": f"没有{year - 1}年度的已发布或导入的报告，无法核对“上年结转”。"
                                    "可在“年度报告体检”中导入上年报告。",
                         "location": {"table": "applications", "row": "carried_in"}})
    if sections is not None:
        findings += _not_entered_in_text(sections)
        paid = disclosure.fees(covered_agencies(agency), year)
        facts = narrative.FeeFacts(notices=paid["notices"], paid=paid["count"], yuan=float(paid["yuan"]))
        findings += [f.as_dict() for f in narrative.check_sections(
            sections, year=year, government=agency.kind == Agency.Kind.GOVERNMENT,
            previous=last.sections if last and last.source == Source.BUILT else None,
            fees=facts, printed=(COUNTING_NOTE, preamble(year)))]
    if year >= timezone.localdate().year:
        findings.append(year_not_ended(year))
    return findings


def year_not_ended(year: int) -> dict:
    """An error while the report's year has not ended: the statistics period (1 January to
    31 December) and 结转下年度 (still open on 31 December) are not yet facts. Drafting is allowed."""
    return {"code": "report.year_not_ended", "severity": "error",
            "message": f"{year}年度尚未结束，{year}年12月31日之后才能提交审核和发布：报告写明统计期限至12月31日，"
                       "“结转下年度”是12月31日仍在办理的件数，年度结束前这些数字还会变化。草稿可以继续编写。",
            "location": {"kind": "year_not_ended"}}


# -- figures for the narrative ----------------------------------------------------------------------


def year_facts(agency: Agency, year: int, tables: dict) -> dict:
    """Figures the suggested sentences cite; all computed from the records."""
    agencies = covered_agencies(agency)
    apps = tables["applications"]
    timely, paid = disclosure.on_time(agencies, year), disclosure.fees(agencies, year)
    groups: Counter = Counter()
    for key in af.OUTCOME_KEYS:
        groups[OUTCOMES[key].group.label] += apps[key]["total"]
    return {
        "new_received": apps["new_received"]["total"], "carried_in": apps["carried_in"]["total"],
        "processed": apps["processed_total"]["total"], "carried_out": apps["carried_out"]["total"],
        "groups": dict(groups), "decided_with_due": timely["decided"], "on_time": timely["on_time"],
        "on_time_rate": round(100 * timely["on_time"] / timely["decided"], 1) if timely["decided"] else None,
        "fees_count": paid["count"], "fees_yuan": paid["yuan"], "fees_notices": paid["notices"],
        "fees_lapsed": paid["lapsed"],
        "appeals": {r: tables["appeals"][r]["total"] for r in tables["appeals"]},
        "published_items": catalog.published_count(agencies, year),
        "feedback": feedback.suggested_sentence(agency, year,
                                                include_children=agency.kind == Agency.Kind.GOVERNMENT),
    }


def _figure(value) -> str:
    return NOT_ENTERED if value is None else str(value)


def suggested_sections(agency: Agency, year: int, tables: dict) -> dict[str, str]:
    """A first draft: the sentences whose figures come from the records, so narrative and tables
    agree. What only people know (政府信息管理, 平台建设, 监督保障, 五, the year's work items) is
    left to write — the publication gate will not let it go out empty."""
    f = year_facts(agency, year, tables)
    p = tables["proactive"]
    government = agency.kind == Agency.Kind.GOVERNMENT
    groups = "，".join(f"{label}{n}件" for label, n in f["groups"].items() if n)
    overview = [
        f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好主动公开、依申请公开、"
        "政府信息管理、政府信息公开平台建设和监督保障等工作。",
        "（一）主动公开",
        f"全年通过政府信息公开平台主动公开政府信息{f['published_items']}条。"
        f"本年制发规章{_figure(p['regulations']['issued'])}件、行政规范性文件{_figure(p['normative_documents']['issued'])}件，"
        f"现行有效行政规范性文件{_figure(p['normative_documents']['in_force'])}件。",
        "（二）依申请公开",
        f"本年新收政府信息公开申请{f['new_received']}件，上年结转{f['carried_in']}件，办结{f['processed']}件"
        + (f"（{groups}）" if groups else "") + f"，结转下年度继续办理{f['carried_out']}件。"
        + (f"有答复期限的{f['decided_with_due']}件中，按期答复{f['on_time']}件，按期答复率{f['on_time_rate']}%。"
           if f["on_time_rate"] is not None else ""),
        f["feedback"],
        "（三）政府信息管理",
        "（四）政府信息公开平台建设",
        "（五）监督保障",
    ]
    if government:
        departments = [a.name for a in covered_agencies(agency) if a.pk != agency.pk]
        overview.insert(1, f"本报告由{agency.name}办公室编制，统计范围为{agency.name}本级"
                           + (f"及所属{len(departments)}个部门（{'、'.join(departments)}）。" if departments else "。"))
    appeals = f["appeals"]
    appeals_text = (f"本年因政府信息公开工作被申请行政复议{appeals['reconsideration']}件，被提起行政诉讼"
                    f"{appeals['litigation_direct'] + appeals['litigation_after_reconsideration']}件。")
    if f["fees_notices"]:
        other = (f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年发出收费通知{f['fees_notices']}件，"
                 f"申请人缴费{f['fees_count']}件，共计{f['fees_yuan']}元"
                 + (f"，{f['fees_lapsed']}件逾期未缴费" if f["fees_lapsed"] else "")
                 + (f"，{pending}件尚在缴费期限内" if (pending := f["fees_notices"] - f["fees_count"] - f["fees_lapsed"]) > 0
                    else "") + "。")
    elif f["fees_count"]:
        other = (f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年收取信息处理费{f['fees_count']}笔，"
                 f"共计{f['fees_yuan']}元。")
    else:
        other = "本年度未收取信息处理费。"
    return {"overview": "\n\n".join(x for x in overview if x), "proactive": "", "applications": "",
            "appeals": appeals_text, "problems": "", "other": other}


def to_document(report, *, for_preview: bool = False):
    """The report as an exports.ReportDocument (the rendering layer knows no models)."""
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
        status_label="" if report.status in FROZEN else report.get_status_display(),
        previous_tables=prev, monthly=monthly, previous_monthly=previous_monthly,
        findings=report.findings if for_preview else [], counting_note=COUNTING_NOTE,
    )


