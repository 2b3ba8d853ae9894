"""Background work (django-tasks): re-segmenting after a dictionary change, subscription notices."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django_tasks import task

MAX_ITEMS_PER_NOTICE = 50


@task()
def reindex_for_term(term: str) -> int:
    """Re-index the published items that contain ``term`` (added to or removed from the dictionary)."""
    from .models import Item
    from .search import reindex

    items = Item.objects.filter(status=Item.Status.PUBLISHED).filter(
        Q(title__contains=term) | Q(keywords__contains=term) | Q(summary__contains=term)
        | Q(doc_number__contains=term) | Q(body_text__contains=term))
    return reindex(items)


@task()
def notify_subscribers() -> int:
    """Send every confirmed subscriber the public items they have not had yet (idempotent)."""
    return send_due_notices()


def pending_items(subscription) -> list:
    from .models import Delivery, Item
    from .search import search

    since = subscription.confirmed_at.date()
    delivered = Delivery.objects.filter(subscription=subscription).values_list("item_id", flat=True)
    base = Item.objects.public().filter(published_on__gte=since).exclude(pk__in=delivered)
    if subscription.agency_id:
        base = base.filter(agency_id=subscription.agency_id)
    base = base.browse(item=subscription.statutory_item, topic=subscription.topic)
    ids = list(base.order_by("published_on", "pk").values_list("pk", flat=True)[:500])
    if subscription.query and ids:
        page = search(subscription.query, item_ids=ids, limit=100)
        ids = [hit.item.pk for hit in page.results]
    return list(Item.objects.filter(pk__in=ids).select_related("agency").order_by("published_on", "pk")
                [:MAX_ITEMS_PER_NOTICE])


def send_due_notices() -> int:
    """One notice per subscriber with new items; the Delivery rows are written before the mail goes."""
    from .mail import send_notice
    from .models import Delivery, Subscription

    sent = 0
    for sub_id in Subscription.objects.active().values_list("pk", flat=True):
        with transaction.atomic():
            subscription = Subscription.objects.select_for_update().filter(pk=sub_id).active().first()
            if subscription is None:
                continue
            items = pending_items(subscription)
            if not items:
                continue
            Delivery.objects.bulk_create([Delivery(subscription=subscription, item=i) for i in items])
            transaction.on_commit(lambda s=subscription, i=items: send_notice(s, i))
            sent += 1
    return sent
