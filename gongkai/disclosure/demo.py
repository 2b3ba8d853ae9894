"""Demo: 依申请公开 cases of 互助县自然资源局 (huzhu-zrj), built through the real actions so every
history, due date and letter is what the platform itself would have produced.

* 2023 → 2024: applications received late in 2023 and answered in January 2024;
* 2024: about 40 applications — every channel, every applicant type, every outcome group; some
  corrected, extended, consulted, charged, one reopened after 复议;
* 2024 → 2025: received in late December 2024, answered in January 2025;
* 2026: about 10 open applications in every state (to try the work lists and the steps).

Idempotent: does nothing when the agency already has applications. Every letter is the real one,
composed from the agency's template and rendered as DOCX and PDF (about half a second each).
"""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.models import Agency, User

from . import actions
from .models import Application

AGENCY = "huzhu-zrj"

D = date


def _id_number(birth: str, seq: int, female: bool = False) -> str:
    from gongkai.rules.personal_data import id_check_character

    order = seq * 2 + (0 if female else 1)
    body = f"630223{birth}{order:03d}"
    return body + id_check_character(body)


def _credit(body: str) -> str:
    from stdnum.cn import uscc

    full = "91" + "630223" + body
    return full + uscc.calc_check_digit(full)


PEOPLE = {
    "natural_person": [("祁生财", "19680412"), ("李秀英", "19750923"), ("马建国", "19820117"), ("韩德明", "19590830"),
                       ("星玉兰", "19901205"), ("张有福", "19720316"), ("吕占海", "19850709"), ("朱国庆", "19661001")],
    "commercial_enterprise": [("互助县兴农农业开发有限公司", "MA7XKB3U"), ("青海威远建筑工程有限公司", "MA75LDX4"),
                              ("互助土族自治县金源矿业有限公司", "MA7B0G2K")],
    "research_institution": [("青海省国土空间规划研究院", "MB1C7728"), ("青海大学地理科学学院", "MB1D0563")],
    "social_welfare_org": [("互助县乡村振兴促进会", "MJ0Y4321"), ("海东市环境保护志愿者协会", "MJ0Y8856")],
    "legal_service_org": [("青海威远律师事务所", "MD0Q2231"), ("互助县法律援助中心", "MD0Q7702")],
    "other_org": [("威远镇西街村村民委员会", "MJ0W1105"), ("互助县五十镇业主委员会", "MJ0W3308")],
}

CONTENTS = [
    "本人位于威远镇西街村的宅基地审批表及审批结果（2019年申请）",
    "2023年互助县土地征收成片开发方案及征收补偿安置方案",
    "威远镇小寨村集体土地征收补偿标准及补偿款发放明细（本户部分）",
    "互助县国土空间总体规划（2021—2035年）批复文件及图件",
    "本人名下不动产（房屋）登记簿记载的权利人、面积等登记信息",
    "2022年以来我县采矿权出让公告、出让合同及出让收益缴纳情况",
    "丹麻镇东丹麻村土地整治项目的立项批复、验收报告",
    "2023年度耕地占补平衡指标交易情况",
    "高寨镇某砂石料场违法占地的行政处罚决定书",
    "我村被纳入城镇开发边界的依据和范围图",
    "2024年度国有建设用地供应计划及执行情况",
    "互助县林地保护利用规划中涉及我公司承包林地的部分",
    "互助县地质灾害隐患点名录及防治方案",
    "威远镇城区控制性详细规划调整的论证报告和批复",
    "我单位申请的建设用地规划许可证审批过程中的会议纪要",
    "2023年卫片执法检查发现问题图斑的整改台账",
    "自然资源局2023年度部门决算及“三公”经费",
    "本人反映邻居违建问题的处理结果（信访事项）",
    "《青海省志·国土资源志》全文",
    "请确认我家宅基地使用权证上的面积是否正确并重新出具证明",
    "五十镇班彦村易地扶贫搬迁安置点用地审批文件",
    "全县永久基本农田划定成果及调整情况",
    "2021年至2023年全部土地出让合同（共约300份）的扫描件",
    "我公司采矿权延续登记材料的审查意见",
]

