"""Hand-checked identity numbers: the GB 11643 check character computed by hand below."""

from gongkai.rules import personal_data as pd

# 11010519491231002X — the standard's own example: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over
# 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 → 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → "X"
VALID_ID = "11010519491231002X"


def test_it_computes_the_check_character_of_the_standard_example():
    assert pd.id_check_character(VALID_ID[:17]) == "X"
    assert pd.is_id_number(VALID_ID)
    assert pd.is_id_number(VALID_ID.lower())
    assert not pd.is_id_number("110105194912310021")  # wrong check character
    assert not pd.is_id_number("11010519491331002X")  # month 13


def test_it_finds_an_id_number_in_text_but_not_a_random_18_digit_number():
    text = f"申请人张三，身份证号{VALID_ID}，案卷号123456789012345678。"
    matches = pd.find(text)
    assert [(m.kind, m.text) for m in matches] == [("id_card", VALID_ID)]


def test_it_finds_mobile_numbers_and_bank_cards():
    # 6222 0212 3456 7894 — Luhn by hand, from the right, doubling every second digit:
    # 4, 9→18→9, 8, 7→14→5, 6, 5→10→1, 4, 3→6, 2, 1→2, 2, 0→0, 2, 2→4, 2, 6→12→3; sum 60 → valid
    text = "联系电话13912345678，银行卡6222021234567894，座机0972-8322118，邮箱a.b@example.cn"
    kinds = [(m.kind, m.text) for m in pd.find(text)]
    assert ("mobile", "13912345678") in kinds
    assert ("bank_card", "6222021234567894") in kinds
    assert ("landline", "0972-8322118") in kinds
    assert ("email", "a.b@example.cn") in kinds


def test_it_refuses_a_card_number_that_fails_luhn():
    # the same digits ending 0 instead of 4: sum 56 → invalid
    assert pd.find("卡号6222021234567890") == []


def test_it_really_removes_the_text_when_redacting():
    text = f"身份证{VALID_ID}，手机13912345678。"
    out = pd.redact(text)
    assert VALID_ID not in out and "13912345678" not in out and "■" in out
    assert out.startswith("身份证") and out.endswith("。")


def test_it_masks_identity_numbers_and_phones():
    assert pd.mask_id_number(VALID_ID) == "110105********002X"
    assert pd.mask_phone("13912345678") == "139****5678"
