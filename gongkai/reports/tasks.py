"""The report checker's background work: check each file of a batch, record it through the action."""

from __future__ import annotations

from django_tasks import task

from . import actions
from .importers import ReportReadError, check_file
from .models import CheckBatch, CheckedFile


def check_batch_now(batch_id: int) -> None:
    """Check every file of a batch not yet checked; safe to run twice (a checked file is skipped)."""
    batch = CheckBatch.objects.select_related("created_by").get(pk=batch_id)
    for item in CheckedFile.objects.filter(batch_id=batch_id, checked_at__isnull=True).defer("data"):
        data = bytes(CheckedFile.objects.values_list("data", flat=True).get(pk=item.pk))
        try:
            outcome = {"result": check_file(data, filename=item.name).as_dict()}
        except ReportReadError as e:
            outcome = {"error": str(e)}
        except Exception as e:  # noqa: BLE001 - one broken file must not stop the batch
            outcome = {"error": f"无法读取该文件（{type(e).__name__}）。"}
        actions.record_check_result(item, actor=batch.created_by, **outcome)


@task()
def check_batch(batch_id: int) -> None:
    check_batch_now(batch_id)
