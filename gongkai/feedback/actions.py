"""Every state change of a feedback item or questionnaire: one function each, keyword-only ``actor``.

Each checks its actor with ``permissions.py`` (the public's steps have none), runs in a
transaction, writes an ``Event`` row (items) and queues e-mail with ``transaction.on_commit``.
Views, the API, commands and the demo call these; nothing else sets a status or a setting.
Refusals are the shared errors (``accounts.errors``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.accounts.errors import ActionError, InvalidInput, NotAllowedNow
from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.models import Agency
from gongkai.portal.dates import prose
from gongkai.accounts.permissions import require
from gongkai.rules.calendar import WorkCalendar

from . import notices, screen
from .abuse import plain_text
from .models import (
    OPEN_STATUSES,
    Answer,
    Attachment,
    Channel,
    Choice,
    Event,
    FeedbackSettings,
    Item,
    Kind,
    Question,
    Rating,
    Reply,
    Response,
    Route,
    SOCIAL_CHANNELS,
    Satisfaction,
    Status,
    Survey,
)
from .models.items import hash_code
from .permissions import can_assign, can_build_survey, can_manage, can_own, can_register, can_reply

__all__ = ["ActionError"]  # views catch the shared base


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _new_number(on: date) -> str:
    return f"HD{on:%Y%m%d}{secrets.randbelow(10000):04d}"


def due_on_for(agency: Agency, kind: str, start: date, calendar: WorkCalendar | None = None) -> date:
    """The reply deadline: the agency's period for ``kind`` in working days after ``start``."""
    calendar = calendar or current_calendar()
    return calendar.add_workdays(start, FeedbackSettings.for_agency(agency).days_for(kind))


def _event(item: Item, type_: str, actor=None, note: str = "", **data) -> Event:
    return Event.objects.create(item=item, type=type_, actor=actor, note=note[:500], data=data)


@dataclass
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name or self.phone or self.email)


@transaction.atomic
def submit_item(*, agency: Agency, kind: str, subject: str, content: str, contact: Contact | None,
                publish_consent: bool, channel: str = Channel.WEBSITE, source_url: str = "",
                received_on: date | None = None, files=(), actor=None) -> tuple[Item, str | None]:
    """Record an item from the public (``actor`` None) or registered by staff (``actor`` = the clerk).

    Returns the item and its query code — ``None`` for an anonymous item, which has no private
    reply path. An agency rule for the kind assigns it at once.
    """
    if actor is not None:
        require(can_register(actor, agency), "您不能为该机关登记来件。")
    kind = Kind(kind)
    channel = Channel(channel)
    subject, content = plain_text(subject), plain_text(content)
    if not subject or not content:
        raise InvalidInput("标题和内容不能为空。")
    contact = contact or Contact()
    contact = Contact(plain_text(contact.name), plain_text(contact.phone), plain_text(contact.email))
    anonymous = contact.empty
    if not anonymous and not (contact.phone or contact.email) and channel not in (
            Channel.WECHAT, Channel.WEIBO, Channel.OTHER_MEDIA, Channel.LETTER):
        raise InvalidInput("请填写联系电话或电子邮箱，以便答复；不留联系方式请选择匿名提交。")
    received_on = received_on or timezone.localdate()
    due = due_on_for(agency, kind, received_on)
    code = new_query_code()  # anonymous writers too read the reply with it
    for attempt in range(10):
        try:
            with transaction.atomic():
                item = Item.objects.create(
                    agency=agency, number=_new_number(received_on), kind=kind, channel=channel,
                    source_url=source_url or "", subject=subject[:100], content=content[:5000],
                    is_anonymous=anonymous, contact_name=contact.name[:50], contact_phone=contact.phone[:30],
                    contact_email=contact.email[:254], publish_consent=bool(publish_consent),
                    query_code_hash=hash_code(code) if code else "", received_on=received_on,
                    initial_due_on=due, due_on=due, registered_by=actor,
                )
            break
        except IntegrityError:
            if source_url and Item.objects.filter(agency=agency, source_url=source_url).exists():
                raise NotAllowedNow("该原帖已登记过。") from None
            if attempt == 9:
                raise
    for f in files:
        Attachment.objects.create(item=item, file=f, name=f.name[:200], size=f.size,
                                  content_type=getattr(f, "content_type", "") or "application/octet-stream")
    if actor is None:
        _event(item, Event.Type.SUBMITTED, note=f"经{channel.label}提交")
    else:
        _event(item, Event.Type.REGISTERED, actor, note=f"登记{channel.label}来件")
    if code and contact.email:
        notices.send([contact.email], *notices.received(item, code))
    route = Route.objects.filter(agency=agency, kind=kind).select_related("owner").first()
    if route and can_own(route.owner, agency):
        _assign(item, route.owner, actor=None, note=f"按分派规则（{kind.label}）自动分派")
    return item, code


