"""gongkai fee — the 信息处理费 of one application (国办函〔2020〕109号).

    gongkai fee --per-piece 11        # the applicant's 11th application this natural month → 100
    gongkai fee --per-volume 150      # 150 pages → 1700
"""

from __future__ import annotations

import json

from gongkai.cli import CommandError
from gongkai.rules.fees import per_piece, per_volume

HELP = "计算信息处理费（按件计收或按量计收，超额累进，国办函〔2020〕109号）。"


def add_arguments(parser):
    parser.add_argument("--per-piece", metavar="序号",
                        help="按件计收：本申请是同一申请人本自然月内的第几件申请。")
    parser.add_argument("--per-volume", metavar="页数",
                        help="按量计收：提供信息的页数。")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）。")


def _positive_int(text: str, what: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise CommandError(f"{what}“{text}”应为正整数。") from None
    if value < 1:
        raise CommandError(f"{what}应为正整数（从1起），收到：{value}。")
    return value


def run(args) -> int:
    if (args.per_piece is None) == (args.per_volume is None):
        raise CommandError("请指定 --per-piece 或 --per-volume 其中之一（两种标准不得同时计算，办法第三条）。")
    if args.per_piece is not None:
        method, n = "per_piece", _positive_int(args.per_piece, "本月申请序号")
        amount = per_piece(n)
        text = f"按件计收：同一申请人本自然月内第{n}件申请，信息处理费 {amount} 元。"
    else:
        method, n = "per_volume", _positive_int(args.per_volume, "页数")
        amount = per_volume(n)
        text = f"按量计收：{n}页，信息处理费 {amount} 元。"
    if args.format == "json":
        print(json.dumps({"method": method, "amount_yuan": amount}, ensure_ascii=False))
    else:
        print(text)
        print("依据：《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），超额累进计算。")
    return 0
