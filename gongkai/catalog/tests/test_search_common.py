"""Very common queries: exact counts below the limit, estimates above it, ranking over the candidates.

The limits are lowered so a handful of items makes a query “common”; runs on SQLite and PostgreSQL.
"""

import datetime

import pytest
from django.db import connection

from gongkai.catalog import actions
from gongkai.catalog.models import DocType, SearchEntry, StatutoryItem, Validity
from gongkai.catalog.search import backends, search

from .helpers import published, topic

D = datetime.date


@pytest.fixture
def limits(monkeypatch):
    def set_limits(count, titles=200):
        monkeypatch.setattr(backends, "COUNT_LIMIT", count)
        monkeypatch.setattr(backends, "TITLE_CANDIDATES", titles)
    return set_limits


def item(world, title, day, body="", **kw):
    return published(world, title=title, body=body, published_on=D(2025, 3, day), **kw)


@pytest.fixture
def housing(world):
    """Created (and so numbered) in the order of publication: three old title matches, five body
    matches, one new title match."""
    t1 = item(world, "住房保障政策解读（一）", 3)
    t2 = item(world, "住房保障政策解读（二）", 4)
    t3 = item(world, "住房保障政策解读（三）", 5)
    bodies = [item(world, f"工作动态第{n}期", 5 + n, body="本期介绍住房和城乡建设局的工作。") for n in range(1, 6)]
    t4 = item(world, "住房公积金提取办法", 12)
    return {"t1": t1, "t2": t2, "t3": t3, "bodies": bodies, "t4": t4}


def test_it_counts_exactly_up_to_the_limit(world, housing, limits):
    limits(9)
    page = search("住房", limit=20)
    assert (page.count, page.count_exact, page.available, page.is_limited) == (9, True, None, False)
    # Below the limit the ranking is the full one: every title match before every body match.
    assert {h.item for h in page.results[:4]} == {housing["t4"], housing["t3"], housing["t2"], housing["t1"]}


def test_it_estimates_the_count_of_a_common_query(world, housing, limits):
    limits(3)
    page = search("住房", limit=20)
    assert page.count_exact is False
    assert page.count >= 4  # at least what was seen
    if connection.vendor == "sqlite":
        # every match passes the filters, so the share among the newest is 1 and the estimate exact
        assert page.count == 9


def test_it_puts_title_matches_first_within_the_candidate_set(world, housing, limits):
    limits(3, titles=2)
    first = search("住房", limit=2)
    # Candidates: the 4 newest matches (t4 and the three newest bodies) + the 2 newest title
    # matches (t4, t3). Title matches first, newest first; then the rest, newest first.
    b = housing["bodies"]
    assert [h.item for h in first.results] == [housing["t4"], housing["t3"]]
    assert [h.item for h in search("住房", limit=2, page=2).results] == [b[4], b[3]]
    assert [h.item for h in search("住房", limit=2, page=3).results] == [b[2]]
    assert (first.available, first.num_pages, first.is_limited) == (5, 3, True)
    assert search("住房", limit=2, page=4).results == []
    assert "<mark>住房</mark>" in first.results[0].title_html


def test_it_finds_an_old_title_match_of_a_common_query(world, housing, limits):
    # t1..t3 are older than the newest matches; the title candidates still bring them first.
    limits(3, titles=5)
    page = search("住房", limit=4)
    assert [h.item for h in page.results] == [housing["t4"], housing["t3"], housing["t2"], housing["t1"]]


def test_it_keeps_filters_and_visibility_for_a_common_query(world, housing, limits):
    world.other_agency.org_code = "015201105"
    world.other_agency.save()
    limits(2, titles=2)
    other = [published(world, agency=world.other_agency, title=f"住房租赁市场通报第{n}期",
                       published_on=D(2025, 3, 20 + n)) for n in range(3)]
    actions.withdraw_item(housing["t4"], actor=world.head, reason="内容有误")
    mine = search("住房", agency=world.agency, limit=20)
    assert mine.count_exact is False
    got = [h.item for h in mine.results]
    assert housing["t4"] not in got and not set(got) & set(other)
    assert got[0] == housing["t3"]
    theirs = search("住房", agency=world.other_agency, limit=20)
    assert [h.item for h in theirs.results] == other[::-1]


def test_it_applies_item_category_year_and_validity_to_a_common_query(world, housing, limits):
    rule = published(world, title="互助县公共租赁住房管理办法", doc_type=DocType.NORMATIVE,
                     statutory_item=StatutoryItem.REGULATIONS, validity=Validity.VALID,
                     signed_on=D(2024, 5, 1), formed_on=D(2024, 5, 6), published_on=D(2024, 5, 8),
                     topic=topic("城乡建设、环境保护\\城乡建设（含住房）"))
    limits(2)
    for kwargs in ({"item": "01"}, {"year": 2024}, {"validity": "valid"},
                   {"category": topic("城乡建设、环境保护")}):
        page = search("住房", **kwargs)
        assert [h.item for h in page.results] == [rule], kwargs
        assert page.count == 1 and page.count_exact


