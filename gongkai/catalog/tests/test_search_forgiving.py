"""Forgiving queries: typos and homophones corrected, pinyin and initials, synonyms (issue 18, 1)."""

import datetime

import pytest

from gongkai.catalog.models import SearchSynonym, SearchWord
from gongkai.catalog.search import search
from gongkai.catalog.search.forgiving import Vocabulary, correct_latin, correct_word, latin_words, pinyin_of, vocabulary

from .helpers import published


def titles(page):
    return sorted(h.item.title for h in page.results)


@pytest.fixture
def items(world):
    return {
        "registry": published(world, title="不动产登记中心窗口调整的通知",
                              body="即日起业务在政务服务中心二楼办理。", published_on=datetime.date(2025, 3, 6)),
        "apart": published(world, title="不动产权籍调查与登记资料查询",
                           body="权籍调查成果可以查询。", published_on=datetime.date(2025, 3, 7)),
        "homestead": published(world, title="农村宅基地审批管理办法", body="由乡镇人民政府审批。",
                               published_on=datetime.date(2025, 3, 5)),
        "housing": published(world, title="关于公共租赁住房申请的公告", body="符合条件的家庭可以申请。",
                             published_on=datetime.date(2025, 3, 4)),
        "minimum": published(world, title="城乡最低生活保障标准调整的通知", body="自四月起执行新标准。",
                             published_on=datetime.date(2025, 3, 8)),
        "allowance": published(world, title="2025年低保金发放情况", body="按月发放到户。",
                               published_on=datetime.date(2025, 3, 9)),
    }


def test_the_pinyin_comes_from_pypinyin():
    assert pinyin_of("不动产登记") == ("budongchandengji", "bdcdj")
    assert pinyin_of("绿化") == ("lvhua", "lh")


def test_indexing_a_title_adds_its_words_to_the_vocabulary(items):
    words = dict(SearchWord.objects.values_list("word", "pinyin"))
    assert words["宅基地"] == "zhaijidi" and words["登记"] == "dengji"
    assert "的" not in words and "2025" not in words  # single characters and numbers are not words


def test_a_homophone_typo_is_corrected_and_searched(items):
    page = search("不动产登纪")  # 纪 for 记: the same pinyin
    assert page.corrected == "不动产登记"
    # 不动产 and 登记, as if typed right: both items hold the two words
    assert titles(page) == ["不动产权籍调查与登记资料查询", "不动产登记中心窗口调整的通知"]


def test_a_chinese_query_read_aloud_is_matched_to_pinyin_not_to_initials(items):
    # the reading of 农村宅机地审批 is full pinyin (nongcunzhaijidishenpi): looking for it among the
    # titles' initials could only find nonsense, and that trigram index is the costlier one to read
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        page = search("农村宅机地审批")
    readings = [q["sql"] for q in ctx.captured_queries if "title_pinyin LIKE" in q["sql"]]
    assert titles(page) == ["农村宅基地审批管理办法"] and readings
    assert all("title_initials LIKE" not in sql for sql in readings)
    # letters typed as initials are still read as initials
    assert titles(search("bdcdj")) == ["不动产登记中心窗口调整的通知"]


def test_a_whole_word_is_corrected_by_its_pinyin(items):
    page = search("宅机地")
    assert (page.corrected, titles(page)) == ("宅基地", ["农村宅基地审批管理办法"])


def test_a_wrong_character_with_other_pinyin_is_corrected_by_edit_distance(items):
    vocab = vocabulary()
    assert correct_word("宅基她", vocab) == "宅基地"  # one character wrong (ta ≠ di)
    assert correct_word("窗囗", vocab) == "窗口"  # 囗 (wei) for 口
    page = search("审批管理办发")
    assert titles(page) == ["农村宅基地审批管理办法"] and page.corrected == "审批管理办法"


def test_similar_pinyin_corrects_a_regional_confusion(items):
    # 调整 (tiaozheng) and 调查 (diaocha) are both one character away from 调证 and 调增; 证 reads
    # zheng like 整, 增 reads zeng, similar to zheng (z/zh): 调整 either way, not 调查
    assert correct_word("调证", vocabulary()) == "调整"
    assert correct_word("调增", vocabulary()) == "调整"


@pytest.mark.parametrize("query", ["budongchan", "BuDongChan", "bu dong chan"])
def test_full_pinyin_finds_the_words(items, query):
    page = search(query)
    assert page.corrected == "不动产"
    assert titles(page) == ["不动产权籍调查与登记资料查询", "不动产登记中心窗口调整的通知"]


