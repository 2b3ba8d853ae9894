from __future__ import annotations

from ninja import Router, Schema

from gongkai.accounts.models import Agency

router = Router(tags=["机关"])


class AgencyOut(Schema):
    code: str
    name: str
    parent: str | None


@router.get("/agencies", response=list[AgencyOut], summary="机关列表")
def list_agencies(request):
    """所有启用的机关：代码、全称、上级政府代码。"""
    return [
        {"code": a.code, "name": a.name, "parent": a.parent.code if a.parent_id else None}
        for a in Agency.objects.active().select_related("parent").order_by("parent_id", "code")
    ]