def test_it_ranks_a_common_any_query_by_shared_words(world, limits):
    limits(2, titles=5)
    both = item(world, "宅基地审批与住房建设", 3)
    for n in range(4):
        item(world, f"住房租赁通报第{n}期", 4 + n)
    page = search("宅基地 住房", match="any", limit=3)
    assert page.count_exact is False
    assert page.results[0].item == both


def test_it_requires_verbatim_text_in_a_common_query(world, housing, limits):
    limits(2)
    for n in range(3):
        item(world, f"互助土族故土园住房改造第{n}期", 13 + n)
    county = item(world, "互助县住房保障情况", 20)
    page = search("互助县 住房", limit=20)
    assert [h.item for h in page.results] == [county]


def test_it_copies_the_filter_columns_into_the_index_and_refreshes_them(world, limits):
    it = item(world, "耕地保护工作方案", 3)
    entry = SearchEntry.objects.get(item=it)
    assert (entry.agency_id, entry.topic_id, entry.published_on, entry.statutory_item) == (
        world.agency.pk, it.topic_id, D(2025, 3, 3), it.statutory_item)
    assert search("耕地", item="01").count == 0
    actions.revise_item(it, data={"statutory_item": StatutoryItem.REGULATIONS}, actor=world.head, reason="更正分类")
    assert [h.item for h in search("耕地", item="01").results] == [it]
    assert SearchEntry.objects.get(item=it).statutory_item == "01"


def test_it_says_about_on_the_page_when_the_count_is_estimated(client, world, housing, limits):
    limits(3, titles=2)
    html = client.get("/search/", {"q": "住房"}).content.decode()
    assert "共约" in html and "列出最相关的 5 条" in html
    limits(100)
    html = client.get("/search/", {"q": "住房"}).content.decode()
    assert "共 9 条" in html and "共约" not in html


def test_it_rounds_an_estimate_to_two_figures():
    assert [backends._two_figures(n) for n in (7, 99, 1001, 21161, 21561, 987654)] == [
        7, 99, 1000, 21000, 22000, 990000]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL chooses between two plans")
def test_it_finds_the_same_whichever_way_postgresql_reads(world, housing, limits, monkeypatch):
    limits(3, titles=2)
    pages = []
    for share in (0.0, 0.9):  # rare: the GIN bitmap and a sort; common: walk the primary key down
        monkeypatch.setattr(backends, "_statistics", lambda run, share=share: (1000.0, {"住房": share}))
        pages.append([(h.item.pk, h.score) for h in search("住房", limit=10).results])
    assert pages[0] == pages[1] and len(pages[0]) == 5


def test_it_ranks_the_same_when_the_statistics_wrongly_say_a_word_is_common(world, housing, limits, monkeypatch):
    # 9 matches, all scored (limit 20); statistics claiming 90% of 1,000 entries make PostgreSQL
    # read the candidates without their vectors and score each match from its own row
    limits(20)
    pages = []
    for share in (0.001, 0.9):
        monkeypatch.setattr(backends, "_statistics", lambda run, share=share: (1000.0, {"住房": share}))
        page = search("住房", limit=20)
        pages.append([(h.item.pk, h.score) for h in page.results])
        assert (page.count, page.count_exact) == (9, True)
    assert pages[0] == pages[1]
    # ranked by score: the four title matches first
    assert {pk for pk, _ in pages[0][:4]} == {housing[k].pk for k in ("t1", "t2", "t3", "t4")}
    assert all(score > 0 for _, score in pages[0])


def test_it_finds_a_revised_title_by_substring(world):
    it = item(world, "关于哈拉直沟乡村道硬化的公示", 3)
    assert [h.item for h in search("县").results] == []
    actions.revise_item(it, data={"title": "互助县哈拉直沟乡村道硬化的公示"}, actor=world.head, reason="补全县名")
    page = search("县")
    assert page.mode == "substring" and [h.item for h in page.results] == [it]
    assert SearchEntry.objects.get(item=it).title == "互助县哈拉直沟乡村道硬化的公示"


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # any usable index is then preferred
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
@pytest.mark.parametrize("word, indexed", [("哈拉直沟", True), ("直沟乡", True), ("沟乡", False), ("县", False)])
def test_the_substring_fallback_uses_the_trigram_index_for_three_characters_or_more(world, word, indexed):
    it = item(world, "互助县哈拉直沟乡村道硬化的公示", 3)
    item(world, "关于耕地保护的通知", 4)
    f = backends.Filters(today=D(2026, 1, 1))
    with connection.cursor() as cursor:
        found = backends.substring(backends.runner(cursor), [word], f, 10, 0, "postgresql")
    assert [pk for pk, _ in found.rows] == [it.pk] and found.count == 1
    sql = f"SELECT i.id FROM catalog_item i WHERE {backends.title_column(word, 'postgresql')} LIKE %s"
    assert ("catalog_item_title_trgm" in _plan(sql, [backends.like_pattern(word)])) is indexed
