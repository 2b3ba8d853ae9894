"""One entry point for taking a step by name — used by the staff pages and the staff API, so both
validate the same way (the step's form) and call the same action."""

from __future__ import annotations

from . import actions, forms
from .models import Application, Status

#: step → (form, action, the form fields passed on besides the date)
STEPS = {
    "confirm_receipt": (forms.LetterStepForm, actions.confirm_receipt, ()),
    "request_correction": (forms.CorrectionForm, actions.request_correction, ("items", "deadline")),
    "receive_correction": (forms.ReceiveCorrectionForm, actions.receive_correction, ("content", "scan")),
    "correction_lapsed": (forms.LetterStepForm, actions.correction_lapsed, ()),
    "start_consultation": (forms.ConsultationForm, actions.start_consultation, ("party", "name", "via")),
    "record_delivery": (forms.DeliveryForm, actions.record_delivery, ("letter", "via", "party")),
    "end_consultation": (forms.EndConsultationForm, actions.end_consultation, ("party", "opinion")),
    "request_extension": (forms.ExtensionForm, actions.request_extension, ("working_days", "reason")),
    "extend": (forms.ApprovalForm, actions.extend, ("working_days", "reason", "backdate_reason")),
    "refuse_extension": (forms.RefuseExtensionForm, actions.refuse_extension, ("reason", "backdate_reason")),
    "fee_notice": (forms.FeeForm, actions.fee_notice, ("method", "pages", "via")),
    "fee_paid": (forms.StepForm, actions.fee_paid, ()),
    "fee_lapsed": (forms.LetterStepForm, actions.fee_lapsed, ()),
    "set_delayed_reply_date": (forms.DelayedReplyForm, actions.set_delayed_reply_date, ("reply_by", "reason")),
    "decide": (forms.DecisionForm, actions.decide, ("outcome", "reason", "basis", "released", "where", "withheld",
                                                    "referral_agency", "referral_contact", "earlier_reply")),
    "withdraw": (forms.WithdrawForm, actions.withdraw, ("reason",)),
    "reopen": (forms.ReasonForm, actions.reopen, ("reason",)),
    "record_provision": (forms.ProvisionForm, actions.record_provision, ("provided_by", "tracking_number", "note")),
}

#: the steps the case page offers in each status, read from the actions' table ``ALLOWED_IN``
BY_STATUS = {status: tuple(step for step, allowed in actions.ALLOWED_IN.items() if step in STEPS and status in allowed)
             for status in Status.values}


def errors_of(form) -> dict[str, str]:
    return {field: str(errs[0]) for field, errs in form.errors.items()}


def form_data_from_json(step: str, payload: dict) -> dict:
    """JSON values → the strings the step's form expects (lists for 提供的信息 / 不予公开的部分)."""
    data = {}
    for key, value in payload.items():
        if value is None:
            continue
        if key == "released" and isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        elif key == "withheld" and isinstance(value, list):
            value = "\n".join("｜".join(str(w.get(k, "")) for k in ("part", "reason", "basis"))
                              if isinstance(w, dict) else str(w) for w in value)
        data[key] = value
    return data


def run(application: Application, *, actor, step: str, data, files=None) -> Application:
    """Validate ``data`` (and ``files``: a scan) with the step's form and call its action. Raises
    ``InvalidInput`` (per-field Chinese messages), ``NotAllowedNow`` or ``NotPermitted``."""
    if step not in STEPS:
        raise actions.InvalidInput({"type": f"未知的办理步骤：{step}（可选：{'、'.join(STEPS)}）"})
    form_class, action, names = STEPS[step]
    form = form_class(data, files)
    if not form.is_valid():
        raise actions.InvalidInput(errors_of(form))
    kwargs = {name: form.cleaned_data.get(name) for name in names}
    if step in ("end_consultation", "record_delivery"):
        kwargs["party"] = kwargs["party"] or None
    if step == "end_consultation":
        kwargs["opinion"] = kwargs["opinion"] or ""
    if step in ("start_consultation", "fee_notice") and not kwargs["via"]:
        del kwargs["via"]  # not given: the action's default
    if "scan" in kwargs:
        scan = kwargs.pop("scan")
        kwargs["scans"] = [scan] if scan else None
    if issubclass(form_class, forms.PaperLetterFields):
        kwargs["paper_letter"] = actions.paper_letter(sent_on=form.cleaned_data.get("letter_sent_on"),
                                                      reason=form.cleaned_data.get("letter_reason") or "",
                                                      scan=form.cleaned_data.get("letter_scan"))
    for name in ("backdate_reason", "reason", "basis", "where", "referral_agency", "referral_contact", "earlier_reply", "content",
                 "tracking_number", "note"):
        if name in kwargs and kwargs[name] is None:
            kwargs[name] = ""
    return action(application, actor=actor, on=form.cleaned_data["date"], **kwargs)
