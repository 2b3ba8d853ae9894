"""在线问卷: questionnaires staff build and the public answers without an account."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.accounts.models import Agency


class SurveyQuerySet(models.QuerySet):
    def launched(self):
        return self.filter(state=Survey.State.LAUNCHED)

    def answerable(self, on: date):
        return self.launched().filter(opens_on__lte=on, closes_on__gte=on)

    def with_public_results(self):
        return self.launched().filter(results_public=True)


class Survey(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        LAUNCHED = "launched", "已发布"

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField("标题", max_length=100)
    intro = models.TextField("说明", max_length=2000, blank=True)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    results_public = models.BooleanField("公开结果", default=False)
    launched_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "在线问卷"
        verbose_name_plural = "在线问卷"
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def is_answerable(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.state == Survey.State.LAUNCHED and self.opens_on <= on <= self.closes_on

    def phase(self, on: date | None = None) -> str:
        on = on or timezone.localdate()
        if self.state == Survey.State.DRAFT:
            return "草稿"
        if on < self.opens_on:
            return "未开始"
        if on > self.closes_on:
            return "已结束"
        return "进行中"

    @property
    def is_locked(self) -> bool:
        """Questions cannot change once anyone has answered."""
        return self.responses.exists()


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "单选"
        MULTIPLE = "multiple", "多选"
        RATING = "rating", "评分（1—5分）"
        TEXT = "text", "文字"

    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("序号", default=0)
    kind = models.CharField("题型", max_length=20, choices=Kind.choices)
    text = models.CharField("题目", max_length=300)
    required = models.BooleanField("必答", default=True)

    class Meta:
        verbose_name = "题目"
        verbose_name_plural = "题目"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


class Choice(models.Model):
    question = models.ForeignKey(Question, verbose_name="题目", on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField("序号", default=0)
    text = models.CharField("选项", max_length=200)

    class Meta:
        verbose_name = "选项"
        verbose_name_plural = "选项"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One person's answers. ``fingerprint`` is a keyed hash of address + browser, never the address."""

    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="responses")
    fingerprint = models.CharField("答卷人标识（散列）", max_length=64, db_index=True)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.survey} 答卷 {self.submitted_at:%Y-%m-%d %H:%M}"


class Answer(models.Model):
    response = models.ForeignKey(Response, verbose_name="答卷", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name="题目", on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(Choice, verbose_name="选项", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="answers")
    rating = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    text = models.TextField("文字回答", blank=True, max_length=2000)

    class Meta:
        verbose_name = "回答"
        verbose_name_plural = "回答"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.question} 的回答"
