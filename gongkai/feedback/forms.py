"""Forms only validate (style rule 5); the actions change state. Messages in Chinese."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gongkai.rules.phone import phone_problem

from .abuse import plain_text
from .models import Channel, FeedbackSettings, Kind, Question, Satisfaction

MAX_FILES = 3
MAX_FILE_MB = 10
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
}

REQUIRED = {"required": "此项必填。"}


class LongTextField(forms.CharField):
    """A CharField whose box carries no ``maxlength`` (see :func:`_text`)."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def _text(label, max_length, *, required=True, textarea=False, help_text="", rows=8):
    """A text field. A box for long text says its limit (「最多5000字。」, counted live by the page's
    script) but has no ``maxlength``: a browser would cut a pasted letter silently; the server says
    how much is too much and the text stays in the box."""
    if textarea:
        widget = forms.Textarea(attrs={"rows": rows, "data-max-length": max_length})
        help_text = f"最多{max_length}字。{help_text}"
    else:
        widget = forms.TextInput(attrs={"maxlength": max_length})
    return (LongTextField if textarea else forms.CharField)(
        label=label, max_length=max_length, required=required, widget=widget, help_text=help_text, strip=True,
        error_messages={**REQUIRED, "max_length": f"不能超过{max_length}字（现有%(show_value)d字）。"})


class PlainTextMixin:
    """Strip every HTML tag from text fields; a field that was only markup becomes empty."""

    plain_fields: tuple[str, ...] = ()

    def _plain(self, name):
        value = plain_text(self.cleaned_data.get(name, ""))
        if self.fields[name].required and not value:
            raise forms.ValidationError("请填写文字内容（不支持网页代码）。")
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_TYPES.values())}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def check_files(files) -> list:
    if len(files) > MAX_FILES:
        raise forms.ValidationError(f"附件最多{MAX_FILES}个。")
    import magic

    from gongkai.portal import uploads

    for f in files:
        if f.size > MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(f"附件“{f.name}”超过{MAX_FILE_MB}MB。")
        try:
            uploads.check_upload(f)  # programs, PDFs with scripts, zip bombs
        except uploads.UnsafeUpload as e:
            raise forms.ValidationError(str(e)) from None
        head = f.read(4096)
        f.seek(0)
        kind = magic.from_buffer(head, mime=True)
        if kind not in ALLOWED_TYPES:
            raise forms.ValidationError(f"附件“{f.name}”的格式不支持（可上传 PDF、JPG、PNG、DOCX、TXT）。")
        f.content_type = kind
    return files


class ContactMixin(PlainTextMixin):
    def clean_contact_phone(self):
        value = self._plain("contact_phone")
        if value and (problem := phone_problem(value)):
            raise forms.ValidationError(problem)
        return value

    def clean_contact_name(self):
        return self._plain("contact_name")

    def clean_subject(self):
        return self._plain("subject")

    def clean_content(self):
        return self._plain("content")

    def _typed(self, name) -> bool:
        """Something was typed in the field, valid or not (an invalid one has its own message)."""
        return bool((self.data.get(self.add_prefix(name)) or "").strip())

    def clean(self):
        data = super().clean()
        has_contact = any(self._typed(f) for f in ("contact_name", "contact_phone", "contact_email"))
        if data.get("anonymous"):
            if has_contact:
                raise forms.ValidationError("选择匿名提交时请不要填写姓名和联系方式。")
        elif self.contact_required and not has_contact:
            raise forms.ValidationError("姓名和联系电话（或电子邮箱）必填；不愿留下联系方式请勾选“匿名提交”。")
        elif self.contact_required and not (self._typed("contact_phone") or self._typed("contact_email")):
            self.add_error("contact_phone", "联系电话和电子邮箱至少填写一项（必填），以便答复。")
        return data