#: (received, channel, type index, applicant index, content index, script)
CASES_2024 = [
    (D(2024, 1, 8), "in_person", "natural_person", 0, 0, ("granted",)),
    (D(2024, 1, 15), "online", "natural_person", 1, 1, ("granted_where",)),
    (D(2024, 1, 22), "post", "commercial_enterprise", 0, 5, ("partial",)),
    (D(2024, 2, 1), "ordinary_mail", "natural_person", 2, 2, ("corrected", "granted")),
    (D(2024, 2, 26), "fax", "research_institution", 0, 3, ("granted_where",)),
    (D(2024, 3, 4), "online", "legal_service_org", 0, 8, ("denied_enforcement_file",)),
    (D(2024, 3, 11), "in_person", "natural_person", 3, 4, ("denied_administrative_query",)),
    (D(2024, 3, 18), "online", "commercial_enterprise", 1, 14, ("denied_process_info",)),
    (D(2024, 3, 25), "post", "social_welfare_org", 0, 6, ("extended", "granted")),
    (D(2024, 4, 8), "online", "natural_person", 4, 9, ("consulted", "granted")),
    (D(2024, 4, 15), "online", "commercial_enterprise", 2, 11, ("consulted", "denied_third_party_rights")),
    (D(2024, 4, 22), "in_person", "natural_person", 5, 17, ("rejected_petition",)),
    (D(2024, 5, 6), "online", "research_institution", 1, 18, ("rejected_publication",)),
    (D(2024, 5, 13), "ordinary_mail", "natural_person", 6, 19, ("rejected_confirm_or_reissue",)),
    (D(2024, 5, 20), "online", "other_org", 0, 10, ("granted_where",)),
    (D(2024, 5, 27), "fax", "natural_person", 7, 15, ("unavailable_not_held",)),
    (D(2024, 6, 3), "online", "legal_service_org", 1, 7, ("unavailable_needs_creation",)),
    (D(2024, 6, 11), "in_person", "natural_person", 0, 20, ("corrected", "unavailable_unclear")),
    (D(2024, 6, 17), "online", "natural_person", 1, 21, ("no_correction",)),
    (D(2024, 6, 24), "online", "commercial_enterprise", 0, 22, ("charged", "granted")),
    (D(2024, 7, 1), "online", "commercial_enterprise", 1, 22, ("fee_unpaid",)),
    (D(2024, 7, 8), "post", "natural_person", 2, 2, ("rejected_duplicate",)),
    (D(2024, 7, 15), "online", "social_welfare_org", 1, 12, ("granted",)),
    (D(2024, 7, 22), "in_person", "natural_person", 3, 0, ("withdrawn",)),
    (D(2024, 8, 5), "online", "other_org", 1, 13, ("extended", "partial")),
    (D(2024, 8, 12), "online", "natural_person", 4, 16, ("denied_internal_affairs",)),
    (D(2024, 8, 19), "online", "research_institution", 0, 23, ("consulted_agency", "granted")),
    (D(2024, 8, 26), "fax", "commercial_enterprise", 2, 23, ("denied_prohibited_by_law",)),
    (D(2024, 9, 2), "online", "natural_person", 5, 3, ("granted_where",)),
    (D(2024, 9, 9), "online", "natural_person", 6, 1, ("denied_state_secret",)),
    (D(2024, 9, 23), "ordinary_mail", "natural_person", 7, 9, ("denied_security_stability",)),
    (D(2024, 10, 8), "online", "legal_service_org", 0, 2, ("reopened",)),
    (D(2024, 10, 14), "online", "natural_person", 0, 6, ("delayed", "rejected_mass_repeated")),
    (D(2024, 10, 21), "in_person", "natural_person", 1, 10, ("granted",)),
    (D(2024, 10, 28), "online", "commercial_enterprise", 0, 21, ("corrected", "extended", "granted")),
    (D(2024, 11, 4), "post", "other_org", 0, 14, ("denied_process_info",)),
    (D(2024, 11, 11), "online", "natural_person", 2, 4, ("granted",)),
    (D(2024, 11, 18), "online", "social_welfare_org", 0, 5, ("unavailable_not_held",)),
    (D(2024, 11, 25), "fax", "research_institution", 1, 11, ("granted_where",)),
    (D(2024, 12, 2), "online", "natural_person", 3, 7, ("partial",)),
]