def _assign(item: Item, owner, *, actor, note: str = "") -> None:
    previous = item.owner
    item.owner = owner
    item.assigned_at = timezone.now()
    if item.status in (Status.NEW, Status.REOPENED):
        item.status = Status.ASSIGNED
    if not item.is_overdue():
        item.reminded_at = None  # the new owner gets the reminder too
    item.save(update_fields=["owner", "assigned_at", "status", "reminded_at"])
    if previous is None:
        _event(item, Event.Type.ASSIGNED, actor, note=note, owner=owner.pk, owner_name=str(owner))
    else:
        _event(item, Event.Type.REASSIGNED, actor, note=note, owner=owner.pk, owner_name=str(owner),
               previous=previous.pk, previous_name=str(previous))
    if owner.email and owner != actor:
        notices.send([owner.email], *notices.assigned(item))


@transaction.atomic
def assign_item(item: Item, *, owner, actor, note: str = "") -> Item:
    """The head names the owner (or a new owner: the previous one stays in the history)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_assign(actor, item), "只有本机关负责人可以分派。")
    if not item.is_open:
        raise NotAllowedNow("该事项已答复或已关闭，不能再分派。")
    if not can_own(owner, item.agency):
        raise InvalidInput(f"{owner} 不是{item.agency.name}的工作人员，不能承办。")
    if item.owner_id == owner.pk and item.status == Status.ASSIGNED:
        raise NotAllowedNow(f"该事项已由{owner}承办。")
    _assign(item, owner, actor=actor, note=plain_text(note))
    return item


@transaction.atomic
def reply_item(item: Item, *, text: str, actor) -> Reply:
    """Answer the item. The submitter gets it by e-mail (if given) and on the tracking page."""
    item = Item.objects.select_for_update().select_related("agency").get(pk=item.pk)
    require(can_reply(actor, item), "只有承办人或本机关负责人可以答复。")
    text = plain_text(text)
    if not text:
        raise InvalidInput("答复内容不能为空。")
    if len(text) > 10000:
        raise InvalidInput("答复内容不能超过10000字。")
    if not item.is_open:
        raise NotAllowedNow("该事项已答复或已关闭；如需补充答复，请先由负责人退回重新办理。")
    now = timezone.now()
    reply = Reply.objects.create(item=item, text=text, replied_by=actor, created_at=now)
    item.status = Status.REPLIED
    if item.owner_id is None:
        item.owner = actor
        item.assigned_at = now
    fields = ["status", "owner", "assigned_at"]
    if item.first_replied_at is None:
        item.first_replied_at = now
        fields.append("first_replied_at")
    item.save(update_fields=fields)
    on_time = timezone.localdate(now) <= item.due_on
    _event(item, Event.Type.REPLIED, actor, note="按期答复" if on_time else "超期答复", reply=reply.pk)
    if item.has_private_reply_path and item.contact_email:
        notices.send([item.contact_email], *notices.replied(item, reply))
    return reply


@transaction.atomic
def rate_reply(reply: Reply, *, value: str, comment: str = "", actor=None) -> Rating:
    """The submitter's rating through the one-time link; 不满意 reopens the item to the head."""
    value = Satisfaction(value)
    item = Item.objects.select_for_update().select_related("agency").get(pk=reply.item_id)
    if not item.has_private_reply_path:
        raise NotAllowedNow("匿名事项不能评价。")
    comment = plain_text(comment)[:1000]
    try:
        with transaction.atomic():
            rating = Rating.objects.create(reply=reply, value=value, comment=comment)
    except IntegrityError:
        raise NotAllowedNow("该答复已经评价过，评价链接只能使用一次。") from None
    _event(item, Event.Type.RATED, None, note=value.label, value=value.value, reply=reply.pk)
    if value == Satisfaction.UNSATISFIED and item.status == Status.REPLIED:
        today = timezone.localdate()
        item.status = Status.REOPENED
        item.due_on = due_on_for(item.agency, item.kind, today)
        item.reminded_at = None
        item.escalated_at = None
        item.save(update_fields=["status", "due_on", "reminded_at", "escalated_at"])
        _event(item, Event.Type.REOPENED, None, note="提交人不满意，退回负责人重新办理", due_on=item.due_on.isoformat())
        notices.send(notices.heads_emails(item.agency), *notices.reopened(item, rating))
    return rating


