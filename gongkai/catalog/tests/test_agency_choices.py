"""The search page's agency list: grouped under each government when there are several."""

import re

from gongkai.accounts.models import Agency
from gongkai.catalog.forms import agency_choices
from gongkai.testing import make_agency

from .helpers import published


def _groups(html: str) -> dict[str, list[str]]:
    select = re.search(r'<select name="agency".*?</select>', html, re.S).group(0)
    return {label: re.findall(r'<option value="([^"]*)"', body)
            for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)}


def test_it_groups_agencies_under_their_government(client, world):
    city = make_agency("city", "海东市人民政府", kind=Agency.Kind.GOVERNMENT)
    world.government.parent = city
    world.government.save()
    make_agency("city-a", "海东市自然资源局", parent=city)
    make_agency("office-x", "测试县自然资源局不动产登记中心", parent=world.agency)  # under a department
    html = client.get("/search/").content.decode()
    assert _groups(html) == {
        "海东市人民政府": ["city", "city-a"],
        "测试县人民政府": ["gov", "dept-x", "dept-y", "office-x"],
        "邻县人民政府": ["gov2", "dept-z"],
    }


def test_a_grouped_agency_can_be_chosen(client, world):
    published(world, title="关于宅基地审批的通知")
    page = client.get("/search/", {"q": "宅基地", "agency": "dept-x"}).content.decode()
    assert '<option value="dept-x" selected>' in page and "关于<mark>宅基地</mark>审批的通知" in page
    page = client.get("/search/", {"q": "宅基地", "agency": "dept-z"}).content.decode()
    assert "审批的通知" not in page


def test_one_government_keeps_a_plain_list(db):
    gov = make_agency("gov", "某县人民政府", kind=Agency.Kind.GOVERNMENT)
    dept = make_agency("dept", "某县财政局", parent=gov)
    loose = make_agency("loose", "某县某中心")
    assert agency_choices([gov, dept, loose]) == [("gov", "某县人民政府"), ("dept", "某县财政局"), ("loose", "某县某中心")]


def test_agencies_under_no_government_come_last(db):
    governments = [make_agency(f"g{n}", f"第{n}县人民政府", kind=Agency.Kind.GOVERNMENT) for n in (1, 2)]
    loose = make_agency("loose", "某中心")
    assert agency_choices([*governments, loose])[-1] == ("其他机关", [("loose", "某中心")])
