"""Questionnaire results and their bar charts, drawn as SVG by a template (no JavaScript, no chart library).

:func:`results` counts the answers; :func:`bar_chart` lays out the bars in a fixed 640-wide viewBox
so the SVG scales to any screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count

from .models import Answer, Question, Survey

WIDTH = 640
LABEL_WIDTH = 190
BAR_AREA = 300  # leaves room after the longest bar for “100（100.0%）”
ROW = 34
BAR_HEIGHT = 22
TOP = 8


@dataclass
class Bar:
    label: str
    short_label: str
    count: int
    pct: float
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_x: int = LABEL_WIDTH + 8
    bar_area: int = BAR_AREA
    bar_height: int = BAR_HEIGHT


def _short(label: str, limit: int = 12) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(rows: list[tuple[str, int]], total: int) -> BarChart:
    """Bars scaled to the largest count; percentages of ``total`` (respondents who answered)."""
    top = max((c for _, c in rows), default=0) or 1
    bars = []
    for i, (label, count) in enumerate(rows):
        y = TOP + i * ROW
        width = round(BAR_AREA * count / top, 1)
        bars.append(Bar(
            label=label, short_label=_short(label), count=count,
            pct=round(100.0 * count / total, 1) if total else 0.0,
            y=y, width=width, text_y=y + BAR_HEIGHT - 6, value_x=LABEL_WIDTH + 8 + width + 6,
        ))
    return BarChart(bars=bars, height=TOP * 2 + ROW * len(rows))


@dataclass
class QuestionResult:
    question: Question
    answered: int
    chart: BarChart | None = None
    average: float | None = None
    texts: list[str] = field(default_factory=list)
    text_count: int = 0


def results(survey: Survey, *, with_texts: bool = True, text_limit: int = 50) -> list[QuestionResult]:
    out = []
    questions = list(survey.questions.prefetch_related("choices"))
    answered = dict(Answer.objects.filter(question__survey=survey).values_list("question")
                    .annotate(n=Count("response", distinct=True)).order_by())
    for q in questions:
        n = answered.get(q.pk, 0)
        if q.has_choices:
            counts = dict(Answer.objects.filter(question=q).values_list("choice").annotate(c=Count("id")).order_by())
            rows = [(c.text, counts.get(c.pk, 0)) for c in q.choices.all()]
            out.append(QuestionResult(q, n, chart=bar_chart(rows, n)))
        elif q.kind == Question.Kind.RATING:
            counts = dict(Answer.objects.filter(question=q).values_list("rating").annotate(c=Count("id")).order_by())
            rows = [(f"{score}分", counts.get(score, 0)) for score in range(5, 0, -1)]
            avg = Answer.objects.filter(question=q).aggregate(a=Avg("rating"))["a"]
            out.append(QuestionResult(q, n, chart=bar_chart(rows, n), average=round(avg, 2) if avg else None))
        else:
            texts = Answer.objects.filter(question=q).exclude(text="").order_by("-id")
            out.append(QuestionResult(
                q, n, text_count=texts.count(),
                texts=list(texts.values_list("text", flat=True)[:text_limit]) if with_texts else [],
            ))
    return out
