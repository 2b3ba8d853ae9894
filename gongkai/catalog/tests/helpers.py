"""Building catalogue items through the real actions, for the catalogue's tests."""

from __future__ import annotations

import datetime

from gongkai.catalog import actions
from gongkai.catalog.models import DocType, StatutoryItem, Topic


def topic(path: str = "国土资源、能源\\土地") -> Topic:
    parent, _, child = path.partition("\\")
    if child:
        return Topic.objects.get(parent__name=parent, name=child)
    return Topic.objects.get(parent=None, name=parent)


def draft(world, *, agency=None, actor=None, **data):
    values = {
        "title": "关于做好2025年度土地征收工作的通知",
        "formed_on": datetime.date(2025, 3, 3),
        "topic": topic(),
        "statutory_item": StatutoryItem.OTHER,
        "doc_type": DocType.OTHER_DOCUMENT,
        "summary": "",
        "body": "",
    }
    values.update(data)
    return actions.create_item(agency=agency or world.agency, data=values, actor=actor or world.officer)


def published(world, *, published_on=None, agency=None, **data):
    item = draft(world, agency=agency, actor=world.admin if agency is not None else None, **data)
    on = published_on or max(item.formed_on, datetime.date(2025, 3, 3))
    return actions.publish_item(item, actor=world.admin if agency is not None else world.head,
                                published_on=on, backfill=True)
