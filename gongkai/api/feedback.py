"""互动 API: the public submit/look-up endpoints, staff list/assign/reply, and the social-media bridge.

The actions check the actor; their refusals reach the client through the one mapper in ``__init__``."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply
from ninja.errors import HttpError
from pydantic import model_validator

from gongkai.accounts.models import Agency, User
from gongkai.feedback import abuse, actions, notices
from gongkai.feedback.models import Channel, FeedbackSettings, Item, Status
from gongkai.feedback.permissions import assignable_people, can_register, get_staff_item, staff_items
from gongkai.portal import ratelimit
from gongkai.rules.phone import phone_problem

from .auth import bearer
from .disclosure import QUERY_CODE_HEADER
from .disclosure import _query_code as query_code_from

router = Router(tags=["互动"])

KindIn = Literal["suggestion", "opinion", "criticism", "inquiry", "complaint"]


class ContactIn(Schema):
    name: str = Field("", max_length=50, description="姓名或称呼")
    phone: str = Field("", max_length=30, description="联系电话")
    email: str = Field("", max_length=254, description="电子邮箱；填写后答复同时发到该邮箱")

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value):
        # ninja's Schema would read attributes off any value, so a bare phone-number string became
        # an empty contact (an anonymous item the writer can never be answered on)
        raw = getattr(value, "_obj", value)  # ninja wraps the input in a DjangoGetter first
        if not isinstance(raw, (dict, ContactIn)):
            raise ValueError("contact 应为对象，如 {\"name\": \"张三\", \"phone\": \"13800000000\"}")
        return value


class SubmitIn(Schema):
    agency: str = Field(..., max_length=63, description="机关代码，如 huzhu-zrj")
    kind: KindIn = Field(..., description="类别：建议 suggestion、意见 opinion、批评 criticism、咨询 inquiry、投诉 complaint")
    subject: str = Field(..., min_length=1, max_length=100)
    content: str = Field(..., min_length=1, max_length=5000)
    contact: ContactIn | None = Field(None, description="不提供则为匿名：仍有查询码，可凭查询码查看答复，但不会收到邮件，不能评价")
    publish_consent: bool = Field(False, description="同意在公开答复栏目公开问题和答复（个人信息不公开）")


class SubmitOut(Schema):
    number: str
    query_code: str = Field(description="查询码（只返回这一次）；匿名事项也有，凭它查看答复")
    due_on: date


class ReplyOut(Schema):
    text: str
    replied_on: date
    rating: str | None = Field(None, description="提交人的评价：satisfied / basically / unsatisfied")
    rating_url: str | None = Field(None, description="一次性评价链接（尚未评价时）")


class ItemPublicOut(Schema):
    number: str
    agency: str
    agency_name: str
    kind: str
    kind_label: str
    subject: str
    content: str
    status: str
    status_label: str
    received_on: date
    due_on: date
    replies: list[ReplyOut]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None


def _error(status: int, detail: str, errors: dict | None = None):
    body = {"detail": detail}
    if errors:
        body["errors"] = errors
    return Reply(status, body)


def _agency_or_error(code: str):
    agency = Agency.objects.active().filter(code=code).first()
    if agency is None:
        return None, _error(400, "输入有误，请检查。", {"agency": "没有该机关"})
    return agency, None


def _replies(item: Item, *, with_links: bool) -> list[dict]:
    out = []
    for r in item.replies.select_related("rating").order_by("created_at", "id"):
        rating = r.rating if hasattr(r, "rating") else None
        out.append({
            "text": r.text, "replied_on": timezone.localdate(r.created_at),
            "rating": rating.value if rating else None,
            "rating_url": notices.rating_url(r) if with_links and rating is None else None,
        })
    return out


def _public(item: Item) -> dict:
    return {
        "number": item.number, "agency": item.agency.code, "agency_name": item.agency.name,
        "kind": item.kind, "kind_label": item.get_kind_display(), "subject": item.subject,
        "content": item.content, "status": item.status, "status_label": item.get_status_display(),
        "received_on": item.received_on, "due_on": item.due_on,
        "replies": _replies(item, with_links=item.has_private_reply_path),
    }


@router.post("/feedback", response={201: SubmitOut, 400: ErrorOut, 409: ErrorOut, 429: ErrorOut}, summary="提交建议、咨询、投诉等")
def submit_feedback(request, payload: SubmitIn):
    """公开接口，无需登录。返回编号、查询码（匿名事项也有）和答复期限（工作日计算）。每个客户端有频率限制。"""
    if wait := abuse.wait_seconds(request, "submit"):  # only accepted submissions count
        raise ratelimit.RateLimited(wait)
    agency, err = _agency_or_error(payload.agency)
    if err:
        return err
    if not FeedbackSettings.for_agency(agency).accepts_public:
        return _error(400, f"{agency.name}暂未开通网上提交。")
    contact = None
    if payload.contact is not None:
        c = payload.contact
        email = abuse.plain_text(c.email)
        if email:
            try:
                validate_email(email)
            except DjangoValidationError:
                return _error(400, "输入有误，请检查。", {"contact.email": "电子邮箱格式不对"})
        phone = abuse.plain_text(c.phone)
        if phone and (problem := phone_problem(phone)):
            return _error(400, "输入有误，请检查。", {"contact.phone": problem})
        contact = actions.Contact(c.name, phone, email)
        if contact.empty:
            contact = None
        elif not (phone or email):
            return _error(400, "输入有误，请检查。",
                          {"contact": "请填写联系电话或电子邮箱；不留联系方式请省略 contact（匿名）"})
    abuse.count(request, "submit")
    item, code = actions.submit_item(agency=agency, kind=payload.kind, subject=payload.subject,
                                     content=payload.content, contact=contact, publish_consent=payload.publish_consent)
    return Reply(201, {"number": item.number, "query_code": code, "due_on": item.due_on})


@router.get("/feedback/{number}", response={200: ItemPublicOut, 404: ErrorOut, 429: ErrorOut},
            summary="凭编号和查询码查询办理结果")
def get_feedback(request, number: str, query_code: str = "", x_query_code: str = QUERY_CODE_HEADER):
    """查询码放在 ``X-Query-Code`` 请求头中（``?query_code=`` 仍然接受，但不要再用）。
    编号或查询码不对时一律 404。匿名事项同样凭编号和查询码查询。"""
    if wait := abuse.rate_limited(request, "track"):
        raise ratelimit.RateLimited(wait)
    item = Item.objects.select_related("agency").filter(number=number.strip().upper()).first()
    if item is None or not item.check_query_code(query_code_from(request, x_query_code, query_code)):
        return _error(404, "没有找到该事项，请核对编号和查询码。")
    return Reply(200, _public(item))


# -- staff ------------------------------------------------------------------------------------

class BridgeIn(Schema):
    agency: str = Field(..., max_length=63)
    kind: KindIn
    channel: Literal["wechat", "weibo", "other_media", "email"] = Field(
        ..., description="微信公众号 wechat、微博 weibo、其他政务新媒体 other_media、电子邮件 email")
    source_url: str = Field("", max_length=500, description="原帖链接（政务新媒体必填）；同一原帖只登记一次")
    author: str = Field("", max_length=50, description="发帖人网名或称呼")
    subject: str = Field("", max_length=100, description="可省略：取内容开头")
    content: str = Field(..., min_length=1, max_length=5000)
    received_on: date | None = Field(None, description="收到日期，默认今天")
    publish_consent: bool = False


def _bridge_contact(payload) -> actions.Contact | None:
    author = abuse.plain_text(payload.author)
    if not author:
        return None
    if payload.channel == "email" and "@" in author:
        return actions.Contact(email=author)
    return actions.Contact(name=author)


class BridgeOut(SubmitOut):
    query_code: str | None = Field(description="查询码（只在首次登记时返回）；已登记过的原帖为 null")
    created: bool


@router.post("/staff/feedback/bridge", auth=bearer, response={200: BridgeOut, 201: BridgeOut, 400: ErrorOut, 409: ErrorOut},
             summary="政务新媒体来件接入（令牌）")
def bridge_feedback(request, payload: BridgeIn):
    """供微信公众号、微博等的对接程序使用：以本机关工作人员的令牌登记来件并记录原帖链接。

    同一原帖重复提交时返回已登记的编号（200，created=false）。
    """
    agency, err = _agency_or_error(payload.agency)
    if err:
        return err
    if not can_register(request.user, agency):
        return _error(400, "输入有误，请检查。", {"agency": "令牌所属用户不是该机关的工作人员"})
    url = payload.source_url.strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except DjangoValidationError:
            return _error(400, "输入有误，请检查。", {"source_url": "应为 http:// 或 https:// 开头的链接"})
    elif payload.channel != "email":
        return _error(400, "输入有误，请检查。", {"source_url": "政务新媒体来件必须提供原帖链接"})
    existing = Item.objects.filter(agency=agency, source_url=url).first() if url else None
    if existing:
        return Reply(200, {"number": existing.number, "query_code": None, "due_on": existing.due_on, "created": False})
    received_on = payload.received_on or timezone.localdate()
    if received_on > timezone.localdate():
        return _error(400, "输入有误，请检查。", {"received_on": "不能晚于今天"})
    content = abuse.plain_text(payload.content)
    subject = abuse.plain_text(payload.subject) or content.replace("\n", " ")[:30]
    item, code = actions.submit_item(
        agency=agency, kind=payload.kind, channel=Channel(payload.channel), source_url=url,
        subject=subject, content=content, received_on=received_on, publish_consent=payload.publish_consent,
        contact=_bridge_contact(payload), actor=request.user)
    return Reply(201, {"number": item.number, "query_code": code, "due_on": item.due_on, "created": True})



class StaffItemOut(Schema):
    number: str
    agency: str
    kind: str
    channel: str
    source_url: str
    subject: str
    content: str
    anonymous: bool
    contact_name: str
    contact_phone: str
    contact_email: str
    publish_consent: bool
    status: str
    owner: str | None
    received_on: date
    due_on: date
    overdue: bool
    replies: list[ReplyOut]


def _staff(item: Item, *, full: bool = True) -> dict:
    return {
        "number": item.number, "agency": item.agency.code, "kind": item.kind, "channel": item.channel,
        "source_url": item.source_url, "subject": item.subject, "content": item.content,
        "anonymous": item.is_anonymous, "contact_name": item.contact_name, "contact_phone": item.contact_phone,
        "contact_email": item.contact_email, "publish_consent": item.publish_consent, "status": item.status,
        "owner": item.owner.username if item.owner_id else None, "received_on": item.received_on,
        "due_on": item.due_on, "overdue": item.is_overdue(),
        "replies": _replies(item, with_links=False) if full else [],
    }


@router.get("/staff/feedback", auth=bearer, response=list[StaffItemOut], summary="互动事项列表（工作人员）")
def list_feedback(request, agency: str = "", status: str = Query("open", description="open、overdue、all 或具体状态"),
                  owner: str = Query("", description="用户名；me 表示自己"), limit: int = Query(50, ge=1, le=200),
                  offset: int = Query(0, ge=0)):
    """本人可办理机关的事项（政务公开办：所辖各机关），按答复期限排序。不含答复正文。"""
    if status not in ("open", "overdue", "all", *Status.values):
        raise HttpError(400, "status 不是允许的取值（可选：open、overdue、all、" + "、".join(Status.values) + "）")
    qs = staff_items(request.user).select_related("agency", "owner")
    if agency:
        qs = qs.filter(agency__code=agency)
    today = timezone.localdate()
    if status == "open":
        qs = qs.open()
    elif status == "overdue":
        qs = qs.overdue(on=today)
    elif status != "all":
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner=request.user) if owner == "me" else qs.filter(owner__username=owner)
    return [_staff(i, full=False) for i in qs.order_by("due_on", "id")[offset:offset + limit]]


def _staff_item(request, number: str) -> Item:
    from django.http import Http404

    try:
        return get_staff_item(request.user, number.strip().upper())
    except Http404:
        raise HttpError(404, "没有找到该事项。") from None


@router.get("/staff/feedback/{number}", auth=bearer, response={200: StaffItemOut, 404: ErrorOut},
            summary="互动事项详情（工作人员）")
def get_staff_feedback(request, number: str):
    return Reply(200, _staff(_staff_item(request, number)))


class AssignIn(Schema):
    owner: str = Field(..., max_length=150, description="承办人的用户名（本机关经办人或负责人）")
    note: str = Field("", max_length=200)


@router.post("/staff/feedback/{number}/assign", auth=bearer,
             response={200: StaffItemOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}, summary="分派或改派（负责人）")
def assign_feedback(request, number: str, payload: AssignIn):
    item = _staff_item(request, number)
    owner = assignable_people(item.agency).filter(username=payload.owner).first()
    if owner is None:
        if User.objects.filter(username=payload.owner).exists():
            return _error(400, "输入有误，请检查。", {"owner": f"不是{item.agency.name}的工作人员"})
        return _error(400, "输入有误，请检查。", {"owner": "没有该用户"})
    item = actions.assign_item(item, owner=owner, actor=request.user, note=payload.note)
    return Reply(200, _staff(Item.objects.select_related("agency", "owner").get(pk=item.pk)))


class ReplyIn(Schema):
    text: str = Field(..., min_length=1, max_length=10000)


@router.post("/staff/feedback/{number}/reply", auth=bearer,
             response={201: StaffItemOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}, summary="答复（承办人或负责人）")
def reply_feedback(request, number: str, payload: ReplyIn):
    """提交人凭编号和查询码可看到答复；留了邮箱的同时收到邮件和一次性评价链接。匿名事项只记录答复。"""
    item = _staff_item(request, number)
    actions.reply_item(item, text=payload.text, actor=request.user)
    return Reply(201, _staff(Item.objects.select_related("agency", "owner").get(pk=item.pk)))
