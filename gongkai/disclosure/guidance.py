"""What the law says at each step, shown where the work is done (issue 3, item 12), and what the
applicant has to do next (the public tracking page). Sources: domain.md §1.4, letters.md §1."""

from __future__ import annotations

from datetime import date

from .actions import payment_due_provisional
from gongkai.portal.dates import prose

from .models import Application, Status

#: step → (title, article, what the letter must contain, common mistakes)
STEPS: dict[str, dict[str, str]] = {
    "confirm_receipt": {
        "title": "确认收到申请",
        "article": "条例第三十一条",
        "text": "网上、传真、平常信函提交的，以双方确认之日为收到申请之日；邮寄的以签收之日为准。确认日就是答复期限的起算日（当日不计入）。",
        "mistake": "常见错误：把网上提交的时间直接当作收到日期；确认后未告知申请人。",
    },
    "request_correction": {
        "title": "告知补正",
        "article": "条例第三十条",
        "text": "申请内容不明确的，应当给予指导和释明，自收到申请之日起7个工作日内一次性告知补正，写明需要补正的事项和合理的补正期限，以及逾期不补正视为放弃申请。",
        "mistake": "常见错误：分两次要求补正；超过7个工作日才告知；只写“内容不明确”而不说明怎样补正。",
    },
    "receive_correction": {
        "title": "收到补正",
        "article": "条例第三十条",
        "text": "答复期限自收到补正的申请之日起重新计算20个工作日。",
        "mistake": "常见错误：仍按最初的收到日期计算期限。",
    },
    "correction_lapsed": {
        "title": "逾期未补正",
        "article": "条例第三十条",
        "text": "补正期限届满、申请人无正当理由未补正的，视为放弃申请，不再处理；计入年度报告表三（六）1。",
        "mistake": "常见错误：补正期限未满就办结；申请人有正当理由（如邮寄延误）仍按放弃处理。",
    },
    "start_consultation": {
        "title": "征求第三方或其他机关意见",
        "article": "条例第三十二条、第三十三条第三款、第三十四条",
        "text": "公开可能损害第三方合法权益的，应当书面征求第三方意见，第三方自收到征求意见书之日起15个工作日内提出意见；与其他机关共同制作的可以征求其意见，逾期未提出意见视为同意公开。征求意见的时间不计入答复期限，应告知申请人。",
        "mistake": "常见错误：口头征求意见无书面记录；未告知申请人期限暂停；第三方逾期未复仍一直等待。",
    },
    "record_delivery": {
        "title": "登记文书送达",
        "article": "条例第三十二条、第三十四条，国办函〔2020〕109号",
        "text": "第三方、其他机关自收到征求意见书之日起15个工作日内提出意见；申请人自收到收费通知次日起20个工作日内缴费。"
                "期限从对方收到之日起算，不是从发出之日起算：登记对方实际收到的日期和送达方式（当面、邮寄、电子），"
                "系统据此计算对方的期限；登记前按送达方式通常需要的时间暂定。",
        "mistake": "常见错误：按发出日期计算对方的期限，邮寄途中的时间被算作对方的期限；没有留存送达回证或签收记录。",
    },
    "end_consultation": {
        "title": "征求意见结束",
        "article": "条例第三十二条、第三十四条",
        "text": "登记收到意见（或15个工作日届满）之日；自开始之日至该日的工作日均不计入答复期限。第三方不同意公开且有合理理由的，不予公开；认为不公开会对公共利益造成重大影响的可以公开，并书面告知第三方。",
        "mistake": "常见错误：第三方不同意就一律不公开，不审查理由是否合理。",
    },
    "request_extension": {
        "title": "申请延期答复",
        "article": "条例第三十三条第二款",
        "text": "经办人提出延期理由和天数，提交负责人批准。",
        "mistake": "常见错误：期限届满后才申请延期。",
    },
    "extend": {
        "title": "批准延期答复",
        "article": "条例第三十三条第二款",
        "text": "需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日，且只能延长一次。延期答复告知书写明原因和延长后的答复期限。",
        "mistake": "常见错误：原期限届满后才延期；延期超过20个工作日；未经负责人同意；未告知申请人；"
                   "把今天的审批补填成几周前的日期（须写明补录理由，告知书落款为实际发出之日）。",
    },
    "refuse_extension": {
        "title": "不批准延期答复",
        "article": "条例第三十三条第二款",
        "text": "负责人认为不需要延长的，写明理由不批准；经办人会收到通知，按原答复期限答复。期限已过的，应立即答复。",
        "mistake": "常见错误：延期申请长期搁置不作决定，直到答复期限届满。",
    },
    "fee_notice": {
        "title": "发出收费通知",
        "article": "条例第四十二条，国办函〔2020〕109号",
        "text": "申请数量、频次明显超过合理范围的可以收取信息处理费：按件（同一申请人一个自然月内第11—30件100元/件，以后每10件一档递增）或按量（30页以下免费，31—100页10元/页……），两种标准不得同时使用。收费通知写明依据、标准、数额、缴纳方式，申请人自收到次日起20个工作日内缴纳。",
        "mistake": "常见错误：未超过免费额度仍收费；按件和按量同时计算；在答复期限届满后才发出收费通知。",
    },
    "fee_paid": {
        "title": "登记缴费",
        "article": "国办函〔2020〕109号",
        "text": "申请人缴费后继续办理；按本机关设置，等待缴费的时间不计入答复期限。",
        "mistake": "常见错误：未开具财政票据。",
    },
    "fee_lapsed": {
        "title": "逾期未缴费",
        "article": "国办函〔2020〕109号",
        "text": "申请人逾期未缴纳的视为放弃申请，计入年度报告表三（六）2。",
        "mistake": "常见错误：缴费期限未满就办结。",
    },
    "set_delayed_reply_date": {
        "title": "确定延迟答复期限",
        "article": "条例第三十五条",
        "text": "申请数量、频次明显超过合理范围，申请人说明的理由合理但无法在法定期限内答复的，可以确定延迟答复的合理期限并告知申请人。",
        "mistake": "常见错误：未先要求申请人说明理由；把它当作第二次延期使用。",
    },
    "decide": {
        "title": "作出答复",
        "article": "条例第三十六条至第三十九条",
        "text": "答复书写明收到申请的日期和申请内容、查找和审查的情况、答复结论和法律依据；不予公开、部分公开的须告知先申请行政复议（行政复议法第二十三条），写明复议机关和60日期限。",
        "mistake": "常见错误：只写结论不写理由和条款；拒绝公开未写复议前置；一件申请记入两种结果（部分公开只计这一情形）。",
    },
    "withdraw": {
        "title": "申请人撤回",
        "article": "—",
        "text": "申请人书面或当面撤回申请的，终止办理，计入年度报告表三（六）3“其他”。",
        "mistake": "常见错误：没有留存撤回的书面材料。",
    },
    "reopen": {
        "title": "重新办理",
        "article": "行政复议法、行政诉讼法",
        "text": "复议决定或判决责令重新答复的，自重新办理之日起重新计算答复期限。年度报告中作为一次新的办理计入当年新收。",
        "mistake": "常见错误：仍按原收到日期计算期限；未在规定期限内重新答复。",
    },
    "record_provision": {
        "title": "登记提供信息",
        "article": "条例第四十条",
        "text": "依申请公开的政府信息，按申请人要求的形式提供；纸质、光盘邮寄的，登记寄出日期和邮件单号；当面领取或当场查阅的，登记日期和领取、查阅情况。网站下载和电子邮件由平台自动提供并记录。",
        "mistake": "常见错误：答复后未实际提供信息；邮寄未留存单号。",
    },
    "assign_officer": {
        "title": "指定经办人",
        "article": "条例第四十五条",
        "text": "每件申请应有明确的经办人，到期提醒发给经办人。",
        "mistake": "",
    },
}


