"""信息处理费 — 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号), domain.md §3.

Both schedules are 超额累进 (第三条): each band's rate applies only to the part inside the band.
One method per application, never both (第三条) — the caller chooses. Amounts are whole yuan.

* 按件计收 (第四条): the applicant's k-th application in one natural month costs 0 for k ≤ 10,
  100元 for 11–30, then +100元 per band of 10: 31–40 → 200, 41–50 → 300, …
* 按量计收 (第五条): pages ≤ 30 free; 31–100 10元/页; 101–200 20元/页; 201 up 40元/页.

Whose applications count together (same agency or all agencies) is UNCONFIRMED (§3.3): the caller
passes the ordinal it counted.
"""

from __future__ import annotations

__all__ = ["FREE_PIECES", "FREE_PAGES", "per_piece", "per_volume", "month_total_per_piece"]

FREE_PIECES = 10
FREE_PAGES = 30

#: 按量计收 bands: (last page of the band, yuan per page); the last band is open-ended
_PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))


def _positive_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what}应为正整数，收到：{value!r}")
    if value < 1:
        raise ValueError(f"{what}应为正整数（从1起），收到：{value}")
    return value


def per_piece(ordinal: int) -> int:
    """Fee in yuan for the applicant's ``ordinal``-th application in the natural month (第四条)."""
    k = _positive_int(ordinal, "本月申请序号")
    if k <= FREE_PIECES:
        return 0
    if k <= 30:
        return 100
    return 100 * (1 + (k - 30 + 9) // 10)  # 31–40 → 200, 41–50 → 300, …


def month_total_per_piece(count: int) -> int:
    """Total 按件 fee in yuan for ``count`` applications by one applicant in one natural month."""
    n = _positive_int(count, "本月申请件数")
    return sum(per_piece(k) for k in range(FREE_PIECES + 1, n + 1))


def per_volume(pages: int) -> int:
    """Fee in yuan for one application answered with ``pages`` pages (第五条)."""
    p = _positive_int(pages, "页数")
    total, lower = 0, 0
    for upper, rate in _PAGE_BANDS:
        top = p if upper is None else min(p, upper)
        if top > lower:
            total += (top - lower) * rate
        if upper is None or p <= upper:
            break
        lower = upper
    return total
