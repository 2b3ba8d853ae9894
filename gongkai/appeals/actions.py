"""State changes of the appeals ledger. Each is one function, atomic, with an event row."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.accounts.models import Agency

from .models import Appeal, AppealEvent, Kind, Result


class AppealError(Exception):
    """A step that is not allowed; the message is Chinese and shown to the user."""


def _iso(d):
    return d.isoformat() if d else None


@transaction.atomic
def record_appeal(*, agency: Agency, kind: str, appellant: str, body: str, filed_on: date,
                  case_number: str = "", summary: str = "", applications=(), reconsideration: Appeal | None = None,
                  actor) -> Appeal:
    if kind not in Kind.values:
        raise AppealError(f"未知的案件类型：{kind}")
    if filed_on > date.today():
        raise AppealError("申请/立案日期不能晚于今天。")
    applications = list(applications)
    if any(a.agency_id != agency.pk for a in applications):
        raise AppealError("所涉申请必须是本机关办理的申请。")
    if reconsideration is not None:
        if kind != Kind.LITIGATION_AFTER:
            raise AppealError("只有“复议后起诉”的案件才能关联此前的行政复议。")
        if reconsideration.agency_id != agency.pk or reconsideration.kind != Kind.RECONSIDERATION:
            raise AppealError("关联的案件必须是本机关的行政复议案件。")
        if reconsideration.filed_on > filed_on:
            raise AppealError("起诉日期不能早于此前行政复议的申请日期。")
    appeal = Appeal.objects.create(agency=agency, kind=kind, appellant=appellant.strip(), body=body.strip(),
                                   filed_on=filed_on, case_number=case_number.strip(), summary=summary,
                                   reconsideration=reconsideration, created_by=actor)
    if applications:
        appeal.applications.set(applications)
    AppealEvent.objects.create(appeal=appeal, type="recorded", actor=actor,
                               data={"kind": kind, "filed_on": _iso(filed_on), "case_number": case_number,
                                     "applications": [a.number for a in applications]})
    return appeal


@transaction.atomic
def conclude_appeal(*, appeal: Appeal, result: str, concluded_on: date, conclusion: str = "",
                    reopen_applications: bool = True, actor) -> Appeal:
    """Record the result. A 纠正 result reopens the applications it concerns with a new clock."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if result not in (Result.UPHELD, Result.CORRECTED, Result.OTHER):
        raise AppealError("审结结果只能是维持、纠正或其他结果。")
    if appeal.result != Result.PENDING:
        raise AppealError("该案件已经审结；如需更正，请先撤销审结。")
    if concluded_on < appeal.filed_on:
        raise AppealError("审结日期不能早于申请/立案日期。")
    if concluded_on > date.today():
        raise AppealError("审结日期不能晚于今天。")
    appeal.result, appeal.concluded_on, appeal.conclusion = result, concluded_on, conclusion
    appeal.save(update_fields=["result", "concluded_on", "conclusion"])
    reopened = []
    if result == Result.CORRECTED and reopen_applications:
        from gongkai.disclosure import actions as disclosure_actions

        for application in appeal.applications.all():
            if application.is_closed:
                try:
                    disclosure_actions.reopen(
                        application, on=concluded_on, actor=actor,
                        reason=f"{appeal.get_kind_display()}结果纠正（{appeal.case_number or appeal.body}），重新办理。")
                except disclosure_actions.ActionError as e:  # e.g. the disclosure office may not reopen cases
                    raise AppealError(f"不能重新办理申请 {application.number}：{e.message}"
                                      "可由该机关的经办人或负责人记录审结结果，或不勾选“重新办理所涉申请”。") from None
                reopened.append(application.number)
    AppealEvent.objects.create(appeal=appeal, type="concluded", actor=actor,
                               data={"result": result, "concluded_on": _iso(concluded_on), "reopened": reopened})
    return appeal


@transaction.atomic
def undo_conclusion(*, appeal: Appeal, reason: str, actor) -> Appeal:
    """Correct a mistaken entry: the case is pending again (reopened applications stay reopened)."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.result == Result.PENDING:
        raise AppealError("该案件尚未审结。")
    if not reason.strip():
        raise AppealError("请说明撤销审结的理由。")
    previous = {"result": appeal.result, "concluded_on": _iso(appeal.concluded_on)}
    appeal.result, appeal.concluded_on = Result.PENDING, None
    appeal.save(update_fields=["result", "concluded_on"])
    AppealEvent.objects.create(appeal=appeal, type="conclusion_undone", actor=actor,
                               data={"previous": previous, "reason": reason})
    return appeal
