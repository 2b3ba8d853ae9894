import datetime

import pytest

from gongkai.catalog.models import Item, SearchTerm

from .helpers import draft, published, topic


def form_data(**extra):
    data = {
        "title": "关于2025年度国土空间规划编制的通知", "doc_number": "", "publisher": "", "signed_on": "",
        "formed_on": datetime.date.today().isoformat(), "topic": topic().pk, "statutory_item": "03", "extra_item": "",
        "doc_form": "notice", "doc_type": "other_document", "decision_kind": "", "summary": "", "keywords": "",
        "body": "第一段。\n\n第二段。", "validity": "", "effective_on": "", "repealed_on": "",
    }
    data.update(extra)
    return data


def test_it_lets_an_officer_draft_and_submit(client, world):
    client.force_login(world.officer)
    response = client.post("/staff/catalog/new/dept-x/", form_data())
    item = Item.objects.get()
    assert response.status_code == 302 and item.body == "<p>第一段。</p><p>第二段。</p>"
    client.post(f"/staff/catalog/{item.pk}/submit/")
    assert Item.objects.get().status == Item.Status.SUBMITTED


def test_it_shows_form_errors_in_chinese(client, world):
    client.force_login(world.officer)
    response = client.post("/staff/catalog/new/dept-x/", form_data(title="", doc_type="normative"))
    html = response.content.decode()
    assert response.status_code == 200 and Item.objects.count() == 0
    assert "此项必填。" in html and "规章和行政规范性文件必须标注有效性。" in html


def test_it_keeps_staff_of_another_agency_out(client, world):
    item = draft(world)
    client.force_login(world.officer_y)
    assert client.get(f"/staff/catalog/{item.pk}/").status_code == 404
    assert client.get("/staff/catalog/new/dept-x/").status_code == 404
    client.force_login(world.outsider)
    assert client.get("/staff/catalog/").status_code == 404


def test_it_lets_the_head_publish_and_an_officer_not(client, world):
    item = draft(world, formed_on=datetime.date.today())
    client.force_login(world.officer)
    assert client.post(f"/staff/catalog/{item.pk}/publish/",
                       {"published_on": datetime.date.today().isoformat()}).status_code == 404
    client.force_login(world.head)
    client.post(f"/staff/catalog/{item.pk}/publish/", {"published_on": datetime.date.today().isoformat()})
    assert Item.objects.get().status == Item.Status.PUBLISHED


def test_it_shows_the_screen_and_refuses_to_publish_with_hits(client, world):
    item = draft(world, body="联系电话13912345678", formed_on=datetime.date.today())
    client.force_login(world.head)
    html = client.get(f"/staff/catalog/{item.pk}/").content.decode()
    assert "手机号码“13912345678”" in html
    response = client.post(f"/staff/catalog/{item.pk}/publish/", {"published_on": datetime.date.today().isoformat()},
                           follow=True)
    assert "发布前须处理个人信息筛查结果" in response.content.decode()
    client.post(f"/staff/catalog/{item.pk}/screen/", {"text": "13912345678"})
    client.post(f"/staff/catalog/{item.pk}/publish/", {"published_on": datetime.date.today().isoformat()})
    assert Item.objects.get().status == Item.Status.PUBLISHED


def test_it_revises_and_withdraws(client, world):
    item = published(world, title="旧标题")
    client.force_login(world.head)
    data = form_data(title="新标题", reason="更正", changed_on=datetime.date.today().isoformat())
    data.pop("formed_on")
    assert client.post(f"/staff/catalog/{item.pk}/revise/", data).status_code == 302
    item.refresh_from_db()
    assert item.title == "新标题" and item.version == 2
    client.post(f"/staff/catalog/{item.pk}/withdraw/", {"note": "重复发布"})
    assert Item.objects.get().status == Item.Status.WITHDRAWN


def test_it_lists_late_items_for_the_disclosure_office(client, world):
    late = published(world, title="迟发的通知", formed_on=datetime.date(2024, 9, 20), published_on=datetime.date(2024, 10, 24))
    published(world, title="按时的通知", formed_on=datetime.date(2024, 9, 20), published_on=datetime.date(2024, 10, 23))
    client.force_login(world.office)
    html = client.get("/staff/catalog/late/").content.decode()
    assert late.title in html and "按时的通知" not in html and ">21<" in html


def test_it_edits_the_dictionary(client, world):
    client.force_login(world.officer)
    client.post("/staff/catalog/terms/dept-x/", {"term": "不动产登记"})
    assert list(SearchTerm.objects.values_list("term", flat=True)) == ["不动产登记"]
    response = client.post("/staff/catalog/terms/dept-x/", {"term": "不动产登记"})
    assert "词典中已有" in response.content.decode()
    client.post("/staff/catalog/terms/dept-x/", {"remove": SearchTerm.objects.get().pk})
    assert not SearchTerm.objects.exists()


