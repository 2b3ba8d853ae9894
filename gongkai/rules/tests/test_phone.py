"""Telephone numbers: what is wrong, in words a person can act on."""

from gongkai.rules.phone import CHARACTERS, LENGTH, phone_problem


def test_it_accepts_mobile_fixed_service_and_international_numbers():
    for number in ("13800000000", "138 0000 0000", "0972-8322118", "0972 832 2118", "010-12345678",
                   "400-123-4567", "+86 138 0000 0000", "+44 20 7946 0958"):
        assert phone_problem(number) is None, number


def test_an_all_digit_number_of_the_wrong_length_is_told_so():
    assert LENGTH == "电话号码位数不对：手机号码为11位，固定电话请带区号（如 0972-8322118）。"
    for number in ("12345", "1380000000", "138000000001", "8322118", "0972-83", "+86 1"):
        assert phone_problem(number) == LENGTH, number


def test_other_characters_are_told_apart():
    for number in ("abc", "电话", "0972/8322118", "138-0000-000a", "-13800000000"):
        assert phone_problem(number) == CHARACTERS, number