@transaction.atomic
def reopen_item(item: Item, *, actor, note: str = "") -> Item:
    """The head sends a replied item back for another answer (e.g. a follow-up phone call)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_assign(actor, item), "只有本机关负责人可以退回重新办理。")
    if item.status != Status.REPLIED:
        raise NotAllowedNow("只有已答复的事项才能退回重新办理。")
    item.status = Status.REOPENED
    item.due_on = due_on_for(item.agency, item.kind, timezone.localdate())
    item.reminded_at = item.escalated_at = None
    item.save(update_fields=["status", "due_on", "reminded_at", "escalated_at"])
    _event(item, Event.Type.REOPENED, actor, note=plain_text(note) or "负责人退回重新办理",
           due_on=item.due_on.isoformat())
    return item


@transaction.atomic
def close_item(item: Item, *, reason: str, actor) -> Item:
    """Close an item that needs no answer (spam, a duplicate, a blank entry)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_assign(actor, item), "只有本机关负责人可以关闭事项。")
    reason = plain_text(reason)
    if not reason:
        raise InvalidInput("请说明关闭原因。")
    if not item.is_open:
        raise NotAllowedNow("该事项已答复或已关闭。")
    item.status = Status.CLOSED
    item.closed_reason = reason[:200]
    item.save(update_fields=["status", "closed_reason"])
    _event(item, Event.Type.CLOSED, actor, note=reason)
    return item