def test_it_edits_the_synonym_list_and_searches_use_it_at_once(client, world):
    from gongkai.catalog.models import SearchSynonym, SearchWord
    from gongkai.catalog.search import search

    item = published(world, title="2025年最低生活保障标准的通知")
    assert search("低保").corrected == "最低"  # without the group: only a correction to a nearby word
    client.force_login(world.officer)
    r = client.post("/staff/catalog/synonyms/dept-x/", {"words": "低保、 最低生活保障"})
    assert r.status_code == 302
    assert list(SearchSynonym.objects.values_list("agency__code", "words")) == [("dept-x", "低保 最低生活保障")]
    found = search("低保")
    assert [h.item for h in found.results] == [item] and found.corrected is None and "最低生活保障" in found.terms
    assert SearchWord.objects.filter(word="低保", pinyin="dibao", initials="db").exists()  # pinyin finds it too
    html = client.get("/staff/catalog/synonyms/dept-x/").content.decode()
    assert "低保 ↔ 最低生活保障" in html

    r = client.post("/staff/catalog/synonyms/dept-x/", {"words": "最低生活保障 低保"})
    assert r.status_code == 400 and "已有同义词组“最低生活保障、低保”" in r.content.decode()
    r = client.post("/staff/catalog/synonyms/dept-x/", {"words": "低保"})
    assert r.status_code == 400 and "请至少填写两个词语" in r.content.decode()
    assert SearchSynonym.objects.count() == 1

    client.post("/staff/catalog/synonyms/dept-x/", {"remove": SearchSynonym.objects.get().pk})
    assert not SearchSynonym.objects.exists() and search("低保").count == 0  # 低保 is now a known word


def test_it_keeps_other_agencies_out_of_the_synonym_list(client, world):
    from gongkai.catalog import actions
    from gongkai.catalog.models import SearchSynonym

    row = actions.add_synonym_group(world.agency, words="公租房 公共租赁住房", actor=world.officer)
    client.force_login(world.officer_y)
    assert client.get("/staff/catalog/synonyms/dept-x/").status_code == 404
    assert client.post("/staff/catalog/synonyms/dept-y/", {"remove": row.pk}).status_code == 404
    assert SearchSynonym.objects.count() == 1
    client.force_login(world.office)  # the office looks, but does not edit
    assert client.get("/staff/catalog/synonyms/dept-x/").status_code == 404


def test_it_previews_and_saves_the_index_pattern(client, world):
    client.force_login(world.head)
    html = client.get("/staff/catalog/settings/dept-x/").content.decode()
    assert f"015201125/{datetime.date.today().year}-00001" in html
    response = client.post("/staff/catalog/settings/dept-x/", {"index_pattern": "{year}-{seq:5}"})
    assert "{org}" in response.content.decode()
    client.force_login(world.officer)
    assert client.get("/staff/catalog/settings/dept-x/").status_code == 404


def test_it_records_yearly_figures(client, world):
    client.force_login(world.officer)
    client.post("/staff/catalog/figures/dept-x/2024/", {"licensing": "12", "punishment": "3", "coercion": "",
                                                         "fees_10k_yuan": "1.25"})
    html = client.get("/staff/catalog/figures/dept-x/2024/").content.decode()
    assert "1.2500" in html and "（未填写）" in html
    response = client.post("/staff/catalog/figures/dept-x/2024/", {"licensing": "-1"})
    assert response.status_code == 200 and "不能小于0。" in response.content.decode()


def test_the_staff_catalogue_is_paged_and_searchable(client, world):
    """An agency's 110 items were one 20,000-pixel page: 30 a page, with a search by title, 索引号 or 文号."""
    for n in range(35):
        draft(world, title=f"第{n + 1}号测试信息")
    draft(world, title="关于宅基地审批的通知", doc_number="测自然资〔2025〕9号")
    client.force_login(world.officer)
    first = client.get("/staff/catalog/").content.decode()
    assert "共 36 条" in first and "第1/2页" in first and first.count('data-label="名称"') == 30
    second = client.get("/staff/catalog/?page=2").content.decode()
    assert second.count('data-label="名称"') == 6
    found = client.get("/staff/catalog/", {"q": "〔2025〕9号"}).content.decode()
    assert "共 1 条" in found and "关于宅基地审批的通知" in found
    assert client.get("/staff/catalog/?page=abc").status_code == 200  # a bad page number shows the first
