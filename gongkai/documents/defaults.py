"""The platform's default letter texts (letters.md §1.0–§1.3; domain.md §1.4, §3.4).

Every text is a template in the placeholder syntax of ``placeholders``. The title, 文号, salutation,
remedy clause and 落款 are laid out by ``rendering``; a template supplies the title, the body and
the closing formula. Agencies override any of them in the staff UI (``LetterTemplate`` rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import LetterKind

REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class DefaultTemplate:
    title: str
    body: str
    closing: str = ""


NOTICE_CLOSING = "特此告知。"

#: the opening every letter to the applicant shares (receipt date per 条例第三十一条, request restated)
OPENING = ("本机关于{收到日期}收到{称谓}以{提交方式}方式提出的政府信息公开申请（申请编号：{申请编号}），"
           "申请获取“{申请内容}”的政府信息。")

DECISION_OPENING = OPENING + "经研究，现答复如下："

ACKNOWLEDGEMENT = DefaultTemplate(
    LetterKind.ACKNOWLEDGEMENT.label,
    OPENING + "\n"
    f"根据{REGULATION}第三十一条的规定，{{收到日期}}为本机关收到申请之日。本机关将自收到申请之日起"
    "20个工作日内依法作出答复；需要延长答复期限的，将另行书面告知。\n"
    "{称谓}可以凭申请编号和查询码在本平台查询办理进度和答复文书。",
    NOTICE_CLOSING,
)

CORRECTION = DefaultTemplate(
    LetterKind.CORRECTION.label,
    OPENING + "\n"
    f"经审查，{{称谓}}的申请内容不明确，本机关无法确定{{称谓}}所需要的政府信息。根据{REGULATION}第三十条的规定，"
    "现一次性告知{称谓}对以下事项作出补正：\n"
    "{补正事项}\n"
    "请{称谓}于{补正期限}前，按照上述事项将补正后的政府信息公开申请提交本机关。"
    "补正时请写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。"
    "答复期限自本机关收到补正后的申请之日起计算。\n"
    "{称谓}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    NOTICE_CLOSING,
)

EXTENSION = DefaultTemplate(
    LetterKind.EXTENSION.label,
    OPENING + "\n"
    "因{延期理由}，本机关无法在规定期限内作出答复。根据" + REGULATION + "第三十三条第二款的规定，"
    "经本机关政府信息公开工作机构负责人同意，答复期限延长{延期工作日数}个工作日，"
    "本机关将于{延期后答复期限}前作出答复。",
    NOTICE_CLOSING,
)

CONSULTATION = {
    "third_party": DefaultTemplate(
        LetterKind.CONSULTATION.label,
        "本机关于{收到日期}收到一份政府信息公开申请，申请获取“{申请内容}”的政府信息。"
        "经审查，该政府信息涉及{称谓}的商业秘密、个人隐私等合法权益，公开可能对{称谓}的合法权益造成损害。\n"
        f"根据{REGULATION}第三十二条的规定，特书面征求{{称谓}}是否同意公开该政府信息的意见。"
        "请{称谓}自收到本意见书之日起{征求意见期限}个工作日内[[（即{意见截止日}前）]]书面提出意见；"
        "不同意公开的，请说明理由。\n"
        "逾期未提出意见的，由本机关依照" + REGULATION + "的规定决定是否公开。"
        "第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，"
        "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知{称谓}。\n"
        "[[通讯地址：{办公地址}。]]",
        "",
    ),
    "agency": DefaultTemplate(
        "政府信息公开征求意见函",
        "本机关于{收到日期}收到一份政府信息公开申请，申请获取“{申请内容}”的政府信息。"
        "经审查，该政府信息由本机关与贵机关共同制作（或者涉及贵机关职责）。\n"
        f"根据{REGULATION}第三十四条的规定，特征求贵机关是否同意公开该政府信息的意见。"
        "请贵机关自收到本函之日起{征求意见期限}个工作日内[[（即{意见截止日}前）]]提出意见。"
        "逾期未提出意见的，视为同意公开。",
        "",
    ),
}

CONSULTATION_NOTICE = {
    "third_party": DefaultTemplate(
        LetterKind.CONSULTATION_NOTICE.label,
        OPENING + "\n"
        "经审查，{称谓}申请公开的政府信息涉及第三方合法权益。根据" + REGULATION + "第三十二条的规定，"
        "本机关已书面征求第三方的意见，第三方应当自收到征求意见书之日起15个工作日内提出意见。\n"
        "根据" + REGULATION + "第三十三条第三款的规定，征求第三方意见所需时间不计算在答复期限内。"
        "本机关将在收到第三方意见或者征求意见期限届满后依法作出答复。",
        NOTICE_CLOSING,
    ),
    "agency": DefaultTemplate(
        LetterKind.CONSULTATION_NOTICE.label,
        OPENING + "\n"
        "经审查，{称谓}申请公开的政府信息需要征求其他行政机关的意见。根据" + REGULATION + "第三十四条的规定，"
        "本机关已征求有关行政机关的意见，有关行政机关应当自收到征求意见书之日起15个工作日内提出意见。\n"
        "根据" + REGULATION + "第三十三条第三款的规定，征求其他机关意见所需时间不计算在答复期限内。"
        "本机关将在收到意见或者征求意见期限届满后依法作出答复。",
        NOTICE_CLOSING,
    ),
}

FEE_NOTICE = DefaultTemplate(
    LetterKind.FEE_NOTICE.label,
    OPENING + "\n"
    "{称谓}申请公开政府信息的数量、频次明显超过合理范围。根据" + REGULATION + "第四十二条和"
    "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定对该申请收取信息处理费。\n"
    "收费依据：" + REGULATION + "第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）。\n"
    "收费方式：{收费方式}。\n"
    "收费标准：{收费标准}。\n"
    "[[本件申请为{称谓}本自然月内累计提出的第{申请件次}件申请。]][[本次提供的政府信息共{页数}页。]]"
    "应缴金额：人民币{收费金额}元。\n"
    "缴纳方式：通过政府非税收入收缴系统缴纳，本机关出具省级财政部门统一监（印）制的财政票据。"
    "[[具体缴纳方式请咨询：{联系电话}。]]\n"
    "请{称谓}在收到收费通知次日起{缴费期限}个工作日内缴纳费用，逾期未缴纳的视为放弃申请，"
    "本机关不再处理该政府信息公开申请。",
    NOTICE_CLOSING,
)

DELAYED_REPLY = DefaultTemplate(
    LetterKind.DELAYED_REPLY.label,
    OPENING + "\n"
    "{称谓}申请公开政府信息的数量、频次明显超过合理范围。经审查，本机关认为{称谓}的申请理由合理，"
    "但[[因{延迟理由}，]]无法在" + REGULATION + "第三十三条规定的期限内答复。根据" + REGULATION + "第三十五条的规定，"
    "本机关确定延迟答复的期限，将于{延迟答复日期}前作出答复。",
    NOTICE_CLOSING,
)

_R = REGULATION
_REASON = "[[{理由}]]"  # optional: printed when the officer gave a reason
_WHY = "{理由}"  # required: 条例第三十六条第（三）项 “说明理由”
_BASIS = "根据{依据}的规定，"  # the one citation of the decision (citations.cite)
_DELIVERY = "\n[[{提供方式说明}]]"  # 条例第四十条: how and where, in the form the applicant chose

# Each text: the finding (经查/经审查 and the officer's reason), then the one citation sentence and
# the decision, then how the information is provided or where to turn.
DECISIONS: dict[str, str] = {
    "granted":
        "经查，{称谓}申请获取的政府信息属于可以公开的政府信息。" + _REASON +
        "\n" + _BASIS + "本机关决定予以公开。"
        "\n[[现向{称谓}提供以下政府信息：\n{提供的信息}]]" + _DELIVERY +
        "\n[[该政府信息已经主动公开，{称谓}可以通过以下途径获取：{获取途径}。]]",
    "partially_granted":
        "经审查，{称谓}申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。" + _REASON +
        "\n其中不应当公开的内容及其理由如下：\n{不予公开部分}"
        "\n" + _BASIS + "本机关决定部分公开：对上述内容不予公开，向{称谓}提供其余可以公开的政府信息内容："
        "\n{提供的信息}" + _DELIVERY +
        "\n[[{称谓}也可以通过以下途径获取：{获取途径}。]]",
    "denied_state_secret":
        "经审查，{称谓}申请获取的政府信息属于依法确定的国家秘密。" + _WHY +
        "\n" + _BASIS + "本机关决定不予公开。",
    "denied_prohibited_by_law":
        "经审查，{称谓}申请获取的政府信息属于法律、行政法规禁止公开的政府信息。" + _WHY +
        "\n" + _BASIS + "本机关决定不予公开。",
    "denied_security_stability":
        "经审查，{称谓}申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全或者社会稳定。" + _WHY +
        "\n" + _BASIS + "本机关决定不予公开。",
    "denied_third_party_rights":
        "经审查，{称谓}申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。" + _WHY +
        "\n" + _BASIS + "本机关决定不予公开。",
    "denied_internal_affairs":
        "经审查，{称谓}申请获取的政府信息属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）。"
        + _WHY + "\n" + _BASIS + "本机关决定不予公开。",
    "denied_process_info":
        "经审查，{称谓}申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息。" + _WHY + "\n" + _BASIS + "本机关决定不予公开。",
    "denied_enforcement_file":
        "经审查，{称谓}申请获取的政府信息属于行政执法案卷信息。" + _WHY +
        "\n" + _BASIS + "本机关决定不予公开。"
        "如{称谓}系该案件的当事人，可以依照有关规定申请查阅案卷材料。",
    "denied_administrative_query":
        "经审查，{称谓}申请获取的信息属于行政查询事项，有关信息应当通过专门的查询程序获取。" + _WHY +
        "\n" + _BASIS + "本机关决定不予公开。"
        "\n[[{称谓}可以通过以下途径查询：{获取途径}。]]",
    "unavailable_not_held":
        "经检索，本机关没有制作或者获取{称谓}申请公开的政府信息。" + _WHY +
        "\n" + _BASIS + "现告知{称谓}：本机关不掌握该政府信息。"
        "[[该政府信息不属于本机关负责公开，负责公开该政府信息的行政机关为{移送机关}，联系方式：{移送机关联系方式}。]]",
    "unavailable_needs_creation":
        "经审查，本机关没有{称谓}申请获取的现成信息，需要对现有政府信息进行加工、分析方能形成。" + _REASON +
        "\n" + _BASIS + "本机关不予提供。",
    "unavailable_unclear":
        "本机关已依照" + _R + "第三十条的规定，一次性告知{称谓}对申请作出补正。经审查，补正后的申请内容仍不明确，"
        "本机关无法确定{称谓}所需要的政府信息。" + _REASON +
        "\n" + _BASIS + "本机关无法向{称谓}提供该政府信息。{称谓}可以明确所需政府信息的"
        "名称、文号或者其他特征性描述后，重新提出申请。",
    "rejected_petition":
        "经审查，{称谓}系以政府信息公开申请的形式进行信访、投诉、举报等活动。" + _REASON +
        "\n" + _BASIS + "本机关不作为政府信息公开申请处理。"
        "\n[[{称谓}可以通过以下渠道提出：{获取途径}。]]",
    "rejected_duplicate":
        "经查，本机关已就{称谓}提出的相同政府信息公开申请作出答复（{前次答复}）。{称谓}重复申请公开相同的政府信息。"
        + _REASON + "\n" + _BASIS + "本机关不予重复处理。",
    "rejected_publication":
        "经审查，{称谓}申请获取的是政府公报、报刊、书籍等公开出版物。" + _REASON +
        "\n" + _BASIS + "本机关对该申请不作为政府信息公开申请处理。"
        "\n[[{称谓}可以通过以下途径获取：{获取途径}。]]",
    "rejected_mass_repeated":
        "{称谓}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{称谓}说明理由。经审查，"
        "本机关认为{称谓}的申请理由不合理。" + _REASON +
        "\n" + _BASIS + "本机关不予处理。",
    "rejected_confirm_or_reissue":
        "经审查，{称谓}的申请系要求本机关确认或者重新出具{称谓}已经获取的信息，不属于" + _R
        + "规定的政府信息公开申请。" + _REASON + "\n本机关对该申请不作为政府信息公开申请处理。",
    "other_no_correction":
        "本机关已依照" + _R + "第三十条的规定，一次性告知{称谓}对申请作出补正，并告知了合理的补正期限。"
        "{称谓}无正当理由逾期未补正。" + _REASON +
        "\n" + _BASIS + "视为{称谓}放弃申请，本机关不再处理该政府信息公开申请。",
    "other_fee_unpaid":
        "本机关已向{称谓}发出收费通知。{称谓}未在收到收费通知次日起20个工作日内缴纳信息处理费。" + _REASON +
        "\n根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的有关规定，视为{称谓}放弃申请，"
        "本机关不再处理该政府信息公开申请。",
    "other_other":
        "{理由}\n本机关对该政府信息公开申请不再处理。",
}

_SINGLE = {
    LetterKind.ACKNOWLEDGEMENT: ACKNOWLEDGEMENT,
    LetterKind.CORRECTION: CORRECTION,
    LetterKind.EXTENSION: EXTENSION,
    LetterKind.FEE_NOTICE: FEE_NOTICE,
    LetterKind.DELAYED_REPLY: DELAYED_REPLY,
}


def default_template(kind: str, variant: str) -> DefaultTemplate:
    if kind == LetterKind.DECISION:
        return DefaultTemplate(LetterKind.DECISION.label, DECISION_OPENING + "\n" + DECISIONS[variant], "")
    if kind == LetterKind.CONSULTATION:
        return CONSULTATION[variant]
    if kind == LetterKind.CONSULTATION_NOTICE:
        return CONSULTATION_NOTICE[variant]
    return _SINGLE[kind]