def test_initials_find_the_words(items):
    assert latin_words("bdcdj", vocabulary()) == ["不动产", "登记"]
    # read whole in the titles first: only one title reads bdcdj, the other has 不动产 and 登记 apart
    page = search("bdcdj")
    assert (page.corrected, titles(page)) == ("不动产登记", ["不动产登记中心窗口调整的通知"])
    assert "<mark>不动产登记</mark>" in page.results[0].title_html


def test_english_words_and_acronyms_are_not_read_as_pinyin(items):
    """``spring`` is not 审批 with ``ring`` left over, ``TZ`` in capitals is an acronym (GDP, CPI)
    and not 通知: a nonsense correction hides that the search found nothing."""
    vocab = vocabulary()
    assert latin_words("sp", vocab) == ["审批"] and latin_words("tz", vocab) == ["通知"]
    assert latin_words("spring", vocab) is None
    assert latin_words("TZ", vocab) is None
    for query in ("spring", "<spring>", "TZ"):
        page = search(query)
        assert page.corrected is None and page.results == [], query


def test_initials_no_title_reads_fall_back_to_the_words(items):
    page = search("bdcdjzl")  # no title reads so; the words 不动产 登记 资料 (zl) are found apart
    assert (page.corrected, titles(page)) == ("不动产 登记 资料", ["不动产权籍调查与登记资料查询"])


def test_a_query_that_finds_something_only_gets_a_suggestion(world, items):
    typo = published(world, title="窗口服务公告", body="请到登纪窗口办理。", published_on=datetime.date(2025, 3, 10))
    page = search("登纪")
    assert titles(page) == [typo.title]  # the original is searched: it found the body's typo
    assert (page.corrected, page.suggestion) == (None, "登记")


def test_a_word_with_no_neighbour_is_left_alone(items):
    page = search("哈哈哈哈")
    assert (page.count, page.corrected, page.suggestion) == (0, None, None)


def test_known_words_are_not_corrected(items):
    page = search("宅基地")
    assert (page.corrected, page.suggestion, titles(page)) == (None, None, ["农村宅基地审批管理办法"])


@pytest.fixture
def synonyms(world, items):
    SearchSynonym.objects.create(agency=world.agency, words="低保 最低生活保障")
    SearchSynonym.objects.create(agency=world.agency, words="公租房、公共租赁住房")


def test_an_abbreviation_finds_the_full_name_and_back(synonyms):
    assert titles(search("低保")) == ["2025年低保金发放情况", "城乡最低生活保障标准调整的通知"]
    assert titles(search("最低生活保障")) == ["2025年低保金发放情况", "城乡最低生活保障标准调整的通知"]
    page = search("公租房 申请")
    assert titles(page) == ["关于公共租赁住房申请的公告"] and page.corrected is None
    assert "<mark>公共租赁住房</mark>" in page.results[0].title_html


def test_a_removed_synonym_stops_at_once(world, synonyms):
    SearchSynonym.objects.filter(words__startswith="低保").delete()
    assert titles(search("低保")) == ["2025年低保金发放情况"]


