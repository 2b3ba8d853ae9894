"""Questionnaire answers as CSV (UTF-8 with BOM, opens in Excel) and XLSX (answers + a summary sheet)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from django.utils import timezone

from gongkai.portal.spreadsheet import safe_cell
from gongkai.rules import personal_data

from .charts import results
from .models import Answer, Survey

def answer_rows(survey: Survey) -> tuple[list[str], list[list]]:
    questions = list(survey.questions.all())
    header = ["序号", "提交时间"] + [f"{i}. {q.text}" for i, q in enumerate(questions, 1)]
    cells: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in Answer.objects.filter(question__survey=survey).select_related("choice").order_by("id"):
        # a respondent may have typed an identity or phone number into a text answer: masked here
        value = a.choice.text if a.choice_id else (str(a.rating) if a.rating is not None else personal_data.redact(a.text))
        cells[a.response_id][a.question_id].append(value)
    rows = []
    for n, r in enumerate(survey.responses.order_by("submitted_at", "id"), 1):
        submitted = timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M")
        rows.append([n, submitted] + [safe_cell("；".join(cells[r.pk][q.pk])) for q in questions])
    return header, rows


def to_csv(survey: Survey) -> bytes:
    header, rows = answer_rows(survey)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(survey: Survey) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    summary = wb.active
    summary.title = "统计"
    summary.append([safe_cell(survey.title)])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([f"{survey.agency.name}　{survey.opens_on:%Y-%m-%d} 至 {survey.closes_on:%Y-%m-%d}",
                    f"答卷 {survey.responses.count()} 份"])
    summary.append([])
    for i, res in enumerate(results(survey, with_texts=False), 1):
        summary.append([safe_cell(f"{i}. {res.question.text}（{res.question.get_kind_display()}）"),
                        f"作答 {res.answered} 人"])
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
        if res.chart:
            summary.append(["选项", "人数", "比例（%）"])
            for bar in res.chart.bars:
                summary.append([safe_cell(bar.label), bar.count, bar.pct])
            if res.average is not None:
                summary.append(["平均分", res.average])
        else:
            summary.append(["文字回答条数", res.text_count])
        summary.append([])
    summary.column_dimensions["A"].width = 50
    answers = wb.create_sheet("答卷")
    header, rows = answer_rows(survey)
    answers.append([safe_cell(h) for h in header])
    for row in rows:
        answers.append(row)
    for cell in answers[1]:
        cell.font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


