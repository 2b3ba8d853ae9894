"""Runs on whichever database the suite runs on: SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

import datetime

import pytest
from django.db import connection

from gongkai.catalog import actions, tasks
from gongkai.catalog.models import DocType, StatutoryItem, Validity
from gongkai.catalog.search import SearchPage, search

from .helpers import published, topic


def titles(page):
    return [h.item.title for h in page.results]


@pytest.fixture
def items(world):
    return {
        "renovation": published(world, title="互助县2025年老旧小区改造实施方案",
                                body="对威远镇12个老旧小区实施改造，涉及住户1860户。", published_on=datetime.date(2025, 3, 3)),
        "housing": published(world, title="关于公共租赁住房申请的公告",
                             body="符合条件的家庭可申请公共租赁住房保障。", published_on=datetime.date(2025, 3, 4)),
        "homestead": published(world, title="农村宅基地审批管理办法",
                               summary="规范农村宅基地审批程序。", body="宅基地申请由乡镇人民政府审批。",
                               published_on=datetime.date(2025, 3, 5)),
        "registry": published(world, title="不动产登记中心窗口调整的通知",
                              body="即日起不动产登记业务在政务服务中心二楼办理。", published_on=datetime.date(2025, 3, 6)),
        "apart": published(world, title="不动产权籍调查与登记资料查询",
                           body="不动产权籍调查成果，登记资料可以查询。", published_on=datetime.date(2025, 3, 7)),
    }


def test_it_runs_on_the_expected_backend():
    assert connection.vendor in ("sqlite", "postgresql")


def test_it_finds_two_character_words(items):
    assert titles(search("改造")) == ["互助县2025年老旧小区改造实施方案"]
    assert titles(search("住房")) == ["关于公共租赁住房申请的公告"]


def test_it_requires_every_word_of_a_multi_word_query(items):
    assert titles(search("宅基地 审批")) == ["农村宅基地审批管理办法"]
    assert titles(search("宅基地审批")) == ["农村宅基地审批管理办法"]
    assert search("宅基地 住房").count == 0


def test_it_can_rank_items_sharing_some_words(items):
    page = search("宅基地 住房 申请", match="any", limit=10)
    assert set(titles(page)) >= {"农村宅基地审批管理办法", "关于公共租赁住房申请的公告"}


def test_it_keeps_dictionary_terms_whole(world, items):
    assert set(titles(search("不动产登记"))) == {"不动产登记中心窗口调整的通知", "不动产权籍调查与登记资料查询"}
    actions.add_search_term(world.agency, term="不动产登记", actor=world.officer)
    tasks.reindex_for_term.call("不动产登记")
    assert titles(search("不动产登记")) == ["不动产登记中心窗口调整的通知"]
    actions.remove_search_term(world.agency.search_terms.get(), actor=world.officer)
    tasks.reindex_for_term.call("不动产登记")
    assert len(search("不动产登记").results) == 2


def test_it_queues_a_reindex_when_the_dictionary_changes(world, items, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        actions.add_search_term(world.agency, term="宅基地", actor=world.officer)
    queued = DBTaskResult.objects.get(task_path="gongkai.catalog.tasks.reindex_for_term")
    assert queued.args_kwargs["args"] == ["宅基地"]
    with pytest.raises(actions.ActionError, match="已有"):
        actions.add_search_term(world.agency, term="宅基地", actor=world.officer)


def test_it_does_not_find_a_withdrawn_item(world, items):
    actions.withdraw_item(items["homestead"], actor=world.head, reason="内容有误")
    assert search("宅基地").count == 0
    assert search("宅").count == 0  # not even by the substring fallback


def test_it_does_not_find_drafts_or_scheduled_items(world, items):
    from .helpers import draft

    draft(world, title="矿业权出让收益征收办法（草稿）")
    future = draft(world, title="矿业权出让公告", formed_on=datetime.date.today())
    actions.publish_item(future, actor=world.head, published_on=datetime.date.today() + datetime.timedelta(days=3))
    assert search("矿业权").count == 0


def test_it_highlights_snippets_and_escapes_html(world, items):
    hit = search("改造").results[0]
    assert "<mark>改造</mark>" in hit.snippet_html
    assert "<mark>改造</mark>" in hit.title_html
    published(world, title="<script>关于改造</script>的说明", body="<p>a &lt; b 的改造</p>")
    html = "".join(h.snippet_html + h.title_html for h in search("改造", limit=10).results)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_it_weights_the_title_over_the_body(world):
    body_only = published(world, title="工作动态", body="住房 住房 住房 保障工作进展。", published_on=datetime.date(2025, 3, 9))
    in_title = published(world, title="住房保障政策解读", body="政策说明。", published_on=datetime.date(2025, 3, 3))
    assert [h.item for h in search("住房").results] == [in_title, body_only]


def test_it_breaks_ties_by_recency(world):
    old = published(world, title="耕地保护通知", published_on=datetime.date(2025, 3, 3))
    new = published(world, title="耕地保护通知", published_on=datetime.date(2025, 3, 20))
    assert [h.item for h in search("耕地").results] == [new, old]


def test_it_filters_by_agency_item_category_year_and_validity(world, items):
    world.other_agency.org_code = "015201105"
    world.other_agency.save()
    other = published(world, agency=world.other_agency, title="财政局老旧小区改造资金安排")
    rule = published(world, title="互助县城镇老旧小区改造管理办法", doc_type=DocType.NORMATIVE,
                     statutory_item=StatutoryItem.REGULATIONS, validity=Validity.VALID,
                     signed_on=datetime.date(2024, 5, 1), formed_on=datetime.date(2024, 5, 6),
                     published_on=datetime.date(2024, 5, 8), topic=topic("城乡建设、环境保护\\城乡建设（含住房）"))
    assert search("改造").count == 3
    assert [h.item for h in search("改造", agency=world.other_agency).results] == [other]
    assert [h.item for h in search("改造", agency="dept-x", item="01").results] == [rule]
    assert [h.item for h in search("改造", category=topic("城乡建设、环境保护")).results] == [rule]
    assert [h.item for h in search("改造", year=2024).results] == [rule]
    assert [h.item for h in search("改造", validity="valid").results] == [rule]


def test_it_falls_back_to_substrings_for_single_characters(items):
    page = search("县")
    assert page.mode == "substring"
    assert titles(page) == ["互助县2025年老旧小区改造实施方案"]
    assert "<mark>县</mark>" in page.results[0].title_html


def test_a_longer_substring_is_found_in_the_middle_of_a_title_with_a_short_one_beside_it(items):
    # 助县20 and 年老 are no index words: title substrings (on SQLite 助县20 through the trigram
    # index of the titles, 年老 by scanning them)
    page = search("助县20 年老")
    assert (page.mode, titles(page)) == ("substring", ["互助县2025年老旧小区改造实施方案"])
    assert search("助县21 年老").count == 0


def test_it_falls_back_for_unknown_words(world):
    published(world, title="关于哈拉直沟乡村道硬化的公示")
    page = search("哈拉直沟")
    assert titles(page) == ["关于哈拉直沟乡村道硬化的公示"]


def test_it_matches_a_word_with_single_characters_exactly(world, items):
    published(world, title="互助土族故土园景区提升工程")
    assert titles(search("互助县")) == ["互助县2025年老旧小区改造实施方案"]


def test_it_finds_a_single_character_beside_other_words_in_the_body_too(world, items):
    """“县 住房”: 住房 by full text, 县 verbatim anywhere in the item — not only in titles."""
    county = published(world, title="公共租赁住房保障政策解读", body="本县符合条件的家庭可以申请。",
                       published_on=datetime.date(2025, 3, 8))
    page = search("县 住房")
    assert page.mode == "fulltext"
    assert titles(page) == [county.title]  # the 2025-03-04 notice has 住房 but no 县
    assert "<mark>县</mark>" in page.results[0].snippet_html


def test_it_pages(world):
    for day in range(1, 8):
        published(world, title=f"耕地保护巡查通报第{day}期", published_on=datetime.date(2025, 3, day + 2))
    first = search("耕地", limit=3)
    third = search("耕地", limit=3, page=3)
    assert (first.count, first.num_pages, len(first.results), len(third.results)) == (7, 3, 3, 1)
    assert titles(third) == ["耕地保护巡查通报第1期"]


def test_it_lists_the_newest_for_an_empty_query(items):
    page = search("", limit=2)
    assert page.mode == "list" and page.count == 5
    assert titles(page) == ["不动产权籍调查与登记资料查询", "不动产登记中心窗口调整的通知"]


def test_it_survives_query_syntax_characters(items):
    for q in ['"', "改造 OR", "NEAR(改造)", "a' OR 1=1 --", "改造*", "%", "_", "\\"]:
        page = search(q)
        assert isinstance(page, SearchPage) and page.count == len(page.results) <= 5
    # neither SQL nor FTS5/tsquery syntax: no item holds “a”, “OR”, “1=1” and “--”, so nothing is found
    injected = search("a' OR 1=1 --")
    assert (injected.count, injected.results) == (0, [])
    # % and _ are literal characters, not LIKE wildcards: no title holds them
    assert [search(q).count for q in ["%", "_"]] == [0, 0]
    # a lone quote is punctuation, an empty query: the newest items are listed, as for “”
    assert search('"').mode == "list"
    # an FTS operator word is a plain word: NEAR(改造) is “near” and 改造 — no item says “near”, so
    # the query as typed finds nothing and 改造 alone is searched instead (the word no title holds
    # left out), shown as a correction
    near = search("NEAR(改造)")
    assert (near.corrected, near.terms) == ("改造", ["改造"])