def applicant_next_step(app: Application, today: date) -> dict:
    """What the applicant must do, as data: ``action`` (correct / pay / wait_confirmation / none /
    overdue / closed), the sentence and the deadline of that action (if any)."""
    text = next_step_for_applicant(app, today)
    if app.status == Status.AWAITING_CORRECTION:
        pending = app.corrections.filter(received_on__isnull=True).exists()
        if pending:
            return {"action": "none", "text": "您已网上提交补正，等待机关确认收到；确认收到之日起重新计算答复期限。",
                    "deadline": None}
        return {"action": "correct", "text": text, "deadline": app.correction_deadline}
    if app.status == Status.AWAITING_PAYMENT:
        return {"action": "pay", "text": text, "deadline": app.payment_due_on}
    if app.status == Status.SUBMITTED:
        return {"action": "wait_confirmation", "text": text, "deadline": None}
    if app.status == Status.CLOSED:
        return {"action": "closed", "text": text, "deadline": None}
    if app.due_on and app.due_on < today and app.is_open:
        return {"action": "overdue", "text": text, "deadline": None}
    return {"action": "none", "text": text, "deadline": None}


def next_step_for_applicant(app: Application, today: date) -> str:
    """What the applicant must (or may) do now, in one or two sentences."""
    if app.status == Status.SUBMITTED:
        return "申请已提交，等待机关确认收到。确认收到之日起计算答复期限。"
    if app.status == Status.AWAITING_CORRECTION:
        deadline = f"{prose(app.correction_deadline)}前" if app.correction_deadline else "在补正期限内"
        return f"请按补正告知书的要求，{deadline}补正申请内容；逾期无正当理由不补正的，视为放弃申请。"
    if app.status == Status.AWAITING_PAYMENT:
        by = f"{prose(app.payment_due_on)}前" if app.payment_due_on else "在规定期限内"
        text = f"请按收费通知书{by}缴纳信息处理费{app.fee_amount or ''}元；逾期未缴纳的视为放弃申请。"
        if app.payment_due_on and payment_due_provisional(app):
            text += "缴费期限自您收到收费通知次日起计算20个工作日；机关尚未登记您收到的日期，该日期为暂定。"
        return text
    if app.status == Status.IN_CONSULTATION:
        return "机关正在征求第三方或其他机关的意见，这段时间不计入答复期限。您无需操作。"
    if app.status == Status.IN_PROGRESS:
        if app.due_on and app.due_on < today:
            return ("答复期限已过。您可以向本机关或上一级机关、政府信息公开工作主管部门反映，"
                    "也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。")
        return "机关正在办理，您无需操作。"
    return "申请已办结，请查看答复书。对答复不服的，可按答复书所列途径申请行政复议或者提起行政诉讼。"
