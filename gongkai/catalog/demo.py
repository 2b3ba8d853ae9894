"""Demo catalogue: about 200 realistic items for 互助县 and its departments, 2023–2026.

Built through the real actions (draft → publish by the head), so index numbers, the 第二十六条
working-day count and the search index are exactly what real use produces. A few items are
published late, one is withdrawn; the 自然资源局 dictionary holds its terms; table 二 figures are
entered for 2024. Idempotent: an item whose title already exists for the agency is skipped.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.models import Agency, User

from . import actions, taxonomy
from .models import DecisionKind, DocForm, DocType, ExtraItem, Item, SearchSynonym, SearchTerm, StatutoryItem, Topic, Validity

TOWNS = ["威远镇", "丹麻镇", "高寨镇", "南门峡镇", "加定镇", "五十镇", "塘川镇", "五峰镇", "台子乡", "西山乡",
         "红崖子沟乡", "哈拉直沟乡", "东山乡", "东和乡", "东沟乡", "林川乡", "蔡家堡乡", "松多藏族乡", "巴扎藏族乡"]
VILLAGES = ["新元村", "卓扎滩村", "西街村", "东庄村", "班彦村", "小庄村", "大庄村", "上街村", "下寨村", "山城村"]
COMPANIES = ["互助县鑫源建材有限公司", "海东市青松砂石有限公司", "互助县丰达建筑工程有限公司", "青海威远置业有限公司",
             "互助县宏达商贸有限公司", "互助县绿源农牧科技有限公司"]


def _topic(path: str) -> Topic:
    parent, _, child = path.partition("\\")
    return Topic.objects.get(parent__name=parent, name=child) if child else Topic.objects.get(parent=None, name=parent)


def _p(*sentences: str) -> str:
    return "".join(f"<p>{s}</p>" for s in sentences)


def _zrj(rng: random.Random, year_range) -> list[dict]:
    items = []
    n = 0
    for year in year_range:
        for month in (1, 2, 3, 4, 6, 8, 9, 11):
            town = rng.choice(TOWNS)
            n += 1
            items.append(dict(
                title=f"互助县不动产登记中心{year}年第{n}批不动产首次登记公告",
                statutory_item=StatutoryItem.LICENSING, topic="国土资源、能源\\土地", doc_form=DocForm.ANNOUNCEMENT,
                keywords="不动产登记 首次登记 公告", month=(year, month),
                summary=f"对{town}{rng.randint(8, 60)}宗不动产首次登记申请予以公告。",
                body=_p(f"根据《不动产登记暂行条例实施细则》第十七条规定，经初步审定，拟对{town}等地的不动产首次登记申请予以登记。",
                        "公告期间，利害关系人对公告的不动产登记事项有异议的，可自公告之日起十五个工作日内，"
                        "持书面异议材料和身份证明到互助县政务服务中心不动产登记窗口提出。",
                        "逾期无人提出异议或者异议不成立的，将予以登记。")))
        for batch, month in enumerate((3, 6, 9), start=1):
            town, village = rng.choice(TOWNS), rng.choice(VILLAGES)
            area = rng.randint(3, 60) + rng.randint(0, 99) / 100
            items.append(dict(
                title=f"互助县人民政府征收土地预公告（{town}{village}{year}年第{batch}批次）",
                statutory_item=StatutoryItem.OTHER, extra_item=ExtraItem.LAND_EXPROPRIATION,
                topic="国土资源、能源\\土地", doc_form=DocForm.ANNOUNCEMENT, keywords="土地征收 预公告", month=(year, month),
                summary=f"拟征收{town}{village}集体土地{area:.2f}公顷。",
                body=_p(f"因{town}基础设施建设需要，拟征收{town}{village}农民集体所有土地{area:.2f}公顷。",
                        "自本公告发布之日起，任何单位和个人不得在拟征收范围内抢栽抢建；违反规定抢栽抢建的，对抢栽抢建部分不予补偿。",
                        "土地现状调查、社会稳定风险评估完成后，将依法拟定征地补偿安置方案并予以公告，听取被征地农村集体经济组织及其成员意见。")))
            items.append(dict(
                title=f"{town}{village}征地补偿安置方案公告（{year}年）",
                statutory_item=StatutoryItem.OTHER, extra_item=ExtraItem.LAND_EXPROPRIATION,
                topic="国土资源、能源\\土地", doc_form=DocForm.ANNOUNCEMENT, keywords="土地征收 征地补偿安置", month=(year, month + 2),
                summary="公布征收范围、土地现状、征收目的、补偿方式和标准、安置对象和方式、社会保障等内容。",
                body=_p(f"本次征收{town}{village}集体土地，土地补偿费和安置补助费按青海省区片综合地价标准执行。",
                        "被征地农民社会保障费用按规定足额纳入征地补偿安置费用，专款专用。",
                        "对补偿安置方案有异议的，可在公告之日起三十日内提出；过半数被征地的农村集体经济组织成员认为方案不符合法律法规规定的，将组织召开听证会。")))
        town = rng.choice(TOWNS)
        items.append(dict(
            title=f"{town}国土空间规划（2021—2035年）批前公示" if year < 2026 else f"{town}村庄规划（2025—2035年）批前公示",
            statutory_item=StatutoryItem.PLANS, topic="城乡建设、环境保护\\城市规划", doc_form=DocForm.ANNOUNCEMENT,
            keywords="国土空间规划 批前公示 三区三线", month=(year, 5),
            summary=f"{town}国土空间总体规划草案公示，征求社会公众意见。",
            body=_p(f"《{town}国土空间规划（2021—2035年）》已编制完成，落实“三区三线”划定成果，统筹耕地和永久基本农田、生态保护红线、城镇开发边界。",
                    "公示期间，社会各界可通过书面意见、电子邮件等方式提出意见和建议。",
                    "公示期满后，将对意见进行汇总分析，依法完善规划成果后报批。")))
        items.append(dict(
            title=f"互助县{rng.choice(['丹麻镇', '五十镇', '南门峡镇'])}建筑用砂石矿采矿权出让公告（{year}年）",
            statutory_item=StatutoryItem.LICENSING, topic="国土资源、能源\\矿产", doc_form=DocForm.ANNOUNCEMENT,
            keywords="矿业权出让 采矿权 砂石", month=(year, 7),
            summary="以网上挂牌方式公开出让建筑用砂石矿采矿权。",
            body=_p("经互助县人民政府批准，互助县自然资源局以网上挂牌方式出让建筑用砂石矿采矿权。",
                    f"矿区面积{rng.randint(5, 30) / 100:.2f}平方千米，出让年限{rng.choice([3, 5, 8])}年，开采方式为露天开采。",
                    "矿业权出让收益按照青海省矿业权出让收益市场基准价确定起始价。竞得人须在规定期限内签订出让合同、缴纳矿业权出让收益。")))
        items.append(dict(
            title=f"{year}年采矿权出让结果公示",
            statutory_item=StatutoryItem.LICENSING, topic="国土资源、能源\\矿产", doc_form=DocForm.ANNOUNCEMENT,
            keywords="矿业权出让 结果公示", month=(year, 10),
            summary="公示本年度采矿权挂牌出让结果。",
            body=_p(f"{year}年建筑用砂石矿采矿权挂牌出让活动已结束，竞得人为{rng.choice(COMPANIES)}。",
                    "公示期为十个工作日。对公示内容有异议的，可以书面形式向互助县自然资源局反映。")))
        for k in range(5):
            company = rng.choice(COMPANIES)
            number = rng.randint(1, 12)
            items.append(dict(
                title=f"互自然资罚〔{year}〕{number + k * 13}号行政处罚决定书",
                doc_number=f"互自然资罚〔{year}〕{number + k * 13}号",
                statutory_item=StatutoryItem.ENFORCEMENT, decision_kind=DecisionKind.PUNISHMENT,
                topic="国土资源、能源\\土地", doc_form=DocForm.DECISION, doc_type=DocType.OTHER_DOCUMENT,
                keywords="行政处罚 违法占地 土地执法", month=(year, 2 + k * 2),
                summary=f"{company}未经批准非法占用土地，依法作出行政处罚决定。",
                body=_p(f"当事人：{company}。",
                        f"经查，当事人未经批准，擅自占用{rng.choice(TOWNS)}{rng.choice(VILLAGES)}集体土地{rng.randint(300, 5000)}平方米修建厂房。",
                        "上述行为违反了《中华人民共和国土地管理法》第四十四条的规定。依据《中华人民共和国土地管理法》第七十七条、"
                        "《中华人民共和国土地管理法实施条例》第五十八条的规定，决定责令退还非法占用的土地，限期拆除新建的建筑物和其他设施，并处罚款。",
                        "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向互助县人民政府申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。")))
        items.append(dict(
            title=f"{year}年卫片执法图斑核查整改情况通报", statutory_item=StatutoryItem.ENFORCEMENT,
            topic="国土资源、能源\\土地", doc_form=DocForm.CIRCULAR, keywords="卫片执法 违法用地 整改", month=(year, 8),
            summary="通报本年度卫星遥感监测图斑核查和违法用地整改情况。",
            body=_p(f"本年度共下发卫片图斑{rng.randint(80, 300)}个，经实地核查，合法用地占多数。",
                    "对认定为违法用地的图斑，已依法立案查处，督促限期整改。")))
        items.append(dict(
            title=f"互助县{year}年地质灾害防治方案", statutory_item=StatutoryItem.EMERGENCIES,
            topic="综合政务\\应急管理", doc_form=DocForm.NOTICE, keywords="地质灾害 防汛 应急预案", month=(year, 4),
            summary="汛期地质灾害隐患点巡查、监测预警和应急处置安排。",
            body=_p(f"全县现有地质灾害隐患点{rng.randint(60, 150)}处，逐点落实监测责任人。",
                    "汛期实行24小时值班和领导带班制度，遇强降雨及时组织受威胁群众避险转移。")))
        town = rng.choice(TOWNS)
        items.append(dict(
            title=f"{town}{year}年农村宅基地审批结果公示",
            statutory_item=StatutoryItem.LICENSING, extra_item=ExtraItem.HOMESTEAD_REVIEW, topic="国土资源、能源\\土地",
            doc_form=DocForm.ANNOUNCEMENT, keywords="宅基地 审批 农村村民建房", month=(year, 12),
            summary=f"{town}本年度批准农村村民宅基地{rng.randint(10, 80)}宗。",
            body=_p(f"依据《青海省农村宅基地管理办法》，{town}人民政府对本年度农村村民宅基地申请进行了审核审批。",
                    "批准的宅基地严格执行“一户一宅”规定，面积不超过规定标准，不占用永久基本农田。",
                    "对审批结果有异议的，可向乡（镇）人民政府反映。")))
    rules = [
        ("互助县农村宅基地和村民住宅建设管理办法", 2023, Validity.VALID, None, "宅基地 农村村民建房"),
        ("互助县不动产登记办事指南（试行）", 2023, Validity.REPEALED, datetime.date(2025, 6, 30), "不动产登记 办事指南"),
        ("互助县不动产登记办事指南", 2025, Validity.VALID, None, "不动产登记 办事指南"),
        ("互助县城乡建设用地增减挂钩节余指标管理办法", 2024, Validity.AMENDED, None, "增减挂钩 建设用地"),
        ("互助县耕地保护责任目标考核办法", 2023, Validity.VALID, None, "耕地保护 考核"),
        ("互助县临时用地管理暂行办法", 2023, Validity.EXPIRED, datetime.date(2024, 12, 31), "临时用地"),
        ("互助县矿产资源开发利用管理办法", 2024, Validity.VALID, None, "矿业权 矿产资源"),
    ]
    for i, (title, year, validity, repealed, keywords) in enumerate(rules, start=1):
        signed = datetime.date(year, 3 + i, 10)
        items.append(dict(
            title=title, doc_number=f"互自然资规〔{year}〕{i}号", statutory_item=StatutoryItem.REGULATIONS,
            topic="国土资源、能源\\土地", doc_form=DocForm.NOTICE, doc_type=DocType.NORMATIVE, validity=validity,
            signed_on=signed, effective_on=signed + datetime.timedelta(days=30), repealed_on=repealed,
            keywords=keywords, formed=signed,
            summary=f"规范{keywords.split()[0]}相关工作，明确职责分工、办理程序和监督管理。",
            body=_p("第一条　为规范管理，保护群众合法权益，根据有关法律法规，结合本县实际，制定本办法。",
                    "第二条　本办法适用于本县行政区域内的相关管理活动。",
                    "第三条　县自然资源局负责本办法的组织实施，各乡镇人民政府负责本辖区内的具体工作。",
                    "第四条　本办法自印发之日起三十日后施行。")))
    items.append(dict(
        title="互助县自然资源局机构职能及领导信息", statutory_item=StatutoryItem.ORGANISATION,
        topic="综合政务\\政务公开", doc_form=DocForm.OTHER, doc_type=DocType.NON_DOCUMENT, month=(2023, 1),
        keywords="机构职能 联系方式", summary="本局主要职责、内设机构、办公地址、办公时间和联系电话。",
        body=_p("主要职责：负责全县自然资源调查监测评价、统一确权登记、国土空间规划、耕地保护、矿产资源管理和土地执法等工作。",
                "办公地址：青海省海东市互助土族自治县威远镇。办公电话：0972-8322118。",
                "办公时间：工作日上午8:30—12:00，下午14:30—18:00。"), confirm=["0972-8322118"]))
    return items


def _czj(rng, year_range) -> list[dict]:
    items = []
    for year in year_range:
        items += [
            dict(title=f"互助县{year}年部门预算公开说明", statutory_item=StatutoryItem.BUDGET, topic="财政、金融、审计\\财政",
                 doc_form=DocForm.OTHER, doc_type=DocType.NON_DOCUMENT, keywords="财政预算 部门预算 三公经费", month=(year, 2),
                 summary=f"{year}年县财政局部门收支预算、三公经费预算及有关说明。",
                 body=_p(f"{year}年部门预算收入合计{rng.randint(800, 2000)}万元，支出合计与收入相同。",
                         f"“三公”经费预算{rng.randint(5, 30)}万元，较上年减少。", "政府采购预算、绩效目标等情况详见附表。")),
            dict(title=f"互助县{year - 1}年财政决算公开说明", statutory_item=StatutoryItem.BUDGET, topic="财政、金融、审计\\财政",
                 doc_form=DocForm.REPORT, doc_type=DocType.NON_DOCUMENT, keywords="财政决算 部门决算", month=(year, 8),
                 summary=f"{year - 1}年度全县一般公共预算、政府性基金预算决算情况。",
                 body=_p(f"{year - 1}年全县一般公共预算收入完成{rng.randint(30000, 60000)}万元。",
                         "决算报表经县人民代表大会常务委员会审查批准后公开。")),
            dict(title=f"互助县{year}年政府集中采购目录及采购限额标准", statutory_item=StatutoryItem.PROCUREMENT,
                 topic="财政、金融、审计\\财政", doc_form=DocForm.NOTICE, keywords="政府采购 集中采购目录", month=(year, 1),
                 summary="明确本年度政府集中采购目录、分散采购限额标准和公开招标数额标准。",
                 body=_p("集中采购机构采购项目包括计算机设备、办公设备、车辆等。",
                         "分散采购限额标准：货物、服务类项目50万元，工程类项目60万元。")),
            dict(title=f"互助县{year}年行政事业性收费项目目录清单", statutory_item=StatutoryItem.FEES,
                 topic="财政、金融、审计\\财政", doc_form=DocForm.NOTICE, keywords="行政事业性收费 收费目录", month=(year, 3),
                 summary="公布本县执行的行政事业性收费项目、依据和标准。",
                 body=_p("本清单所列行政事业性收费项目均有法律、行政法规或国务院及省级人民政府文件依据。",
                         "清单之外的收费项目一律不得收取。")),
            *[dict(title=f"{year}年{q}季度县级财政收支情况", statutory_item=StatutoryItem.STATISTICS,
                   topic="财政、金融、审计\\财政", doc_form=DocForm.OTHER, doc_type=DocType.NON_DOCUMENT,
                   keywords="财政收支 统计", month=(year, 1 + i * 3 + 3) if i < 3 else (year + 1, 1),
                   summary=f"{q}季度全县财政收入、支出执行情况。",
                   body=_p(f"{q}季度全县一般公共预算收入{rng.randint(5000, 12000)}万元。", "民生支出占一般公共预算支出的八成以上。"))
              for i, q in enumerate("一二三四")],
            dict(title=f"互助县{year}年中央转移支付资金分配情况", statutory_item=StatutoryItem.BUDGET,
                 topic="财政、金融、审计\\财政", doc_form=DocForm.OTHER, doc_type=DocType.NON_DOCUMENT,
                 keywords="转移支付 资金分配", month=(year, 6), summary="本年度中央和省级转移支付资金分配结果。",
                 body=_p("转移支付资金重点用于教育、医疗、社会保障、老旧小区改造和乡村振兴等领域。")),
        ]
    items.append(dict(
        title="互助县县级预算管理一体化实施办法", doc_number="互财规〔2023〕1号", statutory_item=StatutoryItem.REGULATIONS,
        topic="财政、金融、审计\\财政", doc_form=DocForm.NOTICE, doc_type=DocType.NORMATIVE, validity=Validity.VALID,
        signed_on=datetime.date(2023, 5, 8), effective_on=datetime.date(2023, 6, 1), formed=datetime.date(2023, 5, 8),
        keywords="预算管理 一体化", summary="规范县级预算编制、执行和决算管理。",
        body=_p("第一条　为深化预算管理制度改革，制定本办法。", "第二条　县级各预算单位应当通过预算管理一体化系统办理预算业务。")))
    return items


def _jyj(rng, year_range) -> list[dict]:
    items = []
    for year in year_range:
        items += [
            dict(title=f"互助县{year}年义务教育阶段招生入学工作方案", statutory_item=StatutoryItem.WELFARE,
                 topic="科技、教育\\教育", doc_form=DocForm.NOTICE, keywords="义务教育 招生入学", month=(year, 5),
                 summary="明确招生范围、报名时间、入学条件和随迁子女入学办法。",
                 body=_p("坚持免试就近入学原则，公办学校按划定的学区招生。", "进城务工人员随迁子女入学以居住证为主要依据。")),
            dict(title=f"{year}年互助县公开招聘中小学教师公告", statutory_item=StatutoryItem.CIVIL_SERVICE,
                 topic="劳动、人事、监察\\人事工作", doc_form=DocForm.ANNOUNCEMENT, keywords="教师招聘 公开招聘", month=(year, 6),
                 summary=f"公开招聘中小学教师{rng.randint(20, 80)}名。",
                 body=_p("招聘岗位、名额和报考条件详见附件岗位表。", "考试分为笔试和面试，总成绩按笔试、面试各占50%计算。")),
            dict(title=f"互助县{year}年义务教育学校划片招生范围", statutory_item=StatutoryItem.WELFARE,
                 topic="科技、教育\\教育", doc_form=DocForm.ANNOUNCEMENT, keywords="义务教育 招生 学区", month=(year, 6),
                 summary="公布县城各公办小学、初中的招生片区。",
                 body=_p("县城公办学校按街道和社区划定招生片区，每个片区对应一所学校。", "片区划分如有调整，将提前向社会公布。")),
            dict(title=f"互助县{year}年教育收费项目和标准公示", statutory_item=StatutoryItem.FEES,
                 topic="科技、教育\\教育", doc_form=DocForm.ANNOUNCEMENT, keywords="教育收费 收费标准", month=(year, 8),
                 summary="公办幼儿园保育教育费、普通高中学费和住宿费标准。",
                 body=_p("义务教育阶段学校免收学杂费，免费提供教科书。", "严禁以任何名义向学生收取规定以外的费用。")),
            dict(title=f"{year}年秋季学期学生资助政策告家长书", statutory_item=StatutoryItem.WELFARE,
                 topic="科技、教育\\教育", doc_form=DocForm.OTHER, doc_type=DocType.NON_DOCUMENT,
                 keywords="学生资助 营养改善计划", month=(year, 9), summary="学前教育、义务教育、普通高中学生资助政策。",
                 body=_p("义务教育阶段家庭经济困难寄宿生享受生活补助。", "农村义务教育学生营养改善计划覆盖全县所有农村学校。")),
            dict(title=f"互助县{year}年校舍安全和防汛应急预案", statutory_item=StatutoryItem.EMERGENCIES,
                 topic="科技、教育\\教育", doc_form=DocForm.NOTICE, keywords="防汛 应急预案 校舍安全", month=(year, 4),
                 summary="汛期学校安全隐患排查和应急处置安排。",
                 body=_p("各学校要建立防汛责任制，汛期实行24小时值班。", "遇强降雨等灾害天气，及时调整教学安排，确保师生安全。")),
        ]
    items.append(dict(
        title="互助县中小学校外培训机构管理办法", doc_number="互教规〔2024〕1号", statutory_item=StatutoryItem.REGULATIONS,
        topic="科技、教育\\教育", doc_form=DocForm.NOTICE, doc_type=DocType.NORMATIVE, validity=Validity.VALID,
        signed_on=datetime.date(2024, 3, 12), effective_on=datetime.date(2024, 4, 15), formed=datetime.date(2024, 3, 12),
        keywords="校外培训 管理办法", summary="规范校外培训机构审批和日常监管。",
        body=_p("第一条　为规范校外培训行为，减轻学生过重校外培训负担，制定本办法。")))
    return items


def _huzhu(rng, year_range) -> list[dict]:
    items = []
    for year in year_range:
        items += [
            dict(title=f"{year - 1}年互助县国民经济和社会发展统计公报", statutory_item=StatutoryItem.STATISTICS,
                 topic="国民经济管理、国有资产监管\\统计", doc_form=DocForm.COMMUNIQUE, doc_type=DocType.NON_DOCUMENT,
                 keywords="统计公报 国民经济", month=(year, 4), summary=f"{year - 1}年全县经济社会发展主要统计数据。",
                 body=_p(f"初步核算，{year - 1}年全县地区生产总值{rng.randint(90, 130)}亿元。", "城乡居民人均可支配收入持续增长。")),
            dict(title=f"互助县{year}年政府工作报告", statutory_item=StatutoryItem.PLANS,
                 topic="综合政务\\其他", doc_form=DocForm.REPORT, keywords="政府工作报告", month=(year, 2),
                 summary="回顾上一年工作，部署本年度重点任务。",
                 body=_p("过去一年，全县上下坚持稳中求进工作总基调。", "今年将重点抓好老旧小区改造、保障性住房建设、耕地保护和乡村振兴。")),
            dict(title=f"互助县{year}年防汛抗旱应急预案", statutory_item=StatutoryItem.EMERGENCIES,
                 topic="综合政务\\应急管理", doc_form=DocForm.NOTICE, keywords="防汛 应急预案 地质灾害", month=(year, 5),
                 summary="防汛抗旱组织体系、预警响应和应急处置。",
                 body=_p("县防汛抗旱指挥部统一领导全县防汛抗旱工作。", "预警分为四级，分别用红色、橙色、黄色和蓝色标示。")),
            dict(title=f"互助县{year}年重大建设项目批准和实施情况", statutory_item=StatutoryItem.PROJECTS,
                 topic="国民经济管理、国有资产监管\\重大建设项目", doc_form=DocForm.OTHER, doc_type=DocType.NON_DOCUMENT,
                 keywords="重大建设项目 项目审批", month=(year, 7), summary="本年度列入计划的重大建设项目审批、开工和建设进度。",
                 body=_p(f"本年度列入县级重大建设项目{rng.randint(20, 45)}个，总投资{rng.randint(40, 90)}亿元。",
                         "项目涵盖交通、水利、教育、医疗和城乡基础设施等领域。")),
            dict(title=f"互助县{year}年城乡居民最低生活保障标准", statutory_item=StatutoryItem.WELFARE,
                 extra_item=ExtraItem.SOCIAL_ASSISTANCE, topic="民政、扶贫、救灾\\社会福利", doc_form=DocForm.NOTICE,
                 keywords="城乡低保 社会救助 低保标准", month=(year, 1),
                 summary="公布本年度城市和农村居民最低生活保障标准。",
                 body=_p(f"城市居民最低生活保障标准为每人每月{rng.randint(700, 800)}元。",
                         f"农村居民最低生活保障标准为每人每年{rng.randint(5500, 6500)}元。")),
            dict(title=f"互助县{year}年城镇老旧小区改造计划", statutory_item=StatutoryItem.PROJECTS,
                 extra_item=ExtraItem.MUNICIPAL_CONSTRUCTION, topic="城乡建设、环境保护\\城乡建设（含住房）",
                 doc_form=DocForm.NOTICE, keywords="老旧小区改造 住房", month=(year, 3),
                 summary=f"本年度计划改造老旧小区{rng.randint(5, 20)}个。",
                 body=_p(f"计划改造威远镇老旧小区{rng.randint(5, 20)}个，惠及居民{rng.randint(800, 3000)}户。",
                         "改造内容包括供排水、供暖、道路、停车和加装电梯等。")),
        ]
    items += [
        dict(title="互助县人民政府关于印发互助县公共租赁住房管理办法的通知", doc_number="互政〔2023〕18号",
             statutory_item=StatutoryItem.REGULATIONS, topic="城乡建设、环境保护\\城乡建设（含住房）", doc_form=DocForm.NOTICE,
             doc_type=DocType.NORMATIVE, validity=Validity.VALID, signed_on=datetime.date(2023, 4, 3),
             effective_on=datetime.date(2023, 5, 1), formed=datetime.date(2023, 4, 3), keywords="公共租赁住房 住房保障",
             summary="公共租赁住房的申请条件、审核、分配和退出。",
             body=_p("第一条　为完善住房保障体系，规范公共租赁住房管理，制定本办法。", "第二条　符合条件的城镇中等偏下收入住房困难家庭可以申请公共租赁住房。")),
        dict(title="互助县人民政府关于印发互助县城镇老旧小区改造实施办法的通知", doc_number="互政〔2022〕41号",
             statutory_item=StatutoryItem.REGULATIONS, topic="城乡建设、环境保护\\城乡建设（含住房）", doc_form=DocForm.NOTICE,
             doc_type=DocType.NORMATIVE, validity=Validity.REPEALED, signed_on=datetime.date(2023, 1, 9),
             effective_on=datetime.date(2023, 2, 1), repealed_on=datetime.date(2025, 3, 31), formed=datetime.date(2023, 1, 9),
             keywords="老旧小区改造", summary="城镇老旧小区改造的范围、内容、资金和组织实施（已废止）。",
             body=_p("第一条　为推进城镇老旧小区改造，改善居民居住条件，制定本办法。")),
    ]
    return items


#: 第二十条（二） for the agencies the builders above leave without it: (code, duties, phone)
ORGANISATION = [
    ("huzhu", "互助县人民政府", "执行县人民代表大会及其常务委员会的决议，管理本县经济、教育、科学、文化、卫生、民政、"
     "公安、司法行政等行政工作；县长主持县人民政府全面工作，副县长按分工协助县长工作。", "0972-8322001"),
    ("huzhu-czj", "互助县财政局", "负责全县财政收支管理、预算编制和执行、政府采购监督管理、国有资产管理和财政监督等工作。",
     "0972-8322105"),
    ("huzhu-jyj", "互助县教育局", "负责全县各级各类教育的统筹规划和管理、教师队伍建设、学生资助和教育督导等工作。",
     "0972-8322107"),
]
#: 第二十条（七） for each agency's own budget (the 财政局's builder has the county's), recent years
OWN_BUDGET_SINCE = 2025


def _columns(code: str, name: str):
    """The 法定主动公开内容 an evaluator looks for first on every agency: 机构职能 (第二十条（二）) and
    the agency's own 部门预算、部门决算 (（七）); for the government also 公务员招考 (（十四）) and
    安全生产 inspections (（十三）)."""
    def build(rng, year_range) -> list[dict]:
        items = []
        for org_code, org_name, duties, phone in ORGANISATION:
            if org_code == code:
                items.append(dict(
                    title=f"{org_name}机构职能及领导信息", statutory_item=StatutoryItem.ORGANISATION,
                    topic="综合政务\\政务公开", doc_form=DocForm.OTHER, doc_type=DocType.NON_DOCUMENT, month=(2023, 1),
                    keywords="机构职能 联系方式", summary="主要职责、内设机构、办公地址、办公时间、联系电话和负责人。",
                    body=_p(f"主要职责：{duties}", f"办公地址：青海省海东市互助土族自治县威远镇。办公电话：{phone}。",
                            "办公时间：工作日上午8:30—12:00，下午14:30—18:00。"), confirm=[phone]))
        for year in year_range:
            if year < OWN_BUDGET_SINCE:
                continue
            if code != "huzhu-czj":
                items += [
                    dict(title=f"{name}{year}年部门预算", statutory_item=StatutoryItem.BUDGET,
                         topic="财政、金融、审计\\财政", doc_form=DocForm.OTHER, doc_type=DocType.NON_DOCUMENT,
                         keywords="部门预算 三公经费", month=(year, 2),
                         summary=f"{year}年部门收支预算、“三公”经费预算及有关说明。",
                         body=_p(f"{year}年部门预算收入合计{rng.randint(300, 1500)}万元，支出合计与收入相同。",
                                 f"“三公”经费预算{rng.randint(3, 20)}万元，较上年减少。")),
                    dict(title=f"{name}{year - 1}年部门决算", statutory_item=StatutoryItem.BUDGET,
                         topic="财政、金融、审计\\财政", doc_form=DocForm.REPORT, doc_type=DocType.NON_DOCUMENT,
                         keywords="部门决算", month=(year, 8), summary=f"{year - 1}年度部门收支决算及有关说明。",
                         body=_p(f"{year - 1}年度部门决算收入合计{rng.randint(300, 1500)}万元。",
                                 "决算报表经县财政局审核后公开。")),
                ]
            if code == "huzhu":
                items += [
                    dict(title=f"互助县{year}年考试录用公务员公告", statutory_item=StatutoryItem.CIVIL_SERVICE,
                         topic="劳动、人事、监察\\人事工作", doc_form=DocForm.ANNOUNCEMENT, keywords="公务员招考 考试录用",
                         month=(year, 3), summary=f"本年度全县考试录用公务员{rng.randint(20, 60)}名。",
                         body=_p("招考职位、名额和报考条件详见附件职位表。", "考试分为笔试和面试，录用结果在本栏目公示。")),
                    dict(title=f"互助县{year}年安全生产监督检查情况通报", statutory_item=StatutoryItem.INSPECTIONS,
                         topic="市场监管、安全生产监管\\安全生产监管", doc_form=DocForm.CIRCULAR,
                         keywords="安全生产 监督检查", month=(year, 7),
                         summary="上半年全县安全生产大检查发现的问题和整改情况。",
                         body=_p(f"上半年共检查生产经营单位{rng.randint(200, 400)}家，发现隐患{rng.randint(300, 600)}处，"
                                 "已整改完毕的占九成以上。")),
                ]
        return items
    return build


PLAN = [
    ("huzhu-zrj", "zrj_officer", "zrj_head", _zrj),
    ("huzhu-czj", "czj_officer", "czj_head", _czj),
    ("huzhu-jyj", "jyj_officer", "jyj_head", _jyj),
    ("huzhu", "admin", "admin", _huzhu),
    # added after the others, so that their random choices (and the items late by design) stay
    ("huzhu", "admin", "admin", _columns("huzhu", "互助县人民政府")),
    ("huzhu-zrj", "zrj_officer", "zrj_head", _columns("huzhu-zrj", "互助县自然资源局")),
    ("huzhu-czj", "czj_officer", "czj_head", _columns("huzhu-czj", "互助县财政局")),
    ("huzhu-jyj", "jyj_officer", "jyj_head", _columns("huzhu-jyj", "互助县教育局")),
]
TERMS = {"huzhu-zrj": ["不动产登记", "宅基地", "增减挂钩", "国土空间规划", "三区三线"],
         "huzhu": ["老旧小区改造", "公共租赁住房"]}
#: table 二's figures the catalogue does not hold, as each agency entered them, by year
FIGURES = {
    2023: {"huzhu-zrj": dict(licensing=352, punishment=11, coercion=1, fees_10k_yuan=Decimal("10.8200"))},
    2024: {
        "huzhu-zrj": dict(licensing=386, punishment=14, coercion=2, fees_10k_yuan=Decimal("12.4600")),
        "huzhu-czj": dict(licensing=0, punishment=0, coercion=0, fees_10k_yuan=Decimal("0")),
        "huzhu-jyj": dict(licensing=27, punishment=1, coercion=0, fees_10k_yuan=Decimal("0")),
        "huzhu": dict(licensing=0, punishment=0, coercion=0, fees_10k_yuan=Decimal("0")),
    },
    2025: {
        "huzhu-zrj": dict(licensing=401, punishment=9, coercion=1, fees_10k_yuan=Decimal("13.0250")),
        "huzhu-czj": dict(licensing=0, punishment=2, coercion=0, fees_10k_yuan=Decimal("0")),
        "huzhu-jyj": dict(licensing=31, punishment=0, coercion=0, fees_10k_yuan=Decimal("0.3600")),
        "huzhu": dict(licensing=0, punishment=0, coercion=0, fees_10k_yuan=Decimal("0")),
    },
}
LATE_EVERY = 23  # every 23rd item is published late (more than 20 working days after it was formed)
WITHDRAWN_TITLE_START = "互自然资罚〔2024〕"


#: abbreviations people type, as each office would enter them (staff edit them on 检索同义词)
SYNONYMS = {
    "huzhu": ["低保 最低生活保障", "公租房 公共租赁住房", "廉租房 廉租住房"],
    "huzhu-zrj": ["不动产证 不动产权证书", "宅基地证 宅基地使用权证"],
    "huzhu-jyj": ["义教 义务教育"],
}


def load() -> None:
    # the classes come with a migration; a database flushed since (``manage.py flush``, a
    # transactional test on PostgreSQL) has none, and every demo item names one
    taxonomy.seed(Topic)
    rng = random.Random(20260101)
    today = timezone.localdate()
    cal = current_calendar()
    years = range(2023, today.year + 1)
    counter = 0
    withdrawn_done = Item.objects.filter(status=Item.Status.WITHDRAWN, agency__code="huzhu-zrj").exists()
    figured: set[str] = set()  # an agency's figures are entered once, though PLAN names it twice
    for code, officer_name, head_name, build in PLAN:
        agency = Agency.objects.filter(code=code).first()
        officer = User.objects.filter(username=officer_name).first()
        head = User.objects.filter(username=head_name).first()
        if agency is None or officer is None or head is None:
            continue
        for term in TERMS.get(code, []):
            if not SearchTerm.objects.filter(term=term).exists():
                SearchTerm.objects.create(agency=agency, term=term, created_by=officer)
        for words in SYNONYMS.get(code, []):
            if not SearchSynonym.objects.filter(words=words).exists():
                SearchSynonym.objects.create(agency=agency, words=words)
        existing = set(Item.objects.filter(agency=agency).values_list("title", flat=True))
        for spec in build(rng, years):
            counter += 1
            spec = dict(spec)
            confirm = spec.pop("confirm", [])
            formed = spec.pop("formed", None)
            month = spec.pop("month", None)
            day = rng.randint(0, 20)  # drawn before any skip, so a second run makes the same choices
            late = counter % LATE_EVERY == 0
            delay = rng.randint(22, 35) if late else rng.randint(1, 12)
            if spec["title"] in existing:
                continue
            if formed is None:
                formed = datetime.date(month[0], month[1], 1 + day)
            published_on = cal.add_workdays(formed, delay)
            if published_on > today:
                continue
            spec.setdefault("doc_type", DocType.OTHER_DOCUMENT)
            spec["topic"] = _topic(spec["topic"])
            spec["formed_on"] = formed
            spec.setdefault("publisher", "")
            item = actions.create_item(agency=agency, data=spec, actor=officer)
            if confirm:
                actions.confirm_screen_hits(item, texts=confirm, actor=officer)
            actions.submit_item(item, actor=officer)
            item = actions.publish_item(item, actor=head, published_on=published_on, backfill=True)
            existing.add(item.title)
            if not withdrawn_done and item.title.startswith(WITHDRAWN_TITLE_START):
                actions.withdraw_item(item, actor=head, reason="决定书中当事人信息未作处理，撤回后重新发布。")
                withdrawn_done = True
        for year, by_agency in FIGURES.items():
            if code in by_agency and code not in figured:
                actions.record_yearly_figures(agency, year, data=by_agency[code],
                                              actor=officer if code != "huzhu" else head)
        figured.add(code)
