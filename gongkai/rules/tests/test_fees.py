"""信息处理费 — hand-checked against domain.md §3.2/§3.3 (国办函〔2020〕109号)."""

import pytest

from gongkai.rules.fees import month_total_per_piece, per_piece, per_volume


@pytest.mark.parametrize("ordinal, yuan", [
    (1, 0), (10, 0),  # 10件以下（含10件）不收费
    (11, 100), (30, 100),  # 11—30件 100元/件
    (31, 200), (40, 200),  # 31件以上每10件一档，每档提高100元/件
    (41, 300), (50, 300), (51, 400),
])
def test_it_charges_per_piece(ordinal, yuan):
    assert per_piece(ordinal) == yuan


@pytest.mark.parametrize("pages, yuan", [
    (1, 0), (30, 0),  # 30页以下（含30页）不收费
    (31, 10),  # 1 page × 10
    (100, 700),  # 70 × 10
    (101, 720),  # 700 + 1 × 20
    (150, 1700),  # 700 + 50 × 20
    (200, 2700),  # 700 + 100 × 20
    (201, 2740),  # 2700 + 1 × 40
    (250, 4700),  # 700 + 2000 + 50 × 40
])
def test_it_charges_per_volume_in_excess_bands(pages, yuan):
    assert per_volume(pages) == yuan


@pytest.mark.parametrize("count, yuan", [
    (10, 0),
    (11, 100),
    (30, 2000),  # 20 × 100
    (35, 3000),  # 20 × 100 + 5 × 200
    (41, 4300),  # 2000 + 10 × 200 + 1 × 300
])
def test_it_totals_a_month_per_piece(count, yuan):
    assert month_total_per_piece(count) == yuan


@pytest.mark.parametrize("func", [per_piece, per_volume, month_total_per_piece])
@pytest.mark.parametrize("bad", [0, -1, 2.5, "11", None, True])
def test_it_refuses_bad_input_in_chinese(func, bad):
    with pytest.raises(ValueError, match="应为正整数"):
        func(bad)