CASES_2023 = [  # carried into 2024
    (D(2023, 12, 20), "in_person", "natural_person", 4, 0, ("granted",)),
    (D(2023, 12, 22), "online", "commercial_enterprise", 1, 5, ("extended", "granted")),
    (D(2023, 12, 27), "post", "natural_person", 5, 15, ("unavailable_not_held",)),
]

CASES_2024_INTO_2025 = [
    (D(2024, 12, 16), "online", "natural_person", 6, 3, ("granted",)),
    (D(2024, 12, 20), "in_person", "other_org", 1, 6, ("consulted", "granted")),
    (D(2024, 12, 27), "online", "legal_service_org", 1, 8, ("denied_enforcement_file",)),
]

CASES_2026_OPEN = [  # left open at each stage
    (D(2026, 10, 12), "in_person", "natural_person", 0, 0, ("extension_requested",)),
    (D(2026, 10, 19), "online", "natural_person", 1, 4, ()),
    (D(2026, 10, 26), "post", "commercial_enterprise", 0, 1, ("consult_open",)),
    (D(2026, 11, 2), "online", "natural_person", 2, 13, ("correction_open",)),
    (D(2026, 11, 3), "online", "commercial_enterprise", 1, 22, ("fee_open",)),
    (D(2026, 11, 9), "fax", "research_institution", 0, 3, ()),
    (D(2026, 11, 16), "ordinary_mail", "social_welfare_org", 1, 12, ()),
    (D(2026, 11, 20), "in_person", "natural_person", 3, 17, ()),
    (D(2026, 9, 14), "online", "legal_service_org", 0, 7, ()),  # overdue
    (D(2026, 11, 24), "online", "natural_person", 4, 9, ("unconfirmed",)),
]

REASONS = {
    "denied_enforcement_file": "所申请信息系本机关行政执法案卷材料。您作为案件当事人，可依照《自然资源行政处罚办法》的规定申请查阅案卷。",
    "denied_administrative_query": "所申请的不动产登记信息属于不动产登记资料，应依照《不动产登记资料查询暂行办法》到县不动产登记中心查询。",
    "denied_process_info": "所申请的会议纪要系本机关内部研究讨论形成的过程性信息，不对外产生直接约束力。",
    "denied_third_party_rights": "该信息含有第三方的商业秘密，经书面征求第三方意见，第三方不同意公开并说明了合理理由。",
    "rejected_petition": "您的申请实为反映邻里违法建设问题，属于投诉举报，请通过县12345热线或信访渠道反映。",
    "rejected_publication": "所申请的《青海省志·国土资源志》系公开出版物，可通过县图书馆借阅或书店购买。",
    "rejected_confirm_or_reissue": "您要求确认并重新出具已取得的宅基地使用权证明，不属于政府信息公开申请的处理范围，请向不动产登记中心申请更正登记。",
    "unavailable_not_held": "经在本机关档案室、业务科室及不动产登记系统中以项目名称、地块编号检索，未找到所申请的信息。",
    "unavailable_needs_creation": "您申请的统计数据需要对多个年度的原始资料进行汇总、加工，本机关没有现成信息。",
    "unavailable_unclear": "经告知补正，补正后的申请仍未写明所需信息涉及的地块或项目，无法确定所需信息。",
    "rejected_duplicate": "本机关已于2024年3月就您相同的申请作出答复，不再重复处理。",
    "denied_internal_affairs": "所申请的信息属于本机关人事管理方面的内部事务信息。",
    "denied_prohibited_by_law": "所申请的矿产资源储量数据属于《中华人民共和国保守国家秘密法》及有关规定禁止公开的信息。",
    "denied_state_secret": "所申请的测绘成果经保密工作机构确定为秘密级国家秘密，保密期限尚未届满。",
    "denied_security_stability": "所申请信息涉及重要基础设施的精确位置，经主管部门审查，公开后可能危及公共安全。",
    "rejected_mass_repeated": "您本月已提出同类申请40余件，经要求说明理由，所述理由不合理。",
}


