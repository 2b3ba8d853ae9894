"""Every state change of the catalogue: one function each, keyword-only ``actor``, one transaction,
an event row, side effects (search index, mail, tasks) after commit.

Workflow: 草稿 → (提交审核) 待审核 → (负责人审核发布) 已发布 → 修订 / 撤回. A head may publish a
draft directly (the head is the reviewer). Publishing allocates the permanent 索引号, records how
many working days passed since 形成或变更日期 (条例第二十六条, ``rules.periods``), and requires
the personal-data screen to be cleared. Refusals are the shared errors (``accounts.errors``).
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.errors import ActionError, InvalidInput, NotAllowedNow
from gongkai.accounts.holidays import current_calendar
from gongkai.accounts.permissions import require
from gongkai.rules import personal_data
from gongkai.rules.periods import publication_is_late

from . import index_numbers
from .content import check_attachment, html_to_text, normalise_doc_number, sanitize_html
from .models import (Attachment, CatalogSettings, Item, ItemEvent, ItemVersion, SearchSynonym, SearchTerm,
                     Subscription, YearlyFigures)
from .permissions import can_edit, can_review

EDITABLE_FIELDS = [
    "title", "doc_number", "publisher", "signed_on", "formed_on", "topic", "statutory_item", "extra_item",
    "doc_form", "doc_type", "decision_kind", "summary", "keywords", "body", "validity", "effective_on",
    "repealed_on",
]


__all__ = ["ActionError"]  # views catch the shared base


def _event(item: Item, kind: str, actor, note: str = "", **data) -> ItemEvent:
    return ItemEvent.objects.create(item=item, kind=kind, actor=actor, note=note, data=data)


def _validation_message(e: ValidationError) -> str:
    if hasattr(e, "message_dict"):
        parts = []
        for field, messages in e.message_dict.items():
            label = Item._meta.get_field(field).verbose_name if field != "__all__" and field in {
                f.name for f in Item._meta.get_fields()} else ""
            parts.extend(f"{label}：{m}" if label else m for m in messages)
        return "；".join(parts)
    return "；".join(e.messages)


def _apply(item: Item, data: dict) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.title = (item.title or "").strip()
    item.doc_number = normalise_doc_number(item.doc_number)
    item.body = sanitize_html(item.body)
    item.body_text = html_to_text(item.body)
    if not item.is_rule:
        item.validity = ""
        item.effective_on = None
        item.repealed_on = None


def _validate(item: Item) -> None:
    try:
        item.full_clean(exclude=["created_by", "reviewed_by", "index_number"])
    except ValidationError as e:
        raise InvalidInput(_validation_message(e)) from None


def _require(ok: bool, message: str, error=NotAllowedNow) -> None:
    if not ok:
        raise error(message)


# ---- drafting ----------------------------------------------------------------------------------

@transaction.atomic
def create_item(*, agency, data: dict, actor) -> Item:
    require(can_edit(actor, agency), "您不能为该机关编辑目录信息。")
    item = Item(agency=agency, created_by=actor)
    _apply(item, data)
    _validate(item)
    item.save()
    _event(item, ItemEvent.Kind.CREATED, actor)
    return item


@transaction.atomic
def update_item(item: Item, *, data: dict, actor) -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_edit(actor, item.agency), "您不能编辑该机关的目录信息。")
    _require(item.status in (Item.Status.DRAFT, Item.Status.SUBMITTED),
             "已发布的信息不能直接修改，请由负责人“修订”。")
    _apply(item, data)
    _validate(item)
    item.save()
    _event(item, ItemEvent.Kind.EDITED, actor)
    return item


def screen_hits(item: Item) -> list[personal_data.Match]:
    """Personal data found in what would be published (title, 文号, 发布机构, 概述, 关键词, 正文
    and the text of PDF, Word and text attachments)."""
    hits = []
    for text in (item.title, item.doc_number, item.publisher, item.summary, item.keywords, item.body_text,
                 *_attachment_texts(item)):
        hits.extend(personal_data.find(text or ""))
    return hits


#: the text of an attachment depends on its bytes only: kept by digest, so the screen that every
#: view and every step of an item runs does not parse each PDF again (texts above the cap are not kept)
ATTACHMENT_TEXT_CACHE_SECONDS = 7 * 24 * 3600
ATTACHMENT_TEXT_CACHE_MAX_CHARS = 500_000


def _attachment_texts(item: Item) -> list[str]:
    texts = []
    for attachment in item.attachments.all() if item.pk else []:
        if attachment.name.lower().endswith((".pdf", ".docx", ".txt")):
            texts.extend(attachment_text(attachment))
    return texts


def attachment_text(attachment) -> list[str]:
    """The pages' text of one attachment (a scan or a picture has none)."""
    from django.core.cache import cache

    from gongkai.documents.redaction import extract_pages

    key = f"catalog:attachment-text:v1:{attachment.sha256}" if attachment.sha256 else None
    cached = cache.get(key) if key else None
    if cached is not None:
        return cached
    try:
        with attachment.file.open("rb") as fh:
            data = fh.read()
    except OSError:  # the file is unreadable now: screen without it, try again next time
        return []
    try:
        pages = [text for _, text in extract_pages(data, attachment.name)]
    except ValueError:
        pages = []
    if key and sum(map(len, pages)) <= ATTACHMENT_TEXT_CACHE_MAX_CHARS:
        cache.set(key, pages, ATTACHMENT_TEXT_CACHE_SECONDS)
    return pages


