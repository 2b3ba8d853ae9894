"""Demo cases of 互助县自然资源局: table 四 of 2024 exactly as in the example report
(复议 维持 9、其他结果 1；未经复议直接起诉 尚未审结 1；复议后起诉 维持 1)."""

from __future__ import annotations

from datetime import date

from gongkai.accounts.models import Agency, User
from gongkai.disclosure.models import Application

from . import actions
from .models import Appeal, Kind, Result

RECONSIDERATIONS = [
    # filed, concluded, result, appellant
    (date(2024, 2, 19), date(2024, 4, 12), Result.UPHELD, "王某"),
    (date(2024, 3, 11), date(2024, 5, 8), Result.UPHELD, "李某"),
    (date(2024, 4, 2), date(2024, 5, 30), Result.UPHELD, "祁某"),
    (date(2024, 5, 20), date(2024, 7, 15), Result.UPHELD, "张某"),
    (date(2024, 6, 13), date(2024, 8, 9), Result.UPHELD, "马某"),
    (date(2024, 7, 22), date(2024, 9, 13), Result.UPHELD, "赵某"),
    (date(2024, 8, 26), date(2024, 10, 25), Result.UPHELD, "刘某"),
    (date(2024, 9, 9), date(2024, 11, 1), Result.UPHELD, "陈某"),
    (date(2024, 10, 14), date(2024, 12, 6), Result.UPHELD, "杨某"),
    (date(2024, 11, 4), date(2024, 12, 20), Result.OTHER, "互助县某农业开发有限公司"),
]


def load() -> None:
    agency = Agency.objects.filter(code="huzhu-zrj").first()
    if agency is None or Appeal.objects.filter(agency=agency).exists():
        return
    actor = User.objects.get(username="zrj_officer")
    refused = list(Application.objects.filter(agency=agency, decided_on__year=2024,
                                              outcome__startswith="denied_").order_by("decided_on"))
    recons = []
    for i, (filed, concluded, result, who) in enumerate(RECONSIDERATIONS, start=1):
        linked = [a for a in refused if a.decided_on < filed][-1:]
        a = actions.record_appeal(agency=agency, kind=Kind.RECONSIDERATION, appellant=who, body="互助县人民政府",
                                  filed_on=filed, case_number=f"互政复〔2024〕{i}号", applications=linked,
                                  summary="不服本机关政府信息公开申请答复，请求撤销并责令重新答复。", actor=actor)
        actions.conclude_appeal(appeal=a, result=result, concluded_on=concluded, actor=actor,
                                conclusion="维持原答复。" if result == Result.UPHELD else "申请人撤回复议申请，终止审理。")
        recons.append(a)
    direct = actions.record_appeal(
        agency=agency, kind=Kind.LITIGATION_DIRECT, appellant="互助县某建材有限公司", body="互助县人民法院",
        filed_on=date(2024, 12, 2), case_number="（2024）青0223行初15号",
        summary="请求确认本机关未在法定期限内答复违法。", actor=actor)
    actions.conclude_appeal(appeal=direct, result=Result.UPHELD, concluded_on=date(2025, 3, 18), actor=actor,
                            conclusion="驳回原告诉讼请求。")  # pending as at 2024-12-31
    after = actions.record_appeal(
        agency=agency, kind=Kind.LITIGATION_AFTER, appellant=recons[0].appellant, body="互助县人民法院",
        filed_on=date(2024, 5, 6), case_number="（2024）青0223行初6号", reconsideration=recons[0],
        applications=list(recons[0].applications.all()), summary="不服复议决定，请求撤销答复。", actor=actor)
    actions.conclude_appeal(appeal=after, result=Result.UPHELD, concluded_on=date(2024, 9, 20), actor=actor,
                            conclusion="驳回原告诉讼请求。")
