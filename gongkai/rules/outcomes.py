"""The 21 leaf outcomes of table 三 — every decided application is exactly one of these (I-2).

Keys are the spec's row keys; groups follow the table's 三、本年度办理结果 sub-headings. The legal
basis is the statute → row mapping of domain.md §2.4 (an analysis, not text of the format).
"""

from __future__ import annotations

from dataclasses import dataclass

from .annual_format import OUTCOME_KEYS


@dataclass(frozen=True)
class Group:
    key: str
    label: str


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str  # the row label without its number, e.g. "属于国家秘密"
    group: Group
    basis: str  # legal basis, 条例 articles
    #: 行政复议法第二十三条: a refusal must tell the applicant to apply for 复议 first
    reconsideration_first: bool
    #: the applicant gets (some of) the information
    discloses: bool
    guidance: str

    @property
    def full_label(self) -> str:
        if self.group.key in ("granted", "partially_granted"):
            return self.group.label
        return f"{self.group.label}·{self.label}"


GROUPS: dict[str, Group] = {g.key: g for g in (
    Group("granted", "予以公开"),
    Group("partially_granted", "部分公开"),
    Group("denied", "不予公开"),
    Group("unavailable", "无法提供"),
    Group("rejected", "不予处理"),
    Group("other", "其他处理"),
)}


def _o(key, label, group, basis, refusal, discloses, guidance):
    return Outcome(key, label, GROUPS[group], basis, refusal, discloses, guidance)


OUTCOMES: dict[str, Outcome] = {o.key: o for o in (
    _o("granted", "予以公开", "granted", "条例第三十六条第（一）项、第（二）项", False, True,
       "已主动公开的，告知获取的方式、途径（网站栏目、网址、发布日期、文号）；可以公开的，"
       "按申请人要求的形式提供，或告知获取的方式、途径和时间（第四十条）。"),
    _o("partially_granted", "部分公开", "partially_granted", "条例第三十七条、第三十六条第（二）项、第（三）项",
       True, True,
       "区分处理：提供可以公开的内容，对不予公开的每一部分说明理由和依据。只计这一情形，不计其他情形。"
       "属于不予公开的决定，告知书须写明先申请行政复议（行政复议法第二十三条）。"),
    _o("denied_state_secret", "属于国家秘密", "denied", "条例第十四条、第三十六条第（三）项", True, False,
       "须为依法确定的国家秘密；保密审查应有记录。告知不予公开并说明理由，写明复议前置。"),
    _o("denied_prohibited_by_law", "其他法律行政法规禁止公开", "denied", "条例第十四条、第三十六条第（三）项",
       True, False, "须写明禁止公开的具体法律、行政法规名称和条款。"),
    _o("denied_security_stability", "危及“三安全一稳定”", "denied", "条例第十四条、第三十六条第（三）项",
       True, False, "公开后可能危及国家安全、公共安全、经济安全、社会稳定；应有主管部门或保密部门审查记录。"),
    _o("denied_third_party_rights", "保护第三方合法权益", "denied", "条例第十五条、第三十二条、第三十六条第（三）项",
       True, False, "涉及商业秘密、个人隐私等；应书面征求第三方意见（15个工作日），第三方同意或公共利益需要的应当公开。"),
    _o("denied_internal_affairs", "属于三类内部事务信息", "denied", "条例第十六条第一款、第三十六条第（三）项",
       True, False, "人事管理、后勤管理、内部工作流程等内部事务信息，“可以”不予公开。"),
    _o("denied_process_info", "属于四类过程性信息", "denied", "条例第十六条第二款、第三十六条第（三）项",
       True, False, "讨论记录、过程稿、磋商信函、请示报告等；法律、法规、规章规定应当公开的，从其规定。"),
    _o("denied_enforcement_file", "属于行政执法案卷", "denied", "条例第十六条第二款、第三十六条第（三）项",
       True, False, "行政执法案卷信息；案件当事人可告知通过案卷查阅程序办理。"),
    _o("denied_administrative_query", "属于行政查询事项", "denied", "条例第三十六条第（三）项", True, False,
       "条例未定义“行政查询事项”；通常指有专门查询程序的登记、档案类查询。请写明理由并指引查询渠道。"),
    _o("unavailable_not_held", "本机关不掌握相关政府信息", "unavailable", "条例第三十六条第（四）项、第（五）项",
       False, False,
       "经检索不存在的，告知信息不存在并写明检索的范围和方式；不属于本机关负责公开的，说明理由，"
       "能确定负责机关的告知其名称和联系方式。"),
    _o("unavailable_needs_creation", "没有现成信息需要另行制作", "unavailable", "条例第三十八条", False, False,
       "需要对现有信息进行加工、分析的，可以不予提供；能够区分处理的仍应提供。"),
    _o("unavailable_unclear", "补正后申请内容仍不明确", "unavailable", "条例第三十条", False, False,
       "只适用于已经一次性告知补正、申请人补正后内容仍不明确的申请。"),
    _o("rejected_petition", "信访举报投诉类申请", "rejected", "条例第三十九条第一款", False, False,
       "以政府信息公开申请形式进行信访、投诉、举报的，告知不作为政府信息公开申请处理，并告知相应渠道。"),
    _o("rejected_duplicate", "重复申请", "rejected", "条例第三十六条第（六）项", False, False,
       "已就同一申请人的相同申请作出答复的，告知不予重复处理，写明前次答复的日期和文号。"),
    _o("rejected_publication", "要求提供公开出版物", "rejected", "条例第三十九条第二款", False, False,
       "要求提供政府公报、报刊、书籍等公开出版物的，告知获取途径。"),
    _o("rejected_mass_repeated", "无正当理由大量反复申请", "rejected", "条例第三十五条", False, False,
       "先要求申请人说明理由；理由不合理的告知不予处理，理由合理但无法按期答复的确定延迟答复期限。"),
    _o("rejected_confirm_or_reissue", "要求行政机关确认或重新出具已获取信息", "rejected",
       "条例无专门条款（年度报告格式所列情形）", False, False,
       "申请人要求确认或重新出具其已经获取的信息。"),
    _o("other_no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other",
       "条例第三十条", False, False, "补正期限届满、申请人无正当理由未补正的，视为放弃申请。"),
    _o("other_fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other",
       "国办函〔2020〕109号", False, False, "收到收费通知次日起20个工作日内未缴费的，视为放弃申请。"),
    _o("other_other", "其他", "other", "—", False, False, "如申请人撤回申请等其他情形。"),
)}

assert tuple(OUTCOMES) == OUTCOME_KEYS, "outcomes must follow table 三's row order"

CHOICES: list[tuple[str, str]] = [(o.key, o.full_label) for o in OUTCOMES.values()]


def outcome(key: str) -> Outcome:
    try:
        return OUTCOMES[key]
    except KeyError:
        raise ValueError(f"未知的办理结果：{key}") from None