def uncleared_hits(item: Item) -> list[personal_data.Match]:
    confirmed = {(c.get("kind"), c.get("text")) for c in item.screen_confirmed or []}
    return [m for m in screen_hits(item) if (m.kind, m.text) not in confirmed]


@transaction.atomic
def confirm_screen_hits(item: Item, *, texts: list[str], actor) -> Item:
    """The officer confirms that these hits are meant to be published (e.g. the office's own phone)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_edit(actor, item.agency), "您不能编辑该机关的目录信息。")
    current = {(m.kind, m.text) for m in screen_hits(item)}
    chosen = [{"kind": k, "text": t} for k, t in sorted(current) if t in set(texts)]
    _require(bool(chosen), "请选择要确认公开的筛查结果。", InvalidInput)
    existing = {(c["kind"], c["text"]) for c in item.screen_confirmed or []}
    item.screen_confirmed = [*item.screen_confirmed, *[c for c in chosen if (c["kind"], c["text"]) not in existing]]
    item.save(update_fields=["screen_confirmed", "updated_at"])
    _event(item, ItemEvent.Kind.SCREEN_CONFIRMED, actor,
           note="、".join(personal_data.KINDS[c["kind"]] + "“" + c["text"] + "”" for c in chosen))
    return item


@transaction.atomic
def add_attachment(item: Item, *, upload, actor) -> Attachment:
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status in (Item.Status.DRAFT, Item.Status.SUBMITTED):
        require(can_edit(actor, item.agency), "您不能编辑该机关的目录信息。")
    else:
        require(item.status == Item.Status.PUBLISHED and can_review(actor, item.agency),
                "已发布信息的附件只能由负责人更改。")
    try:
        checked = check_attachment(upload)
    except ValueError as e:
        raise InvalidInput(str(e)) from None
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(item=item, name=checked.name, mime=checked.mime, size=checked.size,
                            sha256=digest.hexdigest(), uploaded_by=actor)
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    _event(item, ItemEvent.Kind.ATTACHMENT_ADDED, actor, note=checked.name)
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor) -> None:
    item = Item.objects.select_for_update().get(pk=attachment.item_id)
    if item.status in (Item.Status.DRAFT, Item.Status.SUBMITTED):
        require(can_edit(actor, item.agency), "您不能编辑该机关的目录信息。")
    else:
        require(item.status == Item.Status.PUBLISHED and can_review(actor, item.agency),
                "已发布信息的附件只能由负责人更改。")
    name, stored = attachment.name, attachment.file.name
    attachment.delete()
    _event(item, ItemEvent.Kind.ATTACHMENT_REMOVED, actor, note=name)
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored))


# ---- review and publication ----------------------------------------------------------------------

@transaction.atomic
def submit_item(item: Item, *, actor) -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_edit(actor, item.agency), "您不能编辑该机关的目录信息。")
    _require(item.status == Item.Status.DRAFT, "只有草稿可以提交审核。")
    _validate(item)
    item.status = Item.Status.SUBMITTED
    item.submitted_at = timezone.now()
    item.save(update_fields=["status", "submitted_at", "updated_at"])
    _event(item, ItemEvent.Kind.SUBMITTED, actor)
    return item


@transaction.atomic
def return_item(item: Item, *, actor, note: str) -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_review(actor, item.agency), "只有负责人可以审核。")
    _require(item.status == Item.Status.SUBMITTED, "只有待审核的信息可以退回。")
    note = (note or "").strip()
    _require(bool(note), "退回时请写明需要修改的内容。", InvalidInput)
    item.status = Item.Status.DRAFT
    item.review_note = note
    item.reviewed_by = actor
    item.save(update_fields=["status", "review_note", "reviewed_by", "updated_at"])
    _event(item, ItemEvent.Kind.RETURNED, actor, note=note)
    return item


def _after_publication(item_id: int) -> None:
    from . import tasks

    try:
        tasks.notify_subscribers.enqueue()
    except Exception:  # noqa: BLE001 - a queue problem must not undo a publication; the sweep catches up
        import logging

        logging.getLogger(__name__).exception("无法排队发送订阅通知（目录信息 %s）", item_id)


@transaction.atomic
def publish_item(item: Item, *, actor, published_on: datetime.date | None = None, backfill: bool = False) -> Item:
    """审核发布. ``published_on`` defaults to today; a later date schedules publication.

    ``backfill`` (imports and demo data only) allows a 发布日期 in the past.
    """
    from .search import index_item

    item = Item.objects.select_for_update().select_related("agency").get(pk=item.pk)
    require(can_review(actor, item.agency), "只有负责人可以审核发布。")
    _require(item.status in (Item.Status.DRAFT, Item.Status.SUBMITTED), "该信息不在待发布状态。")
    today = timezone.localdate()
    published_on = published_on or today
    _require(backfill or published_on >= today, "发布日期不能早于今天。", InvalidInput)
    _require(published_on >= item.formed_on, "发布日期不能早于形成或变更日期。", InvalidInput)
    _validate(item)
    left = uncleared_hits(item)
    _require(not left, "发布前须处理个人信息筛查结果：" + "、".join(f"{m.label}“{m.text}”" for m in left)
             + "。请删除，或由经办人确认属于应当公开的内容。")
    try:
        item.index_number = item.index_number or index_numbers.allocate(item, published_on)
    except index_numbers.PatternError as e:
        raise InvalidInput(str(e)) from None
    calendar = current_calendar()
    workdays = calendar.workdays_between(item.formed_on, published_on)
    item.status = Item.Status.PUBLISHED
    item.published_on = published_on
    item.published_at = timezone.now()
    item.reviewed_by = actor
    item.review_note = ""
    item.publication_workdays = workdays
    item.is_late = publication_is_late(item.formed_on, published_on, calendar)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise NotAllowedNow("索引号与已有信息重复，请检查机关的组织机构代码和索引号规则。") from None
    _event(item, ItemEvent.Kind.PUBLISHED, actor, index_number=item.index_number,
           published_on=published_on.isoformat(), workdays=workdays, late=item.is_late)
    index_item(item)
    transaction.on_commit(lambda: _after_publication(item.pk))
    return item


SNAPSHOT_FIELDS = [f for f in EDITABLE_FIELDS if f != "topic"] + ["topic_id", "publication_workdays", "is_late"]


def _snapshot(item: Item) -> dict:
    out = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(item, name)
        out[name] = value.isoformat() if isinstance(value, datetime.date) else value
    out["attachments"] = [{"name": a.name, "sha256": a.sha256} for a in item.attachments.all()]
    return out


@transaction.atomic
def revise_item(item: Item, *, data: dict, actor, reason: str, changed_on: datetime.date | None = None) -> Item:
    """修订 a published item: the old text is kept as a version, the 索引号 stays.

    ``changed_on`` is the 变更日期 of the information (default today); 第二十六条 applies to it again.
    """
    from .search import index_item

    item = Item.objects.select_for_update().select_related("agency").get(pk=item.pk)
    require(can_review(actor, item.agency), "只有负责人可以修订已发布的信息。")
    _require(item.status == Item.Status.PUBLISHED, "只有已发布的信息可以修订。")
    reason = (reason or "").strip()
    _require(bool(reason), "请写明修订理由。", InvalidInput)
    today = timezone.localdate()
    changed_on = changed_on or today
    _require(changed_on <= today, "变更日期不能晚于今天。", InvalidInput)
    ItemVersion.objects.create(item=item, version=item.version, snapshot=_snapshot(item), replaced_by=actor,
                               reason=reason)
    _apply(item, {**data, "formed_on": changed_on})
    _validate(item)
    left = uncleared_hits(item)
    _require(not left, "修订后的内容含有未确认的个人信息：" + "、".join(f"{m.label}“{m.text}”" for m in left)
             + "。请删除后再修订。")
    calendar = current_calendar()
    workdays = calendar.workdays_between(changed_on, today)
    item.version += 1
    item.revised_at = timezone.now()
    item.publication_workdays = workdays
    item.is_late = item.is_late or publication_is_late(changed_on, today, calendar)
    item.save()
    _event(item, ItemEvent.Kind.REVISED, actor, note=reason, version=item.version, workdays=workdays)
    index_item(item)
    return item


@transaction.atomic
def withdraw_item(item: Item, *, actor, reason: str) -> Item:
    from .search import unindex_item

    item = Item.objects.select_for_update().get(pk=item.pk)
    require(can_review(actor, item.agency), "只有负责人可以撤回已发布的信息。")
    _require(item.status == Item.Status.PUBLISHED, "只有已发布的信息可以撤回。")
    reason = (reason or "").strip()
    _require(bool(reason), "请写明撤回理由。", InvalidInput)
    item.status = Item.Status.WITHDRAWN
    item.withdrawn_at = timezone.now()
    item.withdrawal_reason = reason
    item.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    _event(item, ItemEvent.Kind.WITHDRAWN, actor, note=reason)
    unindex_item(item)
    return item


# ---- settings, dictionary, figures --------------------------------------------------------------

@transaction.atomic
def save_catalog_settings(agency, *, index_pattern: str, actor) -> CatalogSettings:
    require(can_review(actor, agency), "只有负责人可以修改目录设置。")
    index_pattern = (index_pattern or "").strip()
    try:
        index_numbers.preview(index_pattern, agency, timezone.localdate())
    except index_numbers.PatternError as e:
        raise InvalidInput(str(e)) from None
    row, _ = CatalogSettings.objects.update_or_create(agency=agency, defaults={"index_pattern": index_pattern})
    return row


def _reindex_term_later(term: str) -> None:
    from . import tasks

    def run():
        try:
            tasks.reindex_for_term.enqueue(term)
        except Exception:  # noqa: BLE001
            import logging

            logging.getLogger(__name__).exception("无法排队重建索引（词语 %s）", term)

    transaction.on_commit(run)


@transaction.atomic
def add_search_term(agency, *, term: str, actor) -> SearchTerm:
    require(can_edit(actor, agency), "您不能修改该机关的检索词典。")
    term = (term or "").strip()
    _require(2 <= len(term) <= 30, "词语应为2至30个字。", InvalidInput)
    _require(not any(c.isspace() for c in term), "词语中不能有空格。", InvalidInput)
    _require(not SearchTerm.objects.filter(agency=agency, term=term).exists(), f"词典中已有“{term}”。")
    row = SearchTerm.objects.create(agency=agency, term=term, created_by=actor)
    _reindex_term_later(term)
    return row


@transaction.atomic
def remove_search_term(row: SearchTerm, *, actor) -> None:
    require(can_edit(actor, row.agency), "您不能修改该机关的检索词典。")
    term = row.term
    row.delete()
    _reindex_term_later(term)


@transaction.atomic
def add_synonym_group(agency, *, words: str, actor) -> SearchSynonym:
    """A group of words searched as one (低保 ↔ 最低生活保障); it applies to every search from the
    next one on (nothing is re-indexed), and its words join the vocabulary that typos and pinyin
    are corrected to."""
    from .search.forgiving import remember_words

    require(can_edit(actor, agency), "您不能修改该机关的检索同义词。")
    row = SearchSynonym(agency=agency, words=words or "")
    try:
        row.clean()
    except ValidationError as e:
        raise InvalidInput(" ".join(m for ms in e.message_dict.values() for m in ms)) from None
    members = row.members()
    row.words = " ".join(members)
    _require(len(row.words) <= 200, "同义词组不超过200个字。", InvalidInput)
    same = [r for r in SearchSynonym.objects.filter(agency=agency) if set(r.members()) == set(members)]
    _require(not same, f"已有同义词组“{'、'.join(members)}”。")
    row.save()
    remember_words(members)
    return row


@transaction.atomic
def remove_synonym_group(row: SearchSynonym, *, actor) -> None:
    require(can_edit(actor, row.agency), "您不能修改该机关的检索同义词。")
    row.delete()


@transaction.atomic
def record_yearly_figures(agency, year: int, *, data: dict, actor) -> YearlyFigures:
    require(can_edit(actor, agency), "您不能填报该机关的数据。")
    _require(2008 <= int(year) <= timezone.localdate().year, "年度不正确。", InvalidInput)
    fields = ["licensing", "punishment", "coercion", "fees_10k_yuan", "decisions_from_catalog"]
    clean = {f: data.get(f) for f in fields if f in data}
    for f in ("licensing", "punishment", "coercion"):
        v = clean.get(f)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 10**9):
            raise InvalidInput({f: "处理决定数量应为不小于0的整数。"})
    if clean.get("fees_10k_yuan") is not None:
        try:
            fee = Decimal(str(clean["fees_10k_yuan"]))
        except InvalidOperation:
            raise InvalidInput({"fees_10k_yuan": "收费金额应为数字（万元）。"}) from None
        if not fee.is_finite() or fee < 0 or fee >= 10**10 or -fee.as_tuple().exponent > 4:
            raise InvalidInput({"fees_10k_yuan": "收费金额应为不小于0的数字（万元），最多4位小数。"})
        clean["fees_10k_yuan"] = fee
    row, _ = YearlyFigures.objects.update_or_create(
        agency=agency, year=year, defaults={**clean, "updated_by": actor})
    return row


# ---- subscriptions (the public: no actor) ---------------------------------------------------------

def _send_confirmation(subscription_id: int) -> None:
    from .mail import send_confirmation

    send_confirmation(Subscription.objects.get(pk=subscription_id))


@transaction.atomic
def subscribe(*, email: str, agency=None, topic=None, statutory_item: str = "", query: str = "") -> Subscription:
    """A new, unconfirmed subscription; the confirmation link goes to ``email`` (double opt-in)."""
    email = (email or "").strip().lower()
    _require(bool(email), "请填写电子邮箱。", InvalidInput)
    query = (query or "").strip()[:100]
    existing = Subscription.objects.filter(email=email, agency=agency, topic=topic, statutory_item=statutory_item,
                                           query=query, unsubscribed_at__isnull=True).first()
    subscription = existing or Subscription.objects.create(
        email=email, agency=agency, topic=topic, statutory_item=statutory_item, query=query)
    if subscription.confirmed_at is None:
        transaction.on_commit(lambda: _send_confirmation(subscription.pk))
    return subscription


@transaction.atomic
def confirm_subscription(subscription: Subscription) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    _require(subscription.unsubscribed_at is None, "该订阅已退订。如需继续接收，请重新订阅。")
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def unsubscribe(subscription: Subscription) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription
