"""Forms only validate (style.md rule 5). The application form is shared by the public page, the
staff registration page and the JSON API, so every channel gives the same Chinese messages."""

from __future__ import annotations

import re

from django import forms

from gongkai.accounts.models import User, credit_code_problem
from gongkai.rules.clock import MAX_EXTENSION_WORKING_DAYS
from gongkai.rules.outcomes import OUTCOMES
from gongkai.rules.periods import DELIVERY_CHANNELS
from gongkai.rules.personal_data import is_id_number
from gongkai.rules.phone import phone_problem

from . import actions
from .actions import OPINIONS, VIA_MESSAGE
from .permissions import CASE_ROLES
from .models import DELIVERED_LETTERS, Application, ApplicantType, Channel, ConsultationParty, FeeMethod, IdType

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.ModelForm):
    """条例第二十九条: who applies, what is asked for, in which form."""

    class Meta:
        model = Application
        fields = ["applicant_type", "name", "contact_name", "id_type", "id_number", "phone", "email", "address",
                  "postcode", "info_name", "info_doc_number", "content", "form", "delivery"]
        widgets = {"content": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "name": "自然人填写姓名；法人或其他组织填写全称。",
            "id_number": "仅经办人可见，其他页面一律遮盖显示。",
            "info_name": "知道的请填写，便于查找。",
            "content": "请尽量写明信息的名称、文号、形成时间、涉及的地块或项目等特征，便于机关查找。",
        }

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_id_number(self):
        return re.sub(r"\s", "", self.cleaned_data["id_number"]).upper()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if problem := phone_problem(phone):  # the same words as the feedback form's
            raise forms.ValidationError(problem)
        return phone

    def clean_postcode(self):
        code = self.cleaned_data.get("postcode", "").strip()
        if code and not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("邮政编码应为6位数字。")
        return code

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if len(content) < 4:
            raise forms.ValidationError("请具体描述所需的政府信息（至少4个字）。")
        if message := actions.content_too_long(content):
            raise forms.ValidationError(message)
        return content

    def clean(self):
        data = super().clean()
        id_type, id_number = data.get("id_type"), data.get("id_number")
        if id_type == IdType.RESIDENT_ID and id_number and not is_id_number(id_number):
            self.add_error("id_number", "居民身份证号码无效（位数、出生日期或校验码不对）。")
        if id_type == IdType.CREDIT_CODE and id_number and (problem := credit_code_problem(id_number)):
            self.add_error("id_number", problem)
        if data.get("applicant_type") == ApplicantType.NATURAL_PERSON and id_type == IdType.CREDIT_CODE:
            self.add_error("id_type", "自然人请提供居民身份证等个人身份证明。")
        if data.get("delivery") == "email" and not data.get("email"):
            self.add_error("email", "选择以电子邮件获取信息的，请填写电子邮箱。")
        if data.get("delivery") == "post" and not data.get("address"):
            self.add_error("address", "选择邮寄的，请填写通信地址。")
        if data.get("applicant_type") and data.get("applicant_type") != ApplicantType.NATURAL_PERSON \
                and not data.get("contact_name"):
            self.add_error("contact_name", "法人或其他组织申请的，请填写联系人。")
        return data


class RegisterForm(ApplicationForm):
    """Staff registering an application that came in person, by post, ordinary mail, fax or online."""

    channel = forms.ChoiceField(label="提交方式", choices=Channel.choices)
    received_on = forms.DateField(
        label="收到申请日期", required=False, widget=DATE_WIDGET,
        help_text="条例第三十一条：当面提交为提交之日；邮寄为签收之日；平常信函、传真、互联网为双方确认之日。"
                  "平常信函尚未与申请人确认的可暂不填写，确认后再登记。")
    submitted_on = forms.DateField(label="提交（寄出、发送）日期", required=False, widget=DATE_WIDGET)

    class Meta(ApplicationForm.Meta):
        pass

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.IN_PERSON and not data.get("received_on"):
            self.add_error("received_on", "当面提交的申请须填写提交之日。")
        return data


class TrackForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=80)
    query_code = forms.CharField(label="查询码", max_length=200)


# -- one form per step --------------------------------------------------------------------------


class StepForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE_WIDGET,
                           help_text="该步骤实际发生的日期；纸质办理可补录过去的日期。")


#: the fields of a step that issues a letter, after its own fields
PAPER_LETTER_FIELDS = ("letter_sent_on", "letter_scan", "letter_reason")


class PaperLetterFields(forms.Form):
    """A step that issues a letter: the letter is dated the day it is issued, unless staff record
    that the paper letter already went out on an earlier date (with its scan and the reason)."""

    letter_sent_on = forms.DateField(
        label="纸质文书寄出日期（已寄出纸质文书时填写）", required=False, widget=DATE_WIDGET,
        help_text="留空：本步骤生成的文书以今天为落款日期。纸质文书已于较早日期寄出（送达）的，填写该日期、"
                  "上传扫描件并写明理由：文书按该日期落款，办理记录予以标明。")
    letter_scan = forms.FileField(label="已寄出纸质文书的扫描件（PDF、JPG、PNG）", required=False)
    letter_reason = forms.CharField(label="按纸质文书日期落款的理由", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PAPER_LETTER_FIELDS:  # after the step's own fields
            self.fields[name] = self.fields.pop(name)


class LetterStepForm(PaperLetterFields, StepForm):
    """A step with only a date that issues a letter (确认收到 → 回执; the lapses → 答复书)."""


class CorrectionForm(PaperLetterFields, StepForm):
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="补正期限", widget=DATE_WIDGET, help_text="合理的补正期限，由本机关确定。")


class ReceiveCorrectionForm(StepForm):
    content = forms.CharField(
        label="补正后的申请内容（纸质补正时录入）", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="申请人已网上提交补正的，无需录入，只确认收到日期；纸质补正请录入内容并上传扫描件。")
    scan = forms.FileField(label="补正材料扫描件（PDF、JPG、PNG）", required=False)


class ProvisionForm(StepForm):
    provided_by = forms.ChoiceField(label="提供方式", choices=[
        ("post", "邮寄"), ("pickup", "当面领取"), ("inspection", "当场查阅"), ("disc", "光盘")])
    tracking_number = forms.CharField(label="邮件单号（邮寄时必填）", max_length=60, required=False)
    note = forms.CharField(label="说明（如领取人、查阅地点）", max_length=200, required=False)


class CorrectionSubmitForm(forms.Form):
    """The applicant's corrected request, on the tracking page."""

    content = forms.CharField(label="补正后的申请内容", widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="请按补正告知书的要求，完整写明所需信息的名称、文号、形成时间等特征。")
    file = forms.FileField(label="附件（可选；PDF、JPG、PNG、DOCX 或 TXT，不超过10MB）", required=False)


VIA_HELP = "对方的期限自收到之日起计算；收到日期登记前，按该方式通常的送达时间暂定。"


def via_field(label="送达方式", required=False, help_text=VIA_HELP):
    return forms.ChoiceField(label=label, choices=list(DELIVERY_CHANNELS.items()), initial="post", required=required,
                             help_text=help_text, error_messages={"invalid_choice": VIA_MESSAGE,
                                                                  "required": "请选择送达方式。"})


class ConsultationForm(PaperLetterFields, StepForm):
    party = forms.ChoiceField(label="征求意见对象", choices=ConsultationParty.choices)
    name = forms.CharField(label="第三方或机关名称", max_length=100)
    via = via_field("征求意见书的送达方式")


class DeliveryForm(StepForm):
    """征求意见书 or 收费通知 received by its addressee: the date is the day of receipt."""

    date = forms.DateField(label="对方收到日期", widget=DATE_WIDGET,
                           help_text="以送达回证、签收记录、邮件回执等为准。")
    letter = forms.ChoiceField(label="文书", choices=list(DELIVERED_LETTERS.items()))
    via = via_field(required=True, help_text="")
    party = forms.ChoiceField(label="征求意见对象（同时征求第三方和其他机关意见时选择）",
                              choices=[("", "—")] + list(ConsultationParty.choices), required=False)


class EndConsultationForm(StepForm):
    party = forms.ChoiceField(label="结束哪一项", choices=ConsultationParty.choices, required=False)
    opinion = forms.ChoiceField(label="意见", choices=[("", "—")] + list(OPINIONS.items()), required=False)


class ExtensionForm(StepForm):
    working_days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=MAX_EXTENSION_WORKING_DAYS,
                                      initial=MAX_EXTENSION_WORKING_DAYS,
                                      error_messages={"min_value": actions.EXTENSION_DAYS_MESSAGE,
                                                      "max_value": actions.EXTENSION_DAYS_MESSAGE,
                                                      "invalid": actions.EXTENSION_DAYS_MESSAGE})
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


BACKDATE_HELP = "日期早于今天时必填：说明为什么现在才登记（如负责人当日已在纸质审批单上签字）。办理记录会标明补录。"


class ApprovalForm(PaperLetterFields, ExtensionForm):
    backdate_reason = forms.CharField(label="补录理由", required=False, help_text=BACKDATE_HELP)


class RefuseExtensionForm(StepForm):
    reason = forms.CharField(label="不批准的理由", widget=forms.Textarea(attrs={"rows": 2}))
    backdate_reason = forms.CharField(label="补录理由", required=False, help_text=BACKDATE_HELP)


class FeeForm(PaperLetterFields, StepForm):
    method = forms.ChoiceField(label="收费方式", choices=FeeMethod.choices)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)
    via = via_field("收费通知的送达方式")


class DelayedReplyForm(PaperLetterFields, StepForm):
    reply_by = forms.DateField(label="答复日期", widget=DATE_WIDGET)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(PaperLetterFields, StepForm):
    outcome = forms.ChoiceField(label="办理结果", choices=[(k, o.full_label) for k, o in OUTCOMES.items()])
    reason = forms.CharField(label="理由（查找、审查情况）", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    basis = forms.CharField(label="法律依据", required=False, help_text="留空时使用该结果的通常依据。")
    released = forms.CharField(label="提供的信息（每行一项）", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    where = forms.CharField(label="获取方式、途径（已主动公开的写明网站栏目、网址）", required=False)
    withheld = forms.CharField(
        label="不予公开的部分（部分公开；每行“部分｜理由｜依据”）", widget=forms.Textarea(attrs={"rows": 3}),
        required=False)
    referral_agency = forms.CharField(label="负责公开的机关名称（不属于本机关负责公开时）", required=False)
    referral_contact = forms.CharField(label="该机关联系方式", required=False)
    earlier_reply = forms.CharField(label="前次答复（日期、文号；重复申请时）", required=False)

    def clean_released(self):
        return [line.strip() for line in self.cleaned_data["released"].splitlines() if line.strip()]

    def clean_withheld(self):
        parts = []
        for line in self.cleaned_data["withheld"].splitlines():
            if not line.strip():
                continue
            cells = [c.strip() for c in re.split(r"[|｜]", line)]
            cells += [""] * (3 - len(cells))
            parts.append({"part": cells[0], "reason": cells[1], "basis": cells[2]})
        return parts


class ReasonForm(StepForm):
    reason = forms.CharField(label="理由或依据", widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(PaperLetterFields, StepForm):
    reason = forms.CharField(label="说明", required=False)


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label="经办人", queryset=User.objects.none())
    reason = forms.CharField(label="接手理由", required=False, max_length=500,
                             help_text="接手同事正在办理的申请时必填（负责人指定时可不填），记入办理记录。")

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["officer"].queryset = User.objects.filter(
                memberships__agency=agency, memberships__is_active=True,
                memberships__role__in=CASE_ROLES).distinct().order_by("username")


class ReleaseUploadForm(forms.Form):
    title = forms.CharField(label="文件标题", max_length=200)
    file = forms.FileField(label="文件（.txt、.docx 或文字版 .pdf）",
                           help_text="需要遮盖的，系统筛查后在下一页确认；无需遮盖的，下一页可按原件提供（扫描版 PDF 只能按原件提供）。")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".txt", ".docx", ".pdf")):
            raise forms.ValidationError("只接受 .txt、.docx 或文字版 .pdf 文件。")
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过20MB。")
        from gongkai.portal import uploads

        try:
            uploads.check_upload(f)  # programs, PDFs with scripts, zip bombs
        except uploads.UnsafeUpload as e:
            raise forms.ValidationError(str(e)) from None
        return f