class FeedbackForm(ContactMixin, forms.Form):
    """The public form at /agencies/<code>/feedback/."""

    required_css_class = "required"
    contact_required = True

    kind = forms.ChoiceField(label="类别", choices=Kind.choices, initial=Kind.SUGGESTION,
                             widget=forms.RadioSelect, error_messages={**REQUIRED, "invalid_choice": "请选择类别。"})
    subject = _text("标题", 100)
    content = _text("内容", 5000, textarea=True, help_text="请勿填写身份证号等与诉求无关的个人信息。")
    anonymous = forms.BooleanField(label="匿名提交", required=False,
                                   help_text="匿名提交不留联系方式，不会收到答复邮件，也不能评价；可凭提交后显示的查询码查看答复。")
    contact_name = _text("姓名或称呼", 50, required=False)
    contact_phone = _text("联系电话", 30, required=False)
    contact_email = forms.EmailField(label="电子邮箱", required=False, max_length=254,
                                     help_text="填写后，答复将同时发送到该邮箱。",
                                     error_messages={"invalid": "电子邮箱格式不对。"})
    publish_consent = forms.BooleanField(
        label="同意公开", required=False,
        help_text="同意在本机关“公开答复”栏目公开本件的问题和答复（姓名、联系方式等个人信息不公开）。")
    attachments = MultipleFileField(label="附件", required=False,
                                    help_text=f"可选，最多{MAX_FILES}个，每个不超过{MAX_FILE_MB}MB；PDF、JPG、PNG、DOCX、TXT。")
    website = forms.CharField(label="网址（请留空）", required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean_attachments(self):
        return check_files(self.cleaned_data.get("attachments") or [])


class RegisterForm(ContactMixin, forms.Form):
    """Staff register an item that arrived by phone, at the counter, by letter or on social media."""

    contact_required = False

    agency = forms.ModelChoiceField(label="机关", queryset=None, empty_label=None,
                                    error_messages={**REQUIRED, "invalid_choice": "请选择机关。"})
    kind = forms.ChoiceField(label="类别", choices=Kind.choices, error_messages=REQUIRED)
    channel = forms.ChoiceField(label="渠道", choices=[c for c in Channel.choices if c[0] != Channel.WEBSITE],
                                error_messages=REQUIRED)
    source_url = forms.URLField(label="原帖链接", required=False, max_length=500, assume_scheme="https",
                                help_text="微信公众号、微博等政务新媒体来件请填写原帖链接。",
                                error_messages={"invalid": "请填写以 http:// 或 https:// 开头的链接。"})
    received_on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                  error_messages={**REQUIRED, "invalid": "日期格式应为 YYYY-MM-DD。"})
    subject = _text("标题", 100)
    content = _text("内容", 5000, textarea=True)
    anonymous = forms.BooleanField(label="匿名（未留姓名和联系方式）", required=False)
    contact_name = _text("姓名或称呼（网名）", 50, required=False)
    contact_phone = _text("联系电话", 30, required=False)
    contact_email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "电子邮箱格式不对。"})
    publish_consent = forms.BooleanField(label="来件人同意公开", required=False)
    attachments = MultipleFileField(label="附件", required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("收到日期不能晚于今天。")
        if (timezone.localdate() - value).days > 366:
            raise forms.ValidationError("收到日期不能早于一年前。")
        return value

    def clean_attachments(self):
        return check_files(self.cleaned_data.get("attachments") or [])

    def clean(self):
        data = super().clean()
        if data.get("channel") in (Channel.WECHAT, Channel.WEIBO, Channel.OTHER_MEDIA) and not data.get("source_url"):
            self.add_error("source_url", "政务新媒体来件请填写原帖链接。")
        if not data.get("anonymous") and not any(data.get(f) for f in ("contact_name", "contact_phone", "contact_email")):
            raise forms.ValidationError("请填写来件人姓名或联系方式；未留的请勾选“匿名”。")
        return data


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(label="承办人", queryset=None, error_messages={
        **REQUIRED, "invalid_choice": "请选择本机关的工作人员。"})
    note = _text("说明", 200, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda u: f"{u}（{u.username}）"


class ReplyForm(PlainTextMixin, forms.Form):
    text = _text("答复内容", 10000, textarea=True, rows=10)

    def clean_text(self):
        return self._plain("text")


class PublishForm(PlainTextMixin, forms.Form):
    question = _text("公开的问题", 5000, textarea=True, help_text=(
        "系统自动遮盖身份证号、银行卡号、手机和固定电话号码、电子邮箱、QQ号、车牌号，以及提交人留下的姓名、"
        "电话、邮箱和在文中自述的姓名、住址（如“我叫……”“家住……”）。"
        "文中写到的其他姓名、住址（亲属、邻居、经办人等）系统识别不了，必须由您逐字核对、删改后再发布。"))
    answer = _text("公开的答复", 10000, textarea=True,
                   help_text="答复中的称呼（如“王女士您好”）和写到的住址同样需要核对。")

    def clean_question(self):
        return self._plain("question")

    def clean_answer(self):
        return self._plain("answer")


class CloseForm(forms.Form):
    reason = _text("关闭原因", 200, help_text="如：重复提交、无实质内容、广告信息。")


class NoteForm(forms.Form):
    note = _text("说明", 200, required=False)


class TrackForm(forms.Form):
    number = _text("编号", 20)
    code = _text("查询码", 20)


class RatingForm(PlainTextMixin, forms.Form):
    value = forms.ChoiceField(label="您对本次答复的评价", choices=Satisfaction.choices, widget=forms.RadioSelect,
                              error_messages={**REQUIRED, "invalid_choice": "请选择评价。"})
    comment = _text("意见", 1000, required=False, textarea=True, rows=4)

    def clean_comment(self):
        return self._plain("comment")


class SettingsForm(forms.ModelForm):
    class Meta:
        model = FeedbackSettings
        fields = ["inquiry_days", "complaint_days", "suggestion_days", "opinion_days", "criticism_days",
                  "remind_days", "accepts_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields[:5]:
            self.fields[name].widget.attrs.update(min=1, max=60)
        for f in self.fields.values():
            f.error_messages.update(required="此项必填。", invalid="应为整数。", min_value="不能小于0。")
        self.fields["remind_days"].widget.attrs.update(min=0, max=10)

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields[:5]:
            value = data.get(name)
            if value is not None and not 1 <= value <= 60:
                self.add_error(name, "应为1至60个工作日。")
        remind = data.get("remind_days")
        if remind is not None and remind > 10:
            self.add_error("remind_days", "不超过10个工作日。")
        return data


class SurveyForm(PlainTextMixin, forms.Form):
    title = _text("标题", 100)
    intro = _text("说明", 2000, required=False, textarea=True, rows=4)
    opens_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               error_messages={**REQUIRED, "invalid": "日期格式应为 YYYY-MM-DD。"})
    closes_on = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                error_messages={**REQUIRED, "invalid": "日期格式应为 YYYY-MM-DD。"})
    results_public = forms.BooleanField(label="公开统计结果", required=False,
                                        help_text="公开后，公众可在问卷页面查看各题统计图（文字回答不公开）。")

    def clean_title(self):
        return self._plain("title")

    def clean_intro(self):
        return self._plain("intro")

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "截止日期不能早于开始日期。")
        return data


