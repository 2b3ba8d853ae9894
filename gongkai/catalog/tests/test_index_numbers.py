import datetime

import pytest

from gongkai.catalog import actions, index_numbers
from gongkai.catalog.models import CatalogSettings, Item

from .helpers import draft, published


def test_it_uses_the_national_form_by_default(world):
    first = published(world, published_on=datetime.date(2025, 3, 3))
    second = published(world, published_on=datetime.date(2025, 3, 4))
    assert first.index_number == "015201125/2025-00001"
    assert second.index_number == "015201125/2025-00002"
    assert index_numbers.NATIONAL.match(first.index_number)


def test_it_starts_the_serial_again_each_year(world):
    published(world, formed_on=datetime.date(2024, 12, 20), published_on=datetime.date(2024, 12, 30))
    item = published(world, published_on=datetime.date(2025, 1, 2), formed_on=datetime.date(2024, 12, 31))
    assert item.index_number == "015201125/2025-00001"


def test_it_omits_the_hyphen_of_the_organisation_code(world):
    world.agency.org_code = "01520112-5"
    world.agency.save()
    assert published(world).index_number == "015201125/2025-00001"


def test_it_follows_an_agency_pattern(world):
    world.agency.credit_code = "11630223015201125X"
    world.agency.save()
    CatalogSettings.objects.create(agency=world.agency, index_pattern="{credit}/{year}{month}-{seq:5}")
    assert published(world, published_on=datetime.date(2025, 3, 9)).index_number == "11630223015201125X/202503-00001"


def test_it_skips_a_number_already_taken(world):
    old = published(world)
    Item.objects.filter(pk=old.pk).update(index_number="015201125/2025-00002")
    assert published(world).index_number == "015201125/2025-00003"


def test_it_refuses_to_publish_without_an_organisation_code(world):
    world.agency.org_code = ""
    world.agency.save()
    item = draft(world)
    with pytest.raises(actions.ActionError, match="组织机构代码"):
        actions.publish_item(item, actor=world.head, published_on=datetime.date(2025, 3, 3), backfill=True)
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT and item.index_number is None


@pytest.mark.parametrize("pattern, message", [
    ("{org}/{year}", "流水号"),
    ("{org}/{year}-{seq:5}-{seq:3}", "流水号"),
    ("{year}-{seq:5}", "{org}"),
    ("{org}/{yaer}-{seq:5}", "未知的占位符"),
    ("null{org}/{seq:5}", "null"),
    ("{org}/{seq}", "位数"),
    ("{org}/{year:4}-{seq:5}", "只有流水号"),
    ("{org}：{seq:5}", "固定字符"),
    ("{org/{seq:5}", "格式不正确"),
])
def test_it_rejects_bad_patterns_with_a_reason(world, pattern, message):
    with pytest.raises(actions.ActionError, match=message.replace("{", r"\{").replace("}", r"\}")):
        actions.save_catalog_settings(world.agency, index_pattern=pattern, actor=world.head)


def test_it_only_lets_a_head_change_the_pattern(world):
    with pytest.raises(actions.ActionError):
        actions.save_catalog_settings(world.agency, index_pattern="{org}-{year}-{seq:6}", actor=world.officer)
    actions.save_catalog_settings(world.agency, index_pattern="{org}-{year}-{seq:6}", actor=world.head)
    assert published(world).index_number == "015201125-2025-000001"


def test_it_says_when_the_serial_runs_out(world):
    with pytest.raises(index_numbers.PatternError, match="流水号已用完"):
        index_numbers.render("{org}/{seq:3}", {"org": "015201125"}, 1000)
