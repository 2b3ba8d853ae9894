"""A specimen report (样张): every cell filled with a different number and every identity of the
format holding. Used by the exports' tests (layouts, round trips); not part of the product."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from gongkai.rules import annual_format as af

from gongkai.reports.exports import ReportDocument

SPECIMEN_SECTIONS = {
    "overview": (
        "{year}年，{agency}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "全面推进决策、执行、管理、服务、结果公开。\n\n"
        "（一）主动公开\n"
        "全年通过政府信息公开平台主动公开政府信息，及时更新政府信息公开指南和目录。\n\n"
        "（二）依申请公开\n"
        "严格按照法定程序和时限办理政府信息公开申请，规范答复文书。\n\n"
        "（三）政府信息管理。建立政府信息公开审查机制，落实保密审查和个人信息保护要求。\n\n"
        "（四）平台建设\n"
        "优化政府信息公开平台的检索、查阅和下载功能。\n\n"
        "（五）监督保障\n"
        "将政府信息公开工作纳入年度考核，组织业务培训。"
    ),
    "proactive": "",
    "applications": "",
    "appeals": "",
    "problems": (
        "一是部分政策文件的解读形式较为单一；二是依申请公开答复文书的说理还需加强。"
        "下一步，我们将每季度开展一次答复文书质量评查，并组织两次业务培训。"
    ),
    "other": "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。本年度认真落实政务公开工作要点，无其他需要报告的事项。",
}


def specimen_tables(seed: int = 0) -> dict:
    """Tables with a different number in every cell of table 三 (and of 二 and 四), consistent."""
    rng = random.Random(seed)
    used: set[int] = set()

    def fresh(lo: int, hi: int) -> int:
        while True:
            v = rng.randint(lo, hi)
            if v not in used:
                used.add(v)
                return v

    types = af.APPLICANT_TYPES
    leaves = {k: dict(zip(types, [fresh(1, 400) for _ in types])) for k in af.OUTCOME_KEYS}
    carried_out = dict(zip(types, [fresh(1, 400) for _ in types]))
    carried_in = dict(zip(types, [fresh(1, 400) for _ in types]))
    # the balance (一＋二＝三（七）＋四) by construction: new = processed + carried out − carried in
    new = {c: sum(leaves[k][c] for k in af.OUTCOME_KEYS) + carried_out[c] - carried_in[c] for c in types}
    applications = {"new_received": new, "carried_in": carried_in, **leaves, "carried_out": carried_out}
    appeals = {r.key: dict(zip(af.APPEAL_RESULTS, [fresh(401, 460) for _ in af.APPEAL_RESULTS]))
               for r in af.APPEALS_ROWS}
    proactive = {}
    for r in af.PROACTIVE_ROWS:
        if r.key == "fees":
            proactive[r.key] = {"amount_10k_yuan": Decimal("12.3456")}
        else:
            proactive[r.key] = {c: fresh(2000, 2999) for c in r.columns}
    return af.complete_tables({"proactive": proactive, "applications": applications, "appeals": appeals})


def specimen_document(*, agency_name: str = "某县自然资源局", agency_code: str = "dept-x", year: int = 2024,
                      seed: int = 0, **kw) -> ReportDocument:
    sections = {k: v.format(year=year, agency=agency_name) for k, v in SPECIMEN_SECTIONS.items()}
    defaults = dict(
        agency_name=agency_name, agency_code=agency_code, year=year, kind="department",
        sections=sections, tables=specimen_tables(seed), published_on=dt.date(year + 1, 1, 20),
        monthly={m: 10 + (m * 7) % 23 for m in range(1, 13)},
        counting_note="行政复议、行政诉讼案件按本年度内收到复议决定书、裁判文书或立案通知的时间统计。",
    )
    defaults.update(kw)
    return ReportDocument(**defaults)
