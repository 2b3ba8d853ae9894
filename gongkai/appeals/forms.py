from django import forms
from django.utils import timezone

from .models import Appeal, Kind, Result
from .permissions import recording_agencies


class AppealForm(forms.Form):
    agency = forms.ModelChoiceField(label="被申请人/被告机关", queryset=None,
                                    error_messages={"invalid_choice": "请选择您可以办理的机关。"})
    kind = forms.ChoiceField(label="类型", choices=Kind.choices)
    appellant = forms.CharField(label="申请人/原告", max_length=100)
    body = forms.CharField(label="复议机关/人民法院", max_length=100)
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    filed_on = forms.DateField(label="申请/立案日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               error_messages={"invalid": "日期格式应为 YYYY-MM-DD。"})
    application_numbers = forms.CharField(label="涉及的申请编号", required=False,
                                          help_text="本机关依申请公开的申请编号，多个用逗号或空格分隔。")
    reconsideration = forms.ModelChoiceField(label="此前的行政复议（复议后起诉时选择）", queryset=None, required=False)
    summary = forms.CharField(label="请求和争议要点", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=5000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = recording_agencies(user)
        self.fields["agency"].queryset = agencies
        self.fields["reconsideration"].queryset = Appeal.objects.filter(agency__in=agencies, kind=Kind.RECONSIDERATION)

    def clean_filed_on(self):
        value = self.cleaned_data["filed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天。")
        return value

    def clean(self):
        data = super().clean()
        numbers = [n for n in (data.get("application_numbers") or "").replace("，", ",").replace(",", " ").split() if n]
        agency = data.get("agency")
        data["applications"] = []
        if numbers and agency is not None:
            from gongkai.disclosure.models import Application

            found = {a.number: a for a in Application.objects.filter(agency=agency, number__in=numbers)}
            missing = [n for n in numbers if n not in found]
            if missing:
                self.add_error("application_numbers", f"本机关没有这些申请：{'、'.join(missing)}")
            data["applications"] = list(found.values())
        return data


class ConcludeForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=[c for c in Result.choices if c[0] != Result.PENDING])
    concluded_on = forms.DateField(label="审结日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                   error_messages={"invalid": "日期格式应为 YYYY-MM-DD。"})
    conclusion = forms.CharField(label="决定/裁判要旨", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                 max_length=5000)
    reopen_applications = forms.BooleanField(label="结果为纠正时，重新办理所涉申请（新的答复期限）", required=False,
                                             initial=True)


class UndoForm(forms.Form):
    reason = forms.CharField(label="撤销审结的理由", max_length=500)
