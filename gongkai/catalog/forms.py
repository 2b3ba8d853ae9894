"""Forms only validate; the actions change things."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone

from gongkai.portal import cache as page_cache
from gongkai.portal.widgets import Select

from .models import ExtraItem, Item, StatutoryItem, Topic, Validity, YearlyFigures

ITEM_CHOICES = [("", "全部")] + [(v, l) for v, l in StatutoryItem.choices] + [
    (v, f"第二十一条：{l}") for v, l in ExtraItem.choices]


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.parent_id is None else f"　{obj.name}"


def ordered_topics() -> list[Topic]:
    tops = list(Topic.objects.active().top_level())
    children: dict[int, list[Topic]] = {}
    for t in Topic.objects.active().filter(parent__isnull=False):
        children.setdefault(t.parent_id, []).append(t)
    out = []
    for top in tops:
        out.append(top)
        out.extend(children.get(top.pk, []))
    return out


def topic_choices() -> list[tuple[int, str]]:
    """主题分类 for a filter list: each top level followed by its children, indented."""
    return [(t.pk, t.name if t.parent_id is None else f"　{t.name}") for t in ordered_topics()]


def agency_choices(agencies) -> list:
    """Agencies for a filter list: with several governments (a city, a province), each agency under
    the government it belongs to — that government itself first — as option groups."""
    from gongkai.accounts.models import Agency

    flat = [(a.code, a.name) for a in agencies]
    governments = [a for a in agencies if a.kind == Agency.Kind.GOVERNMENT]
    if len(governments) < 2:
        return flat
    by_id = {a.pk: a for a in agencies}

    def government_of(a):
        seen = set()
        while a is not None and a.kind != Agency.Kind.GOVERNMENT and a.pk not in seen:
            seen.add(a.pk)
            a = by_id.get(a.parent_id)
        return a if a is not None and a.kind == Agency.Kind.GOVERNMENT else None

    groups: dict[int, list] = {g.pk: [(g.code, g.name)] for g in governments}
    others = []
    for a in agencies:
        if a.kind != Agency.Kind.GOVERNMENT:
            g = government_of(a)
            (groups[g.pk] if g is not None else others).append((a.code, a.name))
    out = [(g.name, groups[g.pk]) for g in governments]
    return out + ([("其他机关", others)] if others else [])


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", max_length=100, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "如：不动产登记、宅基地、老旧小区改造",
                                                      "data-suggest": reverse_lazy("catalog:suggest")}))
    agency = forms.ChoiceField(label="机关", required=False, widget=Select)
    item = forms.ChoiceField(label="法定主动公开内容", choices=ITEM_CHOICES, required=False, widget=Select)
    category = forms.TypedChoiceField(label="主题分类", required=False, coerce=int, empty_value=None, widget=Select)
    year = forms.TypedChoiceField(label="发布年份", required=False, coerce=int, empty_value=None, widget=Select)
    validity = forms.ChoiceField(label="有效性", choices=[("", "全部")] + list(Validity.choices), required=False,
                                 widget=Select)
    page = forms.IntegerField(min_value=1, max_value=10000, required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].choices = [("", "全部机关")] + agency_choices(agencies)
        self.fields["category"].choices = [("", "全部")] + page_cache.memo("topic-choices", topic_choices)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", "全部")] + [(y, f"{y}年") for y in range(this_year, 2007, -1)]

    def filters(self) -> dict:
        """Valid filters only (a bad parameter is reported and ignored, never a 500)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        out = {
            "q": data.get("q") or "",
            "item": data.get("item") or "",
            "category": data.get("category"),
            "year": data.get("year"),
            "validity": data.get("validity") or "",
            "page": data.get("page") or 1,
        }
        if "agency" in self.fields:
            out["agency"] = data.get("agency") or ""
        return out


class ItemForm(forms.ModelForm):
    topic = TopicChoiceField(label="主题分类", queryset=Topic.objects.none())

    class Meta:
        model = Item
        fields = ["title", "doc_number", "publisher", "signed_on", "formed_on", "topic", "statutory_item",
                  "extra_item", "doc_form", "doc_type", "decision_kind", "summary", "keywords", "body", "validity",
                  "effective_on", "repealed_on"]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "formed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "repealed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {"body": "可直接粘贴文字（空行分段），也可以使用简单的 HTML（段落、标题、列表、表格、链接）。"}

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["topic"].queryset = Topic.objects.active()
        self.fields["topic"].choices = [("", "请选择")] + [
            (t.pk, t.name if t.parent_id is None else f"{t.parent.name}\\{t.name}")
            for t in ordered_topics() if t.parent_id is not None or not t.children.exists()]
        if agency is not None and not self.instance.pk:
            self.instance.agency = agency
        if not self.instance.pk:
            self.initial.setdefault("formed_on", timezone.localdate())


class RevisionForm(ItemForm):
    reason = forms.CharField(label="修订理由", widget=forms.Textarea(attrs={"rows": 2}))
    changed_on = forms.DateField(label="变更日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 help_text="信息变更之日；条例第二十六条的20个工作日从此日起算。")

    class Meta(ItemForm.Meta):
        fields = [f for f in ItemForm.Meta.fields if f != "formed_on"]

    def clean_changed_on(self):
        value = self.cleaned_data["changed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("变更日期不能晚于今天。")
        return value


class PublishForm(forms.Form):
    published_on = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                   help_text="默认今天；选择以后的日期则到期自动公开。")

    def clean_published_on(self):
        value = self.cleaned_data["published_on"]
        if value < timezone.localdate():
            raise forms.ValidationError("发布日期不能早于今天。")
        return value


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、Word（.docx）、Excel（.xlsx）或图片，不超过20 MB。")


class TermForm(forms.Form):
    term = forms.CharField(label="词语", min_length=2, max_length=30)


class SynonymForm(forms.Form):
    words = forms.CharField(label="同义词、简称", max_length=200,
                            help_text="一组意思相同的词语，用空格或顿号分隔，至少两个，如：低保 最低生活保障")


class SettingsForm(forms.Form):
    index_pattern = forms.CharField(label="索引号规则", max_length=100)


class FiguresForm(forms.ModelForm):
    class Meta:
        model = YearlyFigures
        fields = ["licensing", "punishment", "coercion", "fees_10k_yuan", "decisions_from_catalog"]


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="电子邮箱")
    agency = forms.ChoiceField(label="机关", required=False)
    item = forms.ChoiceField(label="法定主动公开内容", choices=ITEM_CHOICES, required=False)
    category = forms.TypedChoiceField(label="主题分类", required=False, coerce=int, empty_value=None)
    q = forms.CharField(label="检索词", max_length=100, required=False, help_text="只接收含有这些词语的信息；可留空。")

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "全部机关")] + [(a.code, a.name) for a in agencies]
        self.fields["category"].choices = [("", "全部")] + topic_choices()
