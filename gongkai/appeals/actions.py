"""State changes of the appeals ledger. Each is one function, atomic, with an event row; each
checks its actor (``permissions.can_record``) and refuses with the shared errors (``accounts.errors``).
``today`` is injectable (default: the local date), as the other apps' ``on``."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.errors import ActionError, InvalidInput, NotAllowedNow, NotPermitted
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import require

from .models import Appeal, AppealEvent, Kind, Result
from .permissions import can_record

__all__ = ["ActionError"]  # views catch the shared base


def _iso(d):
    return d.isoformat() if d else None


@transaction.atomic
def record_appeal(*, agency: Agency, kind: str, appellant: str, body: str, filed_on: date,
                  case_number: str = "", summary: str = "", applications=(), reconsideration: Appeal | None = None,
                  actor, today: date | None = None) -> Appeal:
    require(can_record(actor, agency), "您不能为该机关登记复议诉讼案件。")
    if kind not in Kind.values:
        raise InvalidInput(f"未知的案件类型：{kind}")
    if filed_on > (today or timezone.localdate()):
        raise InvalidInput("申请/立案日期不能晚于今天。")
    applications = list(applications)
    if any(a.agency_id != agency.pk for a in applications):
        raise InvalidInput("所涉申请必须是本机关办理的申请。")
    if reconsideration is not None:
        if kind != Kind.LITIGATION_AFTER:
            raise InvalidInput("只有“复议后起诉”的案件才能关联此前的行政复议。")
        if reconsideration.agency_id != agency.pk or reconsideration.kind != Kind.RECONSIDERATION:
            raise InvalidInput("关联的案件必须是本机关的行政复议案件。")
        if reconsideration.filed_on > filed_on:
            raise InvalidInput("起诉日期不能早于此前行政复议的申请日期。")
    appeal = Appeal.objects.create(agency=agency, kind=kind, appellant=appellant.strip(), body=body.strip(),
                                   filed_on=filed_on, case_number=case_number.strip(), summary=summary,
                                   reconsideration=reconsideration, created_by=actor)
    if applications:
        appeal.applications.set(applications)
    AppealEvent.objects.create(appeal=appeal, type=AppealEvent.Type.RECORDED, actor=actor,
                               data={"kind": kind, "filed_on": _iso(filed_on), "case_number": case_number,
                                     "applications": [a.number for a in applications]})
    return appeal


@transaction.atomic
def conclude_appeal(*, appeal: Appeal, result: str, concluded_on: date, conclusion: str = "",
                    reopen_applications: bool = True, actor, today: date | None = None) -> Appeal:
    """Record the result. A 纠正 result reopens the applications it concerns with a new clock."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    require(can_record(actor, appeal.agency), "您不能记录该机关的复议诉讼案件。")
    if result not in (Result.UPHELD, Result.CORRECTED, Result.OTHER):
        raise InvalidInput("审结结果只能是维持、纠正或其他结果。")
    if appeal.result != Result.PENDING:
        raise NotAllowedNow("该案件已经审结；如需更正，请先撤销审结。")
    if concluded_on < appeal.filed_on:
        raise InvalidInput("审结日期不能早于申请/立案日期。")
    if concluded_on > (today or timezone.localdate()):
        raise InvalidInput("审结日期不能晚于今天。")
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
                    # the same kind of refusal (NotPermitted stays 403 in the API), a message naming the case
                    refusal = next((c for c in (NotPermitted, InvalidInput) if isinstance(e, c)), NotAllowedNow)
                    raise refusal(f"不能重新办理申请 {application.number}：{e.message}"
                                  "可由该机关的经办人或负责人记录审结结果，或不勾选“重新办理所涉申请”。") from None
                reopened.append(application.number)
    AppealEvent.objects.create(appeal=appeal, type=AppealEvent.Type.CONCLUDED, actor=actor,
                               data={"result": result, "concluded_on": _iso(concluded_on), "reopened": reopened})
    return appeal


@transaction.atomic
def undo_conclusion(*, appeal: Appeal, reason: str, actor) -> Appeal:
    """Correct a mistaken entry: the case is pending again (reopened applications stay reopened)."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    require(can_record(actor, appeal.agency), "您不能记录该机关的复议诉讼案件。")
    if appeal.result == Result.PENDING:
        raise NotAllowedNow("该案件尚未审结。")
    if not reason.strip():
        raise InvalidInput("请说明撤销审结的理由。")
    previous = {"result": appeal.result, "concluded_on": _iso(appeal.concluded_on)}
    appeal.result, appeal.concluded_on = Result.PENDING, None
    appeal.save(update_fields=["result", "concluded_on"])
    AppealEvent.objects.create(appeal=appeal, type=AppealEvent.Type.CONCLUSION_UNDONE, actor=actor,
                               data={"previous": previous, "reason": reason})
    return appeal
