"""Hand-checked identity numbers: the GB 11643 check character computed by hand below."""

import pytest

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


def test_a_card_number_that_fails_luhn_is_masked_only_when_it_starts_like_a_card():
    # the same digits ending 0 instead of 4: sum 56 → invalid, but 62 is 银联: a mistyped card is a card
    assert [m.kind for m in pd.find("卡号6222021234567890")] == ["bank_card"]
    # 3100 2023 0000 1234 5 — 17 digits, Luhn from the right: 5, 4→8, 3, 2→4, 1, 0, 0, 0, 0, 3→6, 2, 0, 2, 0, 0,
    # 1→2, 3 → sum 34 → invalid, and 31 is no card prefix: a 档案号, left alone
    assert pd.find("档案号3100 2023 0000 1234 5") == []


def test_it_really_removes_the_text_when_redacting():
    text = f"身份证{VALID_ID}，手机13912345678。"
    out = pd.redact(text)
    assert VALID_ID not in out and "13912345678" not in out and "■" in out
    assert out.startswith("身份证") and out.endswith("。")


def test_it_masks_identity_numbers_and_phones():
    assert pd.mask_id_number(VALID_ID) == "110105********002X"
    assert pd.mask_phone("13912345678") == "139****5678"


# -- numbers however they are typed (issue 15) ------------------------------------------------------

# 630223198501011234 — weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over 6 3 0 2 2 3 1 9 8 5 0 1 0 1 1 2 3
# → 42+27+0+10+16+12+2+9+48+15+0+9+0+5+8+8+6 = 217; 217 = 19 × 11 + 8 → "10X98765432"[8] = "4"
ID_A = "630223198501011234"
# 63022319850101120X — the same but 17th digit 0: 217 − 6 = 211 = 19 × 11 + 2 → "X"
ID_X = "63022319850101120X"
FW = str.maketrans("0123456789X.@abcdeghilmnopwx", "０１２３４５６７８９Ｘ．＠ａｂｃｄｅｇｈｉｌｍｎｏｐｗｘ")

#: (kind, how it is written, the part that must be redacted) — the 21 variants of the attack
VARIANTS = [
    ("id_card", ID_A, ID_A),
    ("id_card", ID_A.translate(FW), ID_A.translate(FW)),  # full-width, as input methods type it
    ("id_card", "630223 19850101 1234", "630223 19850101 1234"),
    ("id_card", "630223-19850101-1234", "630223-19850101-1234"),
    ("id_card", "630223.19850101.1234", "630223.19850101.1234"),
    ("id_card", "630223\u300019850101\u30001234", "630223\u300019850101\u30001234"),
    ("id_card", "6302\u200b23198501\u200d011234", "6302\u200b23198501\u200d011234"),
    ("id_card", "ID" + ID_A, ID_A),  # a Latin letter right before it
    ("id_card", "ID：" + ID_X.lower(), ID_X.lower()),
    ("id_card", ID_X.translate(FW), ID_X.translate(FW)),
    ("id_card", "ID６３０２２３ １９８５０１０１ １２３４", "６３０２２３ １９８５０１０１ １２３４"),
    ("mobile", "13912345678", "13912345678"),
    ("mobile", "１３９１２３４５６７８", "１３９１２３４５６７８"),
    ("mobile", "139.1234.5678", "139.1234.5678"),
    ("mobile", "１３９．１２３４．５６７８", "１３９．１２３４．５６７８"),
    ("mobile", "139 1234 5678", "139 1234 5678"),
    ("mobile", "139\u30001234\u30005678", "139\u30001234\u30005678"),
    ("mobile", "139\u200d1234\u200c5678", "139\u200d1234\u200c5678"),
    ("mobile", "Tel13912345678", "13912345678"),
    ("email", "wang＠example.com", "wang＠example.com"),
    ("email", "wang@example.com".translate(FW), "wang@example.com".translate(FW)),
]


def test_there_are_21_variants_and_the_ids_are_valid():
    assert len(VARIANTS) == 21
    assert pd.is_id_number(ID_A) and pd.is_id_number(ID_X)


@pytest.mark.parametrize("kind, written, secret", VARIANTS, ids=[repr(v[1]) for v in VARIANTS])
def test_it_finds_and_redacts_each_variant_at_its_own_offsets(kind, written, secret):
    before, after = "联系人：张三，", "，请核实。"
    text = before + written + after
    start = text.index(secret)
    [match] = pd.find(text)
    assert (match.kind, match.start, match.end, match.text) == (kind, start, start + len(secret), secret)
    out = pd.redact(text)
    assert out.startswith(before + written[:len(written) - len(secret)]) and out.endswith(after)
    assert not any(c.isdigit() for c in out)


