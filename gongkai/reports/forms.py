from django import forms

MAX_SECTION = 50000
#: 一、总体情况 as the national format (国办公开办函〔2021〕30号) divides it
OVERVIEW_HELP = ("按全国统一格式分五部分写本年工作：（一）主动公开；（二）依申请公开；"
                 "（三）政府信息管理（规范性文件清理、公开属性认定、保密审查等）；"
                 "（四）政府信息公开平台建设（政府网站、政务新媒体、公开专栏等）；"
                 "（五）监督保障（考核、培训、社会评议、责任追究等）。"
                 "每部分以“（一）主动公开”这样单独的一行作小标题。"
                 "草稿中引用统计数字的句子按最新数字生成，数字变化后自动更新；改写过的句子不会被替换。")


class SectionsForm(forms.Form):
    overview = forms.CharField(label="一、总体情况", required=False, max_length=MAX_SECTION,
                               widget=forms.Textarea(attrs={"rows": 14}),
                               help_text=OVERVIEW_HELP)
    proactive = forms.CharField(label="二、主动公开政府信息情况（表前说明，可不填）", required=False,
                                max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="表二按政府信息公开目录和“填报数字”页面生成，不在这里填写；"
                                          "需要时写一两句说明数字的口径。")
    applications = forms.CharField(label="三、收到和处理政府信息公开申请情况（表前说明，可不填）", required=False,
                                   max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="表三按依申请公开的办理记录自动统计；需要时写一两句说明。")
    appeals = forms.CharField(label="四、政府信息公开行政复议、行政诉讼情况（表前说明）", required=False,
                              max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="写明本年被申请行政复议、被提起行政诉讼的件数；表四按复议、诉讼台账自动统计。")
    problems = forms.CharField(label="五、存在的主要问题及改进情况", required=False, max_length=MAX_SECTION,
                               widget=forms.Textarea(attrs={"rows": 8}),
                               help_text="写明具体问题和改进措施，以及上年问题的整改情况；不要照搬上年内容。")
    other = forms.CharField(label="六、其他需要报告的事项", required=False, max_length=MAX_SECTION,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="包括依据国办函〔2020〕109号收取信息处理费的情况（未收取也应写明）。")
    correction_note = forms.CharField(label="更正说明（更正版本必填）", required=False, max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 2}),
                                      help_text="写明更正了哪些内容及原因；发布后显示在更正版本的报告页上。")


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