@transaction.atomic
def publish_item(item: Item, *, question: str, answer: str, actor) -> Item:
    """Publish the question and answer on the agency's Q&A page, personal data screened out
    (``screen.publication``: the numbers, and the submitter's own name, contact and address)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_reply(actor, item), "只有承办人或本机关负责人可以公开答复。")
    if not item.publish_consent:
        raise NotAllowedNow("提交人未同意公开，不能发布。")
    if item.status != Status.REPLIED:
        raise NotAllowedNow("答复后才能公开。")
    screened_q, screened_a = screen.publication(item, question, answer)
    question, answer = screened_q.text.strip(), screened_a.text.strip()
    if not question or not answer:
        raise InvalidInput("公开的问题和答复不能为空。")
    item.public_question, item.public_answer = question[:5000], answer[:10000]
    item.published_at = timezone.now()
    item.save(update_fields=["public_question", "public_answer", "published_at"])
    _event(item, Event.Type.PUBLISHED, actor)
    return item


@transaction.atomic
def unpublish_item(item: Item, *, actor, note: str = "") -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_reply(actor, item), "只有承办人或本机关负责人可以撤回公开。")
    if item.published_at is None:
        raise NotAllowedNow("该事项未公开。")
    item.published_at = None
    item.save(update_fields=["published_at"])
    _event(item, Event.Type.UNPUBLISHED, actor, note=plain_text(note))
    return item


@transaction.atomic
def save_settings(agency: Agency, *, values: dict, routes: dict, actor) -> FeedbackSettings:
    """互动设置: the reply periods, the reminder, public submission, and for each kind (``routes``:
    kind → user) the person it goes to at once. New periods apply to items received afterwards."""
    require(can_manage(actor, agency), "只有本机关负责人可以修改互动设置。")
    for kind, owner in routes.items():
        if not can_own(owner, agency):
            raise InvalidInput({f"route_{kind}": f"{Kind(kind).label}：请选择本机关的工作人员。"})
    prefs, _ = FeedbackSettings.objects.update_or_create(agency=agency, defaults=values)
    Route.objects.filter(agency=agency).exclude(kind__in=list(routes)).delete()
    for kind, owner in routes.items():
        Route.objects.update_or_create(agency=agency, kind=kind, defaults={"owner": owner})
    return prefs


def remind_items(*, on: date | None = None, calendar: WorkCalendar | None = None) -> dict:
    """The daily sweep: remind owners before the deadline, report overdue items to the head.

    Idempotent: each reminder and each escalation is claimed with a conditional UPDATE, so a
    second run (or a second worker) sends nothing twice; a sweep that missed days catches up.
    """
    on = on or timezone.localdate()
    calendar = calendar or current_calendar()
    reminded = escalated = 0
    settings_by_agency: dict[int, FeedbackSettings] = {}
    candidates = (Item.objects.filter(status__in=OPEN_STATUSES)
                  .filter(Q(reminded_at__isnull=True, due_on__gte=on) | Q(escalated_at__isnull=True, due_on__lt=on))
                  .select_related("agency", "owner"))
    for item in candidates:
        if item.due_on < on:
            with transaction.atomic():
                if Item.objects.filter(pk=item.pk, escalated_at__isnull=True, status__in=OPEN_STATUSES,
                                       due_on__lt=on).update(escalated_at=timezone.now()):
                    _event(item, Event.Type.ESCALATED, None, note=f"已超过答复期限（{prose(item.due_on)}）")
                    notices.send(notices.heads_emails(item.agency), *notices.escalation(item))
                    escalated += 1
            continue
        prefs = settings_by_agency.setdefault(item.agency_id, FeedbackSettings.for_agency(item.agency))
        if calendar.workdays_between(on, item.due_on) > prefs.remind_days:
            continue
        with transaction.atomic():
            if Item.objects.filter(pk=item.pk, reminded_at__isnull=True,
                                   status__in=OPEN_STATUSES).update(reminded_at=timezone.now()):
                _event(item, Event.Type.REMINDED, None, note=f"答复期限 {prose(item.due_on)}")
                to = [item.owner.email] if item.owner_id else notices.heads_emails(item.agency)
                notices.send(to, *notices.reminder(item))
                reminded += 1
    return {"reminded": reminded, "escalated": escalated}


# -- questionnaires ---------------------------------------------------------------------------

def _require_builder(actor, agency: Agency) -> None:
    require(can_build_survey(actor, agency), "您不能编辑该机关的问卷。")


def _check_dates(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise InvalidInput("截止日期不能早于开始日期。")


@transaction.atomic
def create_survey(*, agency: Agency, title: str, intro: str, opens_on: date, closes_on: date, actor) -> Survey:
    _require_builder(actor, agency)
    _check_dates(opens_on, closes_on)
    title = plain_text(title)
    if not title:
        raise InvalidInput("请填写问卷标题。")
    return Survey.objects.create(agency=agency, title=title[:100], intro=plain_text(intro)[:2000],
                                 opens_on=opens_on, closes_on=closes_on, created_by=actor)


@transaction.atomic
def update_survey(survey: Survey, *, title: str, intro: str, opens_on: date, closes_on: date,
                  results_public: bool, actor) -> Survey:
    """Edit the texts and dates (opening, closing or extending the survey) and publish results."""
    _require_builder(actor, survey.agency)
    _check_dates(opens_on, closes_on)
    title = plain_text(title)
    if not title:
        raise InvalidInput("请填写问卷标题。")
    survey.title, survey.intro = title[:100], plain_text(intro)[:2000]
    survey.opens_on, survey.closes_on = opens_on, closes_on
    survey.results_public = bool(results_public)
    survey.save(update_fields=["title", "intro", "opens_on", "closes_on", "results_public"])
    return survey


@transaction.atomic
def add_question(survey: Survey, *, kind: str, text: str, required: bool, choices: list[str], actor) -> Question:
    _require_builder(actor, survey.agency)
    kind = Question.Kind(kind)
    if survey.is_locked:
        raise NotAllowedNow("已有人作答，不能再修改题目。")
    text = plain_text(text)
    if not text:
        raise InvalidInput("请填写题目。")
    choices = [c for c in (plain_text(c)[:200] for c in choices) if c]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        if len(choices) < 2:
            raise InvalidInput("单选题和多选题至少需要两个选项。")
        if len(set(choices)) != len(choices):
            raise InvalidInput("选项不能重复。")
        if len(choices) > 20:
            raise InvalidInput("选项不能超过20个。")
    elif choices:
        raise InvalidInput("评分题和文字题不需要选项。")
    position = (survey.questions.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    question = Question.objects.create(survey=survey, kind=kind, text=text[:300], required=bool(required),
                                       position=position)
    Choice.objects.bulk_create([Choice(question=question, position=i, text=c) for i, c in enumerate(choices, 1)])
    return question


@transaction.atomic
def remove_question(question: Question, *, actor) -> None:
    _require_builder(actor, question.survey.agency)
    if question.survey.is_locked:
        raise NotAllowedNow("已有人作答，不能再修改题目。")
    question.delete()


@transaction.atomic
def launch_survey(survey: Survey, *, actor) -> Survey:
    """Make the survey answerable between its dates (a draft cannot be reached by the public)."""
    _require_builder(actor, survey.agency)
    if survey.state == Survey.State.LAUNCHED:
        raise NotAllowedNow("问卷已发布。")
    if not survey.questions.exists():
        raise NotAllowedNow("问卷还没有题目。")
    survey.state = Survey.State.LAUNCHED
    survey.launched_at = timezone.now()
    survey.save(update_fields=["state", "launched_at"])
    return survey


@transaction.atomic
def close_survey(survey: Survey, *, actor, on: date | None = None) -> Survey:
    """Stop accepting answers now (the closing date becomes yesterday)."""
    from datetime import timedelta

    _require_builder(actor, survey.agency)
    on = on or timezone.localdate()
    if not survey.is_answerable(on):
        raise NotAllowedNow("问卷当前不在作答期内。")
    survey.closes_on = on - timedelta(days=1)
    survey.opens_on = min(survey.opens_on, survey.closes_on)
    survey.save(update_fields=["opens_on", "closes_on"])
    return survey


@transaction.atomic
def submit_response(survey: Survey, *, answers: dict, fingerprint: str, on: date | None = None) -> Response:
    """Store one person's answers. ``answers`` maps question id → choice ids / rating / text.

    Validated again here (the form did too): required questions answered, choices belong to the
    question, ratings 1–5, text plain and at most 2000 characters.
    """
    if not survey.is_answerable(on or timezone.localdate()):
        raise NotAllowedNow("问卷不在作答期内。")
    if Response.objects.filter(survey=survey, fingerprint=fingerprint).exists():
        raise NotAllowedNow("您已经填写过本问卷，感谢参与。")
    response = Response.objects.create(survey=survey, fingerprint=fingerprint)
    rows = []
    for q in survey.questions.prefetch_related("choices"):
        value = answers.get(q.pk)
        valid_choices = {c.pk: c for c in q.choices.all()}
        if q.kind == Question.Kind.SINGLE:
            ids = [value] if value not in (None, "") else []
        elif q.kind == Question.Kind.MULTIPLE:
            ids = list(value or [])
        if q.has_choices:
            try:
                ids = [int(i) for i in ids]
            except (TypeError, ValueError):
                raise InvalidInput(f"“{q.text}”的选项无效。") from None
            if any(i not in valid_choices for i in ids) or len(set(ids)) != len(ids):
                raise InvalidInput(f"“{q.text}”的选项无效。")
            if q.required and not ids:
                raise InvalidInput(f"请回答“{q.text}”。")
            rows += [Answer(response=response, question=q, choice=valid_choices[i]) for i in ids]
        elif q.kind == Question.Kind.RATING:
            if value in (None, ""):
                if q.required:
                    raise InvalidInput(f"请回答“{q.text}”。")
                continue
            try:
                rating = int(value)
            except (TypeError, ValueError):
                raise InvalidInput(f"“{q.text}”应为1至5分。") from None
            if not 1 <= rating <= 5:
                raise InvalidInput(f"“{q.text}”应为1至5分。")
            rows.append(Answer(response=response, question=q, rating=rating))
        else:
            text = plain_text(value or "")
            if len(text) > 2000:
                raise InvalidInput(f"“{q.text}”不能超过2000字。")
            if not text:
                if q.required:
                    raise InvalidInput(f"请回答“{q.text}”。")
                continue
            rows.append(Answer(response=response, question=q, text=text))
    Answer.objects.bulk_create(rows)
    return response
