"""Demo data for 互动: a few dozen items across kinds and channels for the 互助县 agencies — some
overdue, some replied and rated — and 政务公开满意度调查 of 互助县自然资源局 with about 100 answers.

Idempotent: nothing is added when the demo agencies already have items / the survey exists. Dates are
relative to today, so the demo always has work that is due soon and work that is overdue.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from gongkai.accounts.models import Agency, User

from . import actions
from .models import Channel, Event, Item, Kind, Question, Reply, Response, Route, Satisfaction, Survey

CODES = ("huzhu", "huzhu-zrj", "huzhu-czj", "huzhu-jyj")
SURVEY_TITLE = "政务公开满意度调查"
SURVEY_ANSWERS = 100

# agency, kind, channel, subject, content, days ago received, fate, satisfaction
ITEMS = [
    ("huzhu-zrj", Kind.INQUIRY, Channel.WEBSITE, "宅基地审批需要多长时间", "我家想在威远镇翻建住房，宅基地审批一般需要多长时间？需要准备哪些材料？", 40, "on_time", Satisfaction.SATISFIED),
    ("huzhu-zrj", Kind.INQUIRY, Channel.PHONE, "不动产登记周末能否办理", "上班时间请不了假，不动产登记大厅周末能否办理业务？", 35, "on_time", Satisfaction.BASICALLY),
    ("huzhu-zrj", Kind.COMPLAINT, Channel.WEIBO, "小区旁违法占地无人管", "丹麻镇某村道路旁有人违法占用耕地建房，已经三个月了，希望尽快查处。", 33, "late", Satisfaction.UNSATISFIED),
    ("huzhu-zrj", Kind.SUGGESTION, Channel.WEBSITE, "建议公开国土空间规划图", "建议在网站公开县级国土空间总体规划的图件，方便群众查阅。", 30, "on_time", Satisfaction.SATISFIED),
    ("huzhu-zrj", Kind.OPINION, Channel.LETTER, "对征地补偿标准的意见", "我村征地补偿标准比邻村低，希望说明标准的依据并公开测算过程。", 28, "on_time", None),
    ("huzhu-zrj", Kind.CRITICISM, Channel.IN_PERSON, "窗口工作人员态度生硬", "上周在不动产登记窗口咨询时，工作人员态度生硬，没有一次性告知所需材料。", 26, "on_time", Satisfaction.BASICALLY),
    ("huzhu-zrj", Kind.INQUIRY, Channel.WECHAT, "林权证换发不动产权证", "原来的林权证需要换发不动产权证书吗？在哪里办理？", 20, "open", None),
    ("huzhu-zrj", Kind.COMPLAINT, Channel.PHONE, "测绘公司收费过高", "办理分户测绘时，测绘公司收费远高于其他县，是否有收费标准？", 18, "open", None),
    ("huzhu-zrj", Kind.SUGGESTION, Channel.OTHER_MEDIA, "建议开通不动产登记网上预约", "通过抖音政务号留言：建议开通网上预约，减少排队时间。", 10, "open", None),
    ("huzhu-zrj", Kind.INQUIRY, Channel.EMAIL, "地质灾害隐患点如何查询", "我村后山有裂缝，想了解是否列入地质灾害隐患点，在哪里可以查询？", 6, "open", None),
    ("huzhu-zrj", Kind.INQUIRY, Channel.WEBSITE, "矿业权出让信息在哪里公开", "想了解本县矿业权出让的公告和结果在哪里公开。", 3, "open", None),
    ("huzhu-zrj", Kind.OPINION, Channel.WEBSITE, "关于耕地保护宣传的意见", "耕地保护宣传材料太专业，建议用更通俗的语言和图示。", 1, "new", None),
    ("huzhu-czj", Kind.INQUIRY, Channel.WEBSITE, "惠民惠农补贴何时发放", "今年的耕地地力保护补贴什么时候发放到一卡通？", 38, "on_time", Satisfaction.SATISFIED),
    ("huzhu-czj", Kind.SUGGESTION, Channel.WEBSITE, "建议公开部门预算明细", "建议预算公开时附上项目支出明细，便于群众理解。", 34, "late", Satisfaction.BASICALLY),
    ("huzhu-czj", Kind.COMPLAINT, Channel.PHONE, "一卡通补贴被代领", "我家的补贴被村干部代领，希望调查处理。", 29, "on_time", Satisfaction.UNSATISFIED),
    ("huzhu-czj", Kind.INQUIRY, Channel.WECHAT, "政府采购供应商如何注册", "本地小企业想参加政府采购，如何注册为供应商？", 25, "on_time", None),
    ("huzhu-czj", Kind.CRITICISM, Channel.WEIBO, "预算公开文件打不开", "财政局网站上的预算公开附件打不开，多次反映没有改进。", 22, "open", None),
    ("huzhu-czj", Kind.INQUIRY, Channel.PHONE, "会计继续教育如何报名", "会计人员继续教育今年在哪里报名？", 12, "open", None),
    ("huzhu-czj", Kind.OPINION, Channel.LETTER, "对乡镇财政所服务的意见", "乡镇财政所办公时间经常无人，希望公开值班电话。", 7, "open", None),
    ("huzhu-czj", Kind.SUGGESTION, Channel.WEBSITE, "建议增加财政数据图表", "财政数据都是表格，建议增加图表解读。", 2, "new", None),
    ("huzhu-jyj", Kind.INQUIRY, Channel.WEBSITE, "义务教育入学划片范围", "威远镇第二小学今年的招生划片范围是什么？什么时候公布？", 42, "on_time", Satisfaction.SATISFIED),
    ("huzhu-jyj", Kind.COMPLAINT, Channel.WECHAT, "学校违规收取资料费", "孩子所在学校要求统一购买教辅资料，是否符合规定？", 36, "late", Satisfaction.UNSATISFIED),
    ("huzhu-jyj", Kind.SUGGESTION, Channel.WEBSITE, "建议延长课后服务时间", "双职工家庭接孩子困难，建议课后服务延长到六点。", 31, "on_time", Satisfaction.BASICALLY),
    ("huzhu-jyj", Kind.INQUIRY, Channel.PHONE, "教师资格认定时间", "今年秋季的教师资格认定什么时候开始？", 27, "on_time", Satisfaction.SATISFIED),
    ("huzhu-jyj", Kind.CRITICISM, Channel.IN_PERSON, "校车安全管理不到位", "发现校车超载，希望加强管理。", 21, "open", None),
    ("huzhu-jyj", Kind.INQUIRY, Channel.WEIBO, "学生资助政策咨询", "家庭经济困难的高中生可以申请哪些资助？", 15, "open", None),
    ("huzhu-jyj", Kind.OPINION, Channel.EMAIL, "对学区调整方案的意见", "新的学区调整方案让我们小区孩子上学距离变远，希望重新考虑。", 9, "open", None),
    ("huzhu-jyj", Kind.SUGGESTION, Channel.WEBSITE, "建议公开学校食堂食谱", "建议每周在学校公众号公开食谱。", 4, "open", None),
    ("huzhu-jyj", Kind.INQUIRY, Channel.WEBSITE, "幼儿园报名材料", "公办幼儿园报名需要哪些材料？", 0, "new", None),
    ("huzhu", Kind.SUGGESTION, Channel.WEBSITE, "建议统一各部门信息公开栏目", "各部门网站的信息公开栏目设置不一样，查找困难，建议统一。", 37, "on_time", Satisfaction.SATISFIED),
    ("huzhu", Kind.COMPLAINT, Channel.LETTER, "政府信息公开申请超期未答复", "我今年向某部门申请公开信息，超过二十个工作日没有答复。", 24, "late", None),
    ("huzhu", Kind.INQUIRY, Channel.WECHAT, "政务服务中心办公时间", "县政务服务中心冬季的办公时间是几点？", 16, "open", None),
    ("huzhu", Kind.OPINION, Channel.WEBSITE, "对年度报告的意见", "去年的政府信息公开年度报告缺少部分表格数据，希望完善。", 8, "open", None),
    ("huzhu", Kind.SUGGESTION, Channel.OTHER_MEDIA, "建议开通政务新媒体留言回复", "今日头条政务号留言：建议对网友留言统一回复。", 5, "open", None),
]

REPLIES = {
    Kind.INQUIRY: "您好！您咨询的事项已由承办科室核实，具体办理时限、所需材料和办理地点已在本机关政府信息公开指南中公布，"
                  "也可在工作日拨打办公电话咨询。感谢您的关注！",
    Kind.COMPLAINT: "您好！收到您的投诉后，我局已组织人员现场核实，并责令相关单位限期整改，整改结果将在我局网站公开。感谢您的监督！",
    Kind.SUGGESTION: "您好！感谢您的建议。我们已研究并采纳，将在近期改进相关工作，改进情况将在网站公布。",
    Kind.OPINION: "您好！您的意见已转相关科室研究，我们将结合实际认真改进，并向您反馈处理情况。",
    Kind.CRITICISM: "您好！对您反映的问题我们高度重视，已对相关人员进行批评教育，并完善了一次性告知制度。欢迎继续监督。",
}

NAMES = ["马先生", "李女士", "祁先生", "张女士", "王先生", "刘女士", "鲁先生", "韩女士", "赵先生", "陈女士"]


def _moment(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _backdate(item: Item, reply: Reply, day) -> None:
    """Demo only: the reply was written on ``day`` (the actions stamp the real time)."""
    when = _moment(day, 15)
    Reply.objects.filter(pk=reply.pk).update(created_at=when)
    Item.objects.filter(pk=item.pk).update(first_replied_at=when)
    item.events.filter(type=Event.Type.REPLIED).update(at=when)


def _load_items(agencies: dict[str, Agency], users: dict[str, User]) -> None:
    from gongkai.accounts.holidays import current_calendar

    calendar = current_calendar()
    today = timezone.localdate()
    heads = {"huzhu-zrj": "zrj_head", "huzhu-czj": "czj_head", "huzhu-jyj": "jyj_head", "huzhu": "admin"}
    officers = {"huzhu-zrj": ["zrj_officer", "zrj_officer2"], "huzhu-czj": ["czj_officer"],
                "huzhu-jyj": ["jyj_officer"], "huzhu": ["admin"]}
    Route.objects.get_or_create(agency=agencies["huzhu-zrj"], kind=Kind.COMPLAINT,
                                defaults={"owner": users["zrj_officer2"]})
    rng = random.Random(20240607)
    for n, (code, kind, channel, subject, content, ago, fate, rating) in enumerate(ITEMS):
        agency = agencies[code]
        received = today - timedelta(days=ago)
        name = NAMES[n % len(NAMES)]
        anonymous = n % 9 == 4
        contact = None if anonymous else actions.Contact(
            name, f"139{rng.randrange(10**8):08d}", f"demo{n}@example.cn" if n % 3 == 0 else "")
        if contact and not (contact.phone or contact.email):
            contact.phone = "0972-8322000"
        staff = users[heads[code]] if channel != Channel.WEBSITE else None
        item, _ = actions.submit_item(
            agency=agency, kind=kind, channel=channel, subject=subject, content=content, contact=contact,
            publish_consent=n % 2 == 0, received_on=received, actor=staff,
            source_url=f"https://weibo.example.cn/huzhu/{n}" if channel in (Channel.WEIBO, Channel.WECHAT,
                                                                            Channel.OTHER_MEDIA) else "")
        Item.objects.filter(pk=item.pk).update(created_at=_moment(received, 9))
        item.events.update(at=_moment(received, 9))
        if fate == "new":
            continue
        head = users[heads[code]]
        item.refresh_from_db()
        if item.owner_id is None:
            owner = users[rng.choice(officers[code])]
            actions.assign_item(item, owner=owner, actor=head)
            item.events.filter(type=Event.Type.ASSIGNED).update(at=_moment(received, 11))
        item.refresh_from_db()
        if fate == "open":
            continue
        reply = actions.reply_item(item, text=REPLIES[kind], actor=item.owner)
        if fate == "on_time":
            replied_on = calendar.add_workdays(received, max(1, min(4, (item.due_on - received).days // 3)))
        else:
            replied_on = calendar.add_workdays(item.initial_due_on, 3)
        replied_on = min(replied_on, today)
        _backdate(item, reply, replied_on)
        if rating and not anonymous:
            actions.rate_reply(reply, value=rating, comment="" if rating != Satisfaction.UNSATISFIED
                               else "答复过于笼统，没有说明具体处理结果。")
        if item.publish_consent and rating != Satisfaction.UNSATISFIED:
            item.refresh_from_db()
            from gongkai.rules.personal_data import redact

            actions.publish_item(item, question=redact(f"{item.subject}\n{item.content}"), answer=reply.text,
                                 actor=head)


QUESTIONS = [
    (Question.Kind.SINGLE, "您主要通过什么渠道获取我局公开的政府信息？", True,
     ["政府门户网站", "微信公众号", "政务服务大厅", "电话咨询", "其他"], [38, 30, 18, 9, 5]),
    (Question.Kind.MULTIPLE, "您最关注哪些方面的信息？（可多选）", True,
     ["国土空间规划", "征地补偿", "不动产登记", "矿产资源管理", "地质灾害防治"], [55, 48, 62, 15, 27]),
    (Question.Kind.RATING, "您对我局政府信息公开工作的总体满意度", True, [], [3, 5, 17, 41, 34]),
    (Question.Kind.RATING, "您查找所需信息的便捷程度", True, [], [6, 14, 32, 30, 18]),
    (Question.Kind.SINGLE, "您是否通过网站留言、电话等渠道向我局提出过意见？", False,
     ["提出过，得到了及时答复", "提出过，答复不及时", "没有提出过"], [21, 11, 62]),
    (Question.Kind.TEXT, "您对改进我局政务公开工作有什么意见和建议？", False, [], []),
]
TEXTS = ["希望征地补偿标准能公开得更详细一些。", "网站检索功能不好用，建议改进。", "不动产登记办理进度最好能在网上查询。",
         "希望规划图能放大查看。", "公众号推送很及时，点赞。", "建议增加办事指南的视频讲解。", "答复很及时，满意。",
         "希望公开的文件能提供可编辑的格式。"]


def _load_survey(agency: Agency, user: User) -> None:
    today = timezone.localdate()
    survey = actions.create_survey(
        agency=agency, title=SURVEY_TITLE,
        intro="为进一步提升政务公开工作质量，我局开展本次问卷调查，约需3分钟，匿名填写，感谢您的参与！",
        opens_on=today - timedelta(days=30), closes_on=today + timedelta(days=30), actor=user)
    questions = []
    for kind, text, required, choices, _weights in QUESTIONS:
        questions.append(actions.add_question(survey, kind=kind, text=text, required=required, choices=choices,
                                              actor=user))
    actions.launch_survey(survey, actor=user)
    survey.results_public = True
    survey.save(update_fields=["results_public"])
    rng = random.Random(2024)
    for i in range(SURVEY_ANSWERS):
        answers = {}
        for q, (kind, _t, required, choices, weights) in zip(questions, QUESTIONS):
            ids = [c.pk for c in q.choices.all()]
            if kind == Question.Kind.SINGLE:
                if not required and rng.random() < 0.06:
                    continue
                answers[q.pk] = str(rng.choices(ids, weights=weights)[0])
            elif kind == Question.Kind.MULTIPLE:
                answers[q.pk] = [cid for cid, w in zip(ids, weights) if rng.random() < w / 100] or [ids[2]]
            elif kind == Question.Kind.RATING:
                answers[q.pk] = str(rng.choices([1, 2, 3, 4, 5], weights=weights)[0])
            elif rng.random() < 0.25:
                answers[q.pk] = rng.choice(TEXTS)
        response = actions.submit_response(survey, answers=answers, fingerprint=f"demo-{i:03d}")
        Response.objects.filter(pk=response.pk).update(
            submitted_at=_moment(today - timedelta(days=29 - i * 29 // SURVEY_ANSWERS), 8 + i % 12))


def load() -> None:
    agencies = {a.code: a for a in Agency.objects.filter(code__in=CODES)}
    if len(agencies) != len(CODES):
        return  # the accounts demo did not run
    users = {u.username: u for u in User.objects.filter(username__in=[
        "admin", "zrj_head", "zrj_officer", "zrj_officer2", "czj_head", "czj_officer", "jyj_head", "jyj_officer"])}
    if not Item.objects.filter(agency__in=agencies.values()).exists():
        _load_items(agencies, users)
    if not Survey.objects.filter(agency=agencies["huzhu-zrj"], title=SURVEY_TITLE).exists():
        _load_survey(agencies["huzhu-zrj"], users["zrj_officer"])
