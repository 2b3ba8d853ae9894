"""Titles found by their reading: a whole title typed as pinyin or initials, and homophones in a
long query (issue 18, 1: initials were the weak class — the words cut from them were guesses)."""

import datetime

import pytest

from gongkai.catalog import actions
from gongkai.catalog.models import SearchEntry
from gongkai.catalog.search import search
from gongkai.catalog.search.reading import homophone_key, matched_text, reading_key, title_reading

from .helpers import published


def test_a_title_reads_as_its_pinyin_and_initials_digits_kept_punctuation_left_out():
    assert title_reading("不动产登记（2024年）") == ("budongchandengji2024nian", "bdcdj2024n")
    assert title_reading("关于PM2.5监测的通知") == ("guanyupm25jiancedetongzhi", "gypm25jcdtz")


@pytest.mark.parametrize("typed, key", [("Bu Dong Chan", "budongchan"), ("bdcdj", "bdcdj"),
                                        ("2024 nian du", "2024niandu"), ("bdc", ""), ("2024", ""),
                                        ("不动产", ""), ("", "")])
def test_only_latin_letters_of_four_or_more_are_looked_up_in_the_readings(typed, key):
    assert reading_key(typed) == key


def test_the_text_a_key_reads_starts_and_ends_with_a_character():
    assert matched_text("关于不动产登记的通知", "bdcdj") == "不动产登记"
    assert matched_text("关于不动产登记的通知", "budongchan") == "不动产"
    assert matched_text("关于不动产登记的通知", "ongchan") is None  # inside a syllable: no text
    assert matched_text("2024年度消防工作总结", "2024ndxf") == "2024年度消防"


def test_a_short_chinese_query_is_not_looked_up_by_its_reading():
    assert homophone_key("不动产登纪") == ""  # a word or two: corrected word by word instead
    assert homophone_key("西山乡政府彩购") == "xishanxiangzhengfucaigou"


@pytest.fixture
def titles(world):
    world.other_agency.org_code = "015201130"
    world.other_agency.save()
    on = datetime.date(2025, 3, 3)
    return {
        "west": published(world, title="关于西山乡政府采购的通知", published_on=on),
        "east": published(world, title="关于东山乡政府采购的通知", published_on=on + datetime.timedelta(days=1)),
        "west_notice": published(world, title="西山乡政府采购情况公示", published_on=on + datetime.timedelta(days=2)),
        "fire": published(world, title="2024年度消防工作总结", published_on=on),
        "other": published(world, agency=world.other_agency, title="西山乡政府采购工作方案", published_on=on),
    }


def found(page):
    return [h.item.title for h in page.results]


def test_a_title_typed_as_its_initials_comes_first(titles):
    page = search("gyxsxzfcgdtz")  # 关于 and 西山乡 are in no vocabulary: the title is read whole
    assert found(page) == ["关于西山乡政府采购的通知"]
    assert page.corrected == "关于西山乡政府采购的通知"


def test_a_run_of_initials_finds_every_title_holding_it_whole_title_first(titles):
    page = search("xsxzfcg")
    # the title starting with it first, then the shortest readings, newest first; not 东山乡 (dsx)
    assert found(page) == ["西山乡政府采购情况公示", "西山乡政府采购工作方案", "关于西山乡政府采购的通知"]
    assert (page.count, page.corrected) == (3, "西山乡政府采购")


def test_full_pinyin_with_or_without_spaces_and_numbers(titles):
    assert found(search("2024 nian du xiao fang gong zuo zong jie")) == ["2024年度消防工作总结"]
    assert found(search("2024ndxfgzzj")) == ["2024年度消防工作总结"]
    page = search("dongshanxiang zhengfu caigou")
    assert found(page) == ["关于东山乡政府采购的通知"]
    assert "<mark>东山乡政府采购</mark>" in page.results[0].title_html


def test_the_agency_filter_applies_to_the_readings(world, titles):
    assert found(search("xsxzfcg", agency=world.other_agency)) == ["西山乡政府采购工作方案"]


def test_a_homophone_in_a_long_query_is_found_by_the_reading_place_name_and_all(titles):
    page = search("关于西山乡政府彩购的通知")  # 彩 for 采: cai either way
    assert found(page) == ["关于西山乡政府采购的通知"]
    assert page.corrected == "关于西山乡政府采购的通知"


def test_the_readings_follow_a_revised_title_and_a_withdrawal(world, titles):
    item = titles["fire"]
    entry = SearchEntry.objects.get(item=item)
    assert (entry.title_pinyin, entry.title_initials) == ("2024nianduxiaofanggongzuozongjie", "2024ndxfgzzj")
    actions.revise_item(item, data={"title": "2024年度森林防火工作总结"}, actor=world.admin, reason="更正名称")
    assert found(search("2024ndslfhgzzj")) == ["2024年度森林防火工作总结"]
    old = search("2024ndxfgzzj")
    assert old.mode != "reading"  # no title reads so any more (its words still find the item, as words)
    actions.withdraw_item(item, actor=world.admin, reason="撤回")
    assert found(search("2024ndslfhgzzj")) == []