def test_a_synonym_group_needs_two_words(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        SearchSynonym(agency=world.agency, words="低保").full_clean()
    assert e.value.message_dict["words"] == ["请至少填写两个词语，用空格或顿号分隔。"]


def test_the_page_says_what_it_searched_instead(client, items):
    html = client.get("/search/?q=宅机地").content.decode()
    assert "您是不是要找：<strong>宅基地</strong>（“宅机地”没有找到结果，以下是“宅基地”的结果。）" in html
    assert "农村<mark>宅基地</mark>审批管理办法" in html


def test_the_page_offers_a_suggestion_without_replacing_the_results(client, world, items):
    published(world, title="窗口服务公告", body="请到登纪窗口办理。", published_on=datetime.date(2025, 3, 10))
    html = client.get("/search/?q=登纪").content.decode()
    assert '您是不是要找：<a href="?q=%E7%99%BB%E8%AE%B0">登记</a>' in html
    assert "窗口服务公告" in html


def _vocab(*words):
    vocab = Vocabulary(version=0)
    for w in words:
        vocab.add(w, *pinyin_of(w), 1)
    return vocab


def test_it_reads_full_pinyin_and_initials_apart():
    vocab = _vocab("农业", "印发", "通知")
    # 关于 is no vocabulary word: its letters are skipped; read together with initials, “ny”
    # inside guanyu would have been 农业
    assert latin_words("guanyuyinfa", vocab) == ["印发"]
    assert latin_words("yftz", vocab) == ["印发", "通知"]
    assert latin_words("xyz", vocab) is None  # nothing recognised


def test_it_reads_pinyin_with_the_numbers_of_a_title():
    vocab = _vocab("互助县", "防汛", "抗旱")
    assert correct_latin("huzhuxian2025nian fang xun kanghan", vocab) == "互助县 2025 防汛 抗旱"
    assert correct_latin("hzx 2025 fxkh", vocab) == "互助县 2025 防汛 抗旱"
    # a whole title's pinyin, spaced syllable by syllable, is more than ten words and 60 letters
    spaced = "hu zhu xian 2025 nian fang xun kang han " * 3
    assert correct_latin(spaced, vocab) == " ".join(["互助县 2025 防汛 抗旱"] * 3)
    assert correct_latin("2025", vocab) is None  # no letters: nothing to read


@pytest.fixture
def plans(world):
    return {
        "flood": published(world, title="互助县2025年防汛抗旱应急预案", body="汛期自五月至九月。",
                           published_on=datetime.date(2025, 3, 10)),
        "year_end": published(world, title="2024年底财政收支情况", body="全年收支平衡。",
                              published_on=datetime.date(2025, 3, 11)),
        # 防火 in two titles: the commoner word one character from 防率
        "fire": published(world, title="森林防火工作方案", body="防火期为十月至次年五月。",
                          published_on=datetime.date(2025, 3, 12)),
        "fire_season": published(world, title="防火期野外用火管理规定", body="禁止野外用火。",
                                 published_on=datetime.date(2025, 3, 13)),
    }


def test_a_wrong_character_in_a_long_phrase_leaves_out_the_broken_word(plans):
    # 率 for 汛: 防率 is no word, and one character from 防火 (commoner) as much as from 防汛; the
    # correction 互助县2025年防火抗旱应急预案 finds nothing, the words around 防率 find the plan
    page = search("互助县2025年防率抗旱应急预案")
    assert (titles(page), page.corrected) == (["互助县2025年防汛抗旱应急预案"], "互助县 2025 抗旱 应急 预案")


def test_a_query_finding_nothing_is_tried_with_one_word_left_out(plans):
    # every word is known, but no item holds 年底 with the others (年第 misread as 年底)
    page = search("互助县 年底 防汛 抗旱")
    assert (titles(page), page.corrected) == (["互助县2025年防汛抗旱应急预案"], "互助县 防汛 抗旱")
    # two words: nothing is left out — one word alone is too loose to stand for the query
    assert search("年底 防汛").count == 0
    # the one-box for a description (match="any") ranks by shared words already
    assert search("年底 防汛 抗旱 灌溉", match="any").corrected is None


def test_two_wrong_short_words_leave_the_longer_words(plans):
    # 年底 and 森林 are known words, but not of this plan; leaving one out is not enough. 应急预案
    # is no vocabulary word (the title gives 应急 and 预案), so it is left out first; of the rest
    # only 互助县 has three characters
    page = search("互助县 年底 森林 防汛 抗旱 应急预案")
    assert (titles(page), page.corrected) == (["互助县2025年防汛抗旱应急预案"], "互助县")
    # only short words: nothing to fall back on
    assert search("年底 森林 防汛 抗旱").count == 0


def _scans_titles(sql: str) -> bool:
    """A LIKE over the titles; not the lookup in the titles' readings (PostgreSQL: LIKE through
    the trigram indexes of ``title_pinyin`` / ``title_initials``)."""
    return "LIKE" in sql and "title_pinyin" not in sql


def test_the_tries_after_the_first_are_full_text_only(plans):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = search("互助县 年底 森林 防汛 抗旱 应急预案")
    assert page.corrected == "互助县"
    # the query as typed falls back to the title substring search once; the corrections and the
    # tries leaving words out do not scan the titles again, each that finds nothing
    scans = [q["sql"] for q in queries.captured_queries if _scans_titles(q["sql"])]
    assert len(scans) == 1


def test_pinyin_is_read_before_the_titles_are_scanned_for_the_letters(plans):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = search("huzhuxian fangxun")
    assert (titles(page), page.corrected) == (["互助县2025年防汛抗旱应急预案"], "互助县 防汛")
    assert not [q for q in queries.captured_queries if _scans_titles(q["sql"])]
    # letters no reading explains are still looked for in the titles as typed
    assert search("qqq").mode == "substring"
