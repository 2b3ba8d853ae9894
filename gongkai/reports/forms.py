from django import forms

MAX_SECTION = 50000


class SectionsForm(forms.Form):
    overview = forms.CharField(label="一、总体情况", required=False, max_length=MAX_SECTION,
                               widget=forms.Textarea(attrs={"rows": 14}),
                               help_text="主动公开、依申请公开、政府信息管理、平台建设、监督保障；以“（一）”等开头的行作为小标题。")
    proactive = forms.CharField(label="二、主动公开政府信息情况（表前说明，可不填）", required=False,
                                max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 3}))
    applications = forms.CharField(label="三、收到和处理政府信息公开申请情况（表前说明，可不填）", required=False,
                                   max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 3}))
    appeals = forms.CharField(label="四、政府信息公开行政复议、行政诉讼情况（表前说明）", required=False,
                              max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label="五、存在的主要问题及改进情况", required=False, max_length=MAX_SECTION,
                               widget=forms.Textarea(attrs={"rows": 8}),
                               help_text="写明具体问题和改进措施，以及上年问题的整改情况；不要照搬上年内容。")
    other = forms.CharField(label="六、其他需要报告的事项", required=False, max_length=MAX_SECTION,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="包括依据国办函〔2020〕109号收取信息处理费的情况（未收取也应写明）。")
    correction_note = forms.CharField(label="更正说明（更正版本必填）", required=False, max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class StartForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100,
                              error_messages={"invalid": "年度应为四位数字。",
                                              "min_value": "年度不能早于2008年。", "max_value": "年度无效。"})


class AttachForm(forms.Form):
    agency = forms.ModelChoiceField(label="机关", queryset=None,
                                    error_messages={"invalid_choice": "请选择您可以办理的机关。"})
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100,
                              error_messages={"invalid": "年度应为四位数字。"})

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
