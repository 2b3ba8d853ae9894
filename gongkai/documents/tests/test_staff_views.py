"""Staff pages under /staff/letters/: who may see, who may change, and what they show."""

import pytest

from gongkai.documents.kinds import LetterKind
from gongkai.documents.models import LetterTemplate, NumberPattern

BODY = "您的申请需要补正：{补正事项}\n请于{补正期限}前补正。"


def login(client, user):
    client.force_login(user)
    return client


def test_it_lists_the_templates_of_the_officers_agency(client, world):
    response = login(client, world.officer).get("/staff/letters/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "测试县自然资源局 · 文书模板" in page
    assert "属于国家秘密" in page and "给第三方（条例第三十二条）" in page
    assert "只有本机关负责人或管理员可以修改" in page
    assert "测试县自然资源局公答〔" in page  # next number shown


def test_it_links_the_menu(client, world):
    page = login(client, world.head).get("/staff/").content.decode()
    assert 'href="/staff/letters/"' in page and "文书模板" in page


@pytest.mark.parametrize("url", [
    "/staff/letters/dept-x/",
    "/staff/letters/dept-x/correction/",
    "/staff/letters/dept-x/decision/granted/",
    "/staff/letters/dept-x/decision/granted/sample.docx",
])
def test_it_hides_another_agencys_templates(client, world, url):
    assert login(client, world.officer_y).get(url).status_code == 404
    client.logout()
    assert login(client, world.outsider).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the log-in page


def test_it_lets_the_disclosure_office_and_admin_read(client, world):
    assert login(client, world.office).get("/staff/letters/dept-x/").status_code == 200
    assert login(client, world.admin).get("/staff/letters/dept-x/decision/denied_state_secret/").status_code == 200


def test_it_shows_a_preview_with_the_remedy_clause(client, world):
    page = login(client, world.officer).get("/staff/letters/dept-x/decision/denied_process_info/").content.decode()
    assert "行政复议法》第二十三条" in page and "先向测试县人民政府申请行政复议" in page
    assert "此类文书的救济条款由法律确定" in page
    assert "{申请人}" in page  # the placeholder list


def test_it_lets_an_officer_preview_but_not_save(client, world):
    login(client, world.officer)
    url = "/staff/letters/dept-x/correction/"
    response = client.post(url, {"intent": "preview", "title": "补正通知", "body": BODY, "closing": "", "remedy": "none"})
    assert response.status_code == 200 and "补正通知" in response.content.decode()
    assert client.post(url, {"intent": "save", "title": "补正通知", "body": BODY, "remedy": "none"}).status_code == 404
    assert client.post(url, {"intent": "reset"}).status_code == 404
    assert client.post("/staff/letters/dept-x/numbering/decision/", {"pattern": "x{年}{序号}"}).status_code == 404
    assert not LetterTemplate.objects.exists() and not NumberPattern.objects.exists()


def test_it_lets_a_head_save_and_reset(client, world):
    login(client, world.head)
    url = "/staff/letters/dept-x/correction/"
    response = client.post(url, {"intent": "save", "title": "补正通知", "body": BODY, "closing": "特此告知。",
                                 "remedy": "none"})
    assert response.status_code == 302
    template = LetterTemplate.objects.get(agency=world.agency, kind=LetterKind.CORRECTION)
    assert template.body == BODY and template.updated_by == world.head
    assert "本机关模板" in client.get("/staff/letters/dept-x/").content.decode()
    assert client.post(url, {"intent": "reset"}).status_code == 302
    assert not LetterTemplate.objects.exists()


def test_it_explains_a_bad_template_in_chinese_and_keeps_the_old_one(client, world):
    login(client, world.head)
    response = client.post("/staff/letters/dept-x/correction/",
                           {"intent": "save", "title": "补正", "body": "{姓名}：请补正", "remedy": "none"})
    assert response.status_code == 200
    assert "未知的占位符：{姓名}" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_it_lets_a_head_change_a_number_pattern(client, world):
    login(client, world.head)
    response = client.post("/staff/letters/dept-x/numbering/decision/", {"pattern": "测自然资依〔{年}〕{序号}号"},
                           follow=True)
    assert "文号格式已保存" in response.content.decode()
    assert NumberPattern.objects.get().pattern == "测自然资依〔{年}〕{序号}号"
    response = client.post("/staff/letters/dept-x/numbering/correction/", {"pattern": "补{序号}"}, follow=True)
    assert "必须包含 {年}" in response.content.decode()


def test_it_404s_unknown_kinds_variants_and_formats(client, world):
    login(client, world.head)
    assert client.get("/staff/letters/dept-x/memo/").status_code == 404
    assert client.get("/staff/letters/dept-x/decision/maybe/").status_code == 404
    assert client.get("/staff/letters/dept-x/correction/sample.exe").status_code == 404


def test_it_downloads_a_sample_docx(client, world):
    response = login(client, world.officer).get("/staff/letters/dept-x/decision/granted/sample.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
