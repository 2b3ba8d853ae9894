"""Forms only validate; the actions store."""

from __future__ import annotations

from django import forms

from .kinds import Remedy, fixed_remedy
from .patterns import check_pattern
from .placeholders import check_template_text


class LetterTemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=60)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 18}),
                           help_text="每行一段。{占位符} 在生成文书时替换为实际内容；[[…]] 中的内容只在其中的占位符都有值时才出现。")
    closing = forms.CharField(label="结束语", max_length=40, required=False, help_text="如“特此告知。”，可留空。")
    remedy = forms.ChoiceField(label="救济条款", choices=Remedy.choices)

    def __init__(self, *args, kind: str, variant: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed = fixed_remedy(kind, variant)
        if self.fixed is not None:
            self.fields["remedy"].choices = [(self.fixed.value, self.fixed.label)]
            self.fields["remedy"].help_text = "此类文书的救济条款由法律确定，不能更改。"
        else:
            self.fields["remedy"].help_text = "由本机关法制工作机构确定；不予公开和部分公开的答复固定为行政复议前置。"

    def _check(self, name):
        value = self.cleaned_data.get(name, "")
        problems = check_template_text(value)
        if problems:
            raise forms.ValidationError(problems)
        return value

    def clean_title(self):
        return self._check("title")

    def clean_body(self):
        return self._check("body")

    def clean_closing(self):
        return self._check("closing")


class NumberPatternForm(forms.Form):
    pattern = forms.CharField(label="文号格式", max_length=60,
                              help_text="可用占位符：{机关代字}、{年}、{序号}、{三位序号}。")

    def clean_pattern(self):
        value = self.cleaned_data["pattern"].strip()
        problems = check_pattern(value)
        if problems:
            raise forms.ValidationError(problems)
        return value
