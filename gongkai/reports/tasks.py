from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .models import CheckBatch, CheckedFile


def check_batch_now(batch_id: int) -> None:
    """Check every file of a batch not yet checked; safe to run twice (a checked file is skipped)."""
    from gongkai.reports.importers import ReportReadError, check_file

    CheckBatch.objects.filter(pk=batch_id, state=CheckBatch.State.QUEUED).update(state=CheckBatch.State.RUNNING)
    for item in CheckedFile.objects.filter(batch_id=batch_id, checked_at__isnull=True).defer("data"):
        data = bytes(CheckedFile.objects.values_list("data", flat=True).get(pk=item.pk))
        try:
            item.result = check_file(data, filename=item.name).as_dict()
        except ReportReadError as e:
            item.error = str(e)
        except Exception as e:  # noqa: BLE001 - one broken file must not stop the batch
            item.error = f"无法读取该文件（{type(e).__name__}）。"
        item.checked_at = timezone.now()
        with transaction.atomic():
            item.save(update_fields=["result", "error", "checked_at"])
            CheckBatch.objects.filter(pk=batch_id).update(checked=F("checked") + 1)
    CheckBatch.objects.filter(pk=batch_id).update(state=CheckBatch.State.DONE)


@task()
def check_batch(batch_id: int) -> None:
    check_batch_now(batch_id)
