"""Building applications through the real actions (style.md rule 7)."""

from __future__ import annotations

from datetime import date

from gongkai.disclosure import actions

# 630223199001011234 is not a valid number; this one passes the GB 11643 checksum
VALID_ID = "11010519491231002X"


def fields(**overrides) -> dict:
    base = {
        "applicant_type": "natural_person",
        "name": "王小二",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "wang@example.com",
        "address": "测试县人民路8号",
        "content": "2024年本村宅基地审批结果及公示材料",
        "form": "paper",
        "delivery": "post",
    }
    base.update(overrides)
    return base


def registered(world, received_on: date = date(2025, 1, 20), channel: str = "in_person", **overrides):
    """An application received on ``received_on`` (statutory receipt date) at agency X."""
    return actions.register_application(agency=world.agency, fields=fields(**overrides), channel=channel,
                                        received_on=received_on, actor=world.officer).application