def _fields(kind: str, idx: int, content_idx: int) -> dict:
    name, key = PEOPLE[kind][idx % len(PEOPLE[kind])]
    if kind == "natural_person":
        return {"applicant_type": kind, "name": name, "id_type": "resident_id",
                "id_number": _id_number(key, idx + 11, female=name in ("李秀英", "星玉兰")),
                "phone": f"1389720{idx:04d}", "email": f"applicant{idx}@example.cn",
                "address": "青海省海东市互助土族自治县威远镇", "postcode": "810500",
                "content": CONTENTS[content_idx % len(CONTENTS)], "form": ["paper", "email", "download"][idx % 3],
                "delivery": ["post", "email", "online"][idx % 3]}
    return {"applicant_type": kind, "name": name, "contact_name": "王经理", "id_type": "credit_code",
            "id_number": _credit(key), "phone": f"0972-83{idx:05d}", "email": f"org{idx}@example.cn",
            "address": "青海省海东市互助土族自治县威远镇", "content": CONTENTS[content_idx % len(CONTENTS)],
            "form": "email", "delivery": "email"}


class _Runner:
    def __init__(self, agency: Agency, officer, officer2, head):
        self.agency, self.officer, self.officer2, self.head = agency, officer, officer2, head
        self.cal = current_calendar()
        self.last_granted: Application | None = None

    def wd(self, d: date, n: int) -> date:
        return self.cal.add_workdays(d, n)

    def run(self, received: date, channel: str, kind: str, idx: int, content: int, script, n: int):
        officer = self.officer if n % 3 else self.officer2
        fields = _fields(kind, idx, content)
        unconfirmed = "unconfirmed" in script
        submitted = received - timedelta(days=2) if channel in ("online", "ordinary_mail", "fax") else received
        app = actions.register_application(agency=self.agency, fields=fields, channel=channel,
                                           received_on=None if unconfirmed else received,
                                           submitted_on=submitted, actor=officer).application
        actions.assign_officer(app, actor=self.head, officer=officer)
        if unconfirmed:
            return app
        day = received
        for step in script:
            app, day = self.step(app, step, day, officer)
        return app

    def decide(self, app, on, officer, outcome, **kw):
        if outcome == "granted":
            kw.setdefault("released", [f"《{app.content[:24]}》相关文件"])
        elif outcome != "partially_granted":
            kw.setdefault("reason", REASONS.get(outcome, "经审查，依法作出答复。"))
        return actions.decide(app, actor=officer, on=on, outcome=outcome, **kw)

    def step(self, app, step, day, officer):
        o = officer
        if step == "granted":
            on = self.wd(app.clock_started_on or day, 12 if day == app.received_on else 6)
            on = max(on, self.wd(day, 2))
            return self.decide(app, on, o, "granted"), on
        if step == "granted_where":
            on = self.wd(day, 5)
            return self.decide(app, on, o, "granted", released=[],
                               where="互助县人民政府网站“政府信息公开—法定主动公开内容—自然资源”栏目"), on
        if step == "partial":
            on = self.wd(day, 15)
            return self.decide(app, on, o, "partially_granted", released=["出让合同（已删除个人信息）"],
                               reason="所申请信息中含有自然人的身份证号码、银行账号等个人信息，已作区分处理。",
                               withheld=[{"part": "受让人身份证号码、银行账号", "reason": "属于个人隐私",
                                          "basis": "条例第十五条、第三十七条"}]), on
        if step == "corrected":
            req = self.wd(day, 3)
            app = actions.request_correction(app, actor=o, on=req, items="请写明所需信息涉及的地块位置或项目名称、形成时间。",
                                             deadline=req + timedelta(days=15))
            back = self.wd(req, 5)
            return actions.receive_correction(app, actor=o, on=back), back
        if step == "no_correction":
            req = self.wd(day, 4)
            app = actions.request_correction(app, actor=o, on=req, items="请写明需要的具体文件名称或文号。",
                                             deadline=req + timedelta(days=10))
            on = self.wd(req + timedelta(days=10), 1)
            return actions.correction_lapsed(app, actor=o, on=on), on
        if step in ("extended", "extension_requested"):
            req = self.wd(day, 16)
            with actions.simulated_today(req):  # the officer asked that day
                app = actions.request_extension(app, actor=o, on=req, working_days=20,
                                                reason="申请涉及多个年度的档案，需要调阅、核对")
            if step == "extension_requested":
                return app, req
            on = self.wd(req, 1)
            with actions.simulated_today(on):  # the head approved it that day
                return actions.extend(app, actor=self.head, on=on, working_days=20,
                                      reason="申请涉及多个年度的档案，需要调阅、核对"), on
        if step in ("consulted", "consulted_agency", "consult_open"):
            start = self.wd(day, 4)
            party = "agency" if step == "consulted_agency" else "third_party"
            name = "互助县林业和草原局" if party == "agency" else "互助县兴农农业开发有限公司"
            app = actions.start_consultation(app, actor=o, on=start, party=party, name=name)
            if step == "consult_open":
                return app, start
            end = self.wd(start, 9)
            opinion = "objected" if step == "consulted" and app.applicant_type == "commercial_enterprise" else "agreed"
            return actions.end_consultation(app, actor=o, on=end, opinion=opinion), end
        if step in ("charged", "fee_unpaid", "fee_open"):
            on = self.wd(day, 6)
            app = actions.fee_notice(app, actor=o, on=on, method="per_volume", pages=120)
            if step == "fee_open":
                return app, on
            if step == "fee_unpaid":
                lapse = self.wd(app.payment_due_on, 1)
                return actions.fee_lapsed(app, actor=o, on=lapse), lapse
            paid = self.wd(on, 3)
            return actions.fee_paid(app, actor=o, on=paid), paid
        if step == "correction_open":
            on = self.wd(day, 3)
            return actions.request_correction(app, actor=o, on=on, items="请写明地块编号或所在村组。",
                                              deadline=on + timedelta(days=20)), on
        if step == "withdrawn":
            on = self.wd(day, 3)
            return actions.withdraw(app, actor=o, on=on, reason="申请人当面书面撤回申请。"), on
        if step == "delayed":
            on = self.wd(day, 5)
            return actions.set_delayed_reply_date(app, actor=o, on=on, reply_by=self.wd(on, 30),
                                                  reason="申请人本月提出同类申请40余件，明显超过合理范围。"), on
        if step == "reopened":
            first = self.wd(day, 10)
            app = self.decide(app, first, o, "unavailable_not_held")
            again = self.wd(first, 40)
            app = actions.reopen(app, actor=o, on=again, reason="海东市人民政府东政复决〔2024〕31号：责令重新答复")
            on = self.wd(again, 8)
            return self.decide(app, on, o, "granted"), on
        if step in REASONS or step.startswith(("denied", "unavailable", "rejected")):
            on = self.wd(day, 10)
            return self.decide(app, on, o, step), on
        raise ValueError(step)


def load() -> None:
    agency = Agency.objects.filter(code=AGENCY).first()
    if agency is None or Application.objects.filter(agency=agency).exists():
        return
    officer = User.objects.get(username="zrj_officer")
    officer2 = User.objects.get(username="zrj_officer2")
    head = User.objects.get(username="zrj_head")
    runner = _Runner(agency, officer, officer2, head)
    n = 0
    with actions.letters_on_step_dates():  # past cases: each letter went out on its step's day
        for group in (CASES_2023, CASES_2024, CASES_2024_INTO_2025, CASES_2026_OPEN):
            for received, channel, kind, idx, content, script in group:
                n += 1
                runner.run(received, channel, kind, idx, content, script, n)
