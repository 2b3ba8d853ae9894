"""What is wrong with a telephone number someone typed, in words they can act on (no Django).

Accepted: a mobile number (11 digits starting with 1), a fixed line with its area code (0 and
10–12 digits, e.g. 0972-8322118), a 400/800 service number (10 digits), or an international
number after ``+`` (7–15 digits). Spaces and hyphens may separate the groups.
"""

from __future__ import annotations

import re

CHARACTERS = "电话号码只能包含数字、空格和连字符（如 0972-8322118 或 13800000000）。"
LENGTH = "电话号码位数不对：手机号码为11位，固定电话请带区号（如 0972-8322118）。"

_ALLOWED = re.compile(r"\+?[0-9][0-9\- ]*")


def phone_problem(value: str) -> str | None:
    """None for a number that can be dialled from China, else the sentence saying what is wrong."""
    if not _ALLOWED.fullmatch(value):
        return CHARACTERS
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        ok = 7 <= len(digits) <= 15
    elif digits.startswith("1"):
        ok = len(digits) == 11
    elif digits.startswith("0"):
        ok = 10 <= len(digits) <= 12
    elif digits[0] in "48":
        ok = len(digits) == 10
    else:  # 7 or 8 digits without the area code
        ok = False
    return None if ok else LENGTH
