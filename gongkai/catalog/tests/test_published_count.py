"""catalog.figures.published_count: the annual report's 主动公开政府信息N条 (counted by hand)."""

import datetime

from gongkai.catalog import actions
from gongkai.catalog.figures import published_count

from .helpers import published

D = datetime.date


def test_it_counts_the_items_published_in_the_year_by_the_agencies(world):
    published(world, title="2023年的通知", formed_on=D(2023, 12, 1), published_on=D(2023, 12, 28))
    published(world, title="一月的通知", formed_on=D(2024, 1, 2), published_on=D(2024, 1, 5))
    published(world, title="年底的通知", formed_on=D(2024, 12, 20), published_on=D(2024, 12, 31))
    withdrawn = published(world, title="误发的通知", formed_on=D(2024, 6, 3), published_on=D(2024, 6, 4))
    actions.withdraw_item(withdrawn, actor=world.head, reason="误发")
    assert published_count([world.agency], 2024) == 2  # January and December; withdrawn never counts
    assert published_count([world.other_agency], 2024) == 0
    assert published_count([world.agency], 2023) == 1