def test_it_still_finds_two_numbers_side_by_side_and_a_date_next_to_a_mobile():
    text = "电话13912345678 13800000000，2025-01-20 13700000000"
    assert [m.text for m in pd.find(text)] == ["13912345678", "13800000000", "13700000000"]


@pytest.mark.parametrize("text", [
    "a" * 40_000, "1" * 40_000, "1 " * 20_000, "a." * 20_000 + "@", "a@" * 20_000, "-1" * 20_000,
    ("x" * 30 + "@") * 1300, "６" * 40_000,
])
def test_it_screens_40k_adversarial_characters_in_well_under_a_second(text):
    """The old e-mail pattern took 3 s on 40 000 letters (retried from every one); linear now."""
    import time

    started = time.monotonic()
    pd.find(text)
    assert time.monotonic() - started < 1.0


# -- numbers of the right shape whatever their check digit (blind test, 互动 公开答复) ----------------

# 630223 19860202 2345: weights over 6 3 0 2 2 3 1 9 8 6 0 2 0 2 2 3 4 → 42+27+0+10+16+12+2+9+48+18+0+18+0+10
# +16+12+8 = 248 = 22 × 11 + 6 → check "7", not 5; 630223 20100303 345X and 630223 19500404 123x are as wrong
@pytest.mark.parametrize("written", [
    "630223 19860202 2345", "630223-20100303-345X", "63022319500404123x", "６３０２２３１９８６０２０２２３４５",
])
def test_an_id_shaped_number_is_masked_even_when_its_check_character_is_wrong(written):
    assert not pd.is_id_number(written.replace(" ", "").replace("-", ""))  # the form still refuses it
    text = f"我的身份证号是{written}，麻烦帮忙查一下。"
    [match] = pd.find(text, any_check=True)
    assert (match.kind, match.text) == ("id_card", written)
    assert pd.redact(text, any_check=True) == "我的身份证号是" + "■" * 18 + "，麻烦帮忙查一下。"
    assert pd.find(text) == []  # the catalogue's and documents' screen still wants the check character


def test_a_mistyped_unionpay_card_is_masked_but_index_numbers_file_numbers_dates_and_amounts_are_not():
    text = "我的银行卡号6222 0212 3456 7890 123一直没有收到补贴。"
    assert [(m.kind, m.text) for m in pd.find(text)] == [("bank_card", "6222 0212 3456 7890 123")]
    plain = ("索引号：015201120/2023-00026，依据《互自然资规〔2023〕1号》，2023年3月15日起施行，"
             "补助标准为每亩1,200.00元，共计12,345,678.90元，受理时间2023-03-15 09:30。")
    assert pd.find(plain) == []


def test_it_masks_qq_numbers_car_plates_and_spelled_out_email_addresses():
    text = ("我的QQ：12345678，扣扣 987654321，也可以发邮件到wangfang at qq dot com；"
            "车牌青A12345的车天天停在门口，还有川AD12345、京A·F0236。")
    assert [(m.kind, m.text) for m in pd.find(text)] == [
        ("qq", "12345678"), ("qq", "987654321"), ("email", "wangfang at qq dot com"),
        ("plate", "青A12345"), ("plate", "川AD12345"), ("plate", "京A·F0236")]
    # not a plate: a year, a model name, a 文号
    assert pd.find("川A2023年度报告，新Windows系统，青政办〔2023〕12号") == []


def test_it_masks_the_known_name_phone_and_email_wherever_they_occur():
    known = [("name", "张伟"), ("mobile", "138 0000 0000"), ("email", "Zhang.Wei@example.cn"), ("name", "张")]
    text = "张伟反映：请回电１３８００００００００或发zhang.wei@example.cn。张 伟"
    assert pd.redact(text, known=known) == "■■反映：请回电■■■■■■■■■■■或发■■■■■■■■■■■■■■■■■■。■■■"


def test_it_finds_the_name_and_address_the_writer_gives_and_nothing_else():
    text = "我叫王芳，家住威远镇南街12号3栋2单元501室，我是一名退休教师，本人于2023年申请过低保。"
    assert pd.self_disclosed(text) == [
        ("name", "王芳"), ("address", "威远镇南街12号3栋2单元501室"), ("address", "威远镇南街12号")]
    assert pd.self_disclosed("姓名：欧阳明月，住址：城关镇东街村3组") == [
        ("name", "欧阳明月"), ("address", "城关镇东街村3组")]
    assert pd.self_disclosed("我是王家村村民，想问问我是高三学生能不能申请。") == []