class NewSurveyForm(SurveyForm):
    agency = forms.ModelChoiceField(label="机关", queryset=None, empty_label=None, error_messages=REQUIRED)

    field_order = ["agency", "title", "intro", "opens_on", "closes_on", "results_public"]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class QuestionForm(PlainTextMixin, forms.Form):
    kind = forms.ChoiceField(label="题型", choices=Question.Kind.choices, error_messages=REQUIRED)
    text = _text("题目", 300)
    required = forms.BooleanField(label="必答", required=False, initial=True)
    choices = forms.CharField(label="选项（每行一个）", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="单选题、多选题填写，2至20个；评分题和文字题留空。", max_length=4000,
                              error_messages={"max_length": "选项太长。"})

    def clean_text(self):
        return self._plain("text")

    def clean(self):
        data = super().clean()
        lines = [plain_text(line)[:200] for line in (data.get("choices") or "").splitlines()]
        lines = [x for x in lines if x]
        kind = data.get("kind")
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if len(lines) < 2:
                self.add_error("choices", "单选题和多选题至少需要两个选项。")
            elif len(lines) > 20:
                self.add_error("choices", "选项不能超过20个。")
            elif len(set(lines)) != len(lines):
                self.add_error("choices", "选项不能重复。")
        elif kind and lines:
            self.add_error("choices", "评分题和文字题不需要选项，请留空。")
        data["choice_list"] = lines
        return data


RATING_CHOICES = [(str(i), f"{i}分") for i in range(1, 6)]


#: a label ending in one of these gets no label suffix (Django skips only the ASCII ones)
END_PUNCTUATION = ("？", "?", "：", ":", "。", "！", "!")


class AnswerForm(forms.Form):
    """The public answer sheet, one field per question (``q<id>``)."""

    required_css_class = "required"
    website = forms.CharField(label="网址（请留空）", required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.prefetch_related("choices"))
        for i, q in enumerate(self.questions, 1):
            label = f"{i}. {q.text}"
            err = {"required": "此项必填。", "invalid_choice": "请从选项中选择。"}
            choices = [(str(c.pk), c.text) for c in q.choices.all()]
            if q.kind == Question.Kind.SINGLE:
                f = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=q.required,
                                      error_messages=err)
            elif q.kind == Question.Kind.MULTIPLE:
                f = forms.MultipleChoiceField(label=label, choices=choices, widget=forms.CheckboxSelectMultiple,
                                              required=q.required, error_messages=err)
            elif q.kind == Question.Kind.RATING:
                f = forms.ChoiceField(label=label, choices=RATING_CHOICES, widget=forms.RadioSelect,
                                      required=q.required, help_text="1分最低，5分最高。", error_messages=err)
            else:
                f = forms.CharField(label=label, required=q.required, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
                                    error_messages={**err, "max_length": "不能超过2000字。"})
            f.question = q
            if q.text.rstrip().endswith(END_PUNCTUATION):
                f.label_suffix = ""  # “您对本局网站满意吗？” takes no “：” after it
            self.fields[f"q{q.pk}"] = f
        self.order_fields([f"q{q.pk}" for q in self.questions] + ["website"])

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]
