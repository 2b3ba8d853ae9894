"""The report checker's background work: check each file of a batch, record it through the action.

A batch of many files is spread over ``GONGKAI_REPORTS_CHECK_WORKERS`` processes (default: one a
core): the files are read from the database and the results recorded here, in this process; the
workers only run the checker, which needs no Django. A scanned file's pages are then read by OCR
in its worker itself (the cores are already busy with the other files)."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import posixpath

from django.conf import settings
from django_tasks import task

from . import actions
from .importers.checker import check_outcome
from .importers.ocr import in_process_ocr
from .models import CheckBatch, CheckedFile
from .uploads import IMAGES

#: a batch of fewer files is checked in this process, unless it holds PDFs or images (maybe scans)
PARALLEL_MIN_FILES = 8


def _data(pk: int) -> bytes:
    return bytes(CheckedFile.objects.values_list("data", flat=True).get(pk=pk))


def _slow_first(item: CheckedFile) -> tuple:
    """Images and PDFs (maybe scans, read by OCR) first, the largest first: the long files do not
    end the batch on one core while the other waits."""
    ext = posixpath.splitext(item.name.lower())[1]
    return (0 if ext in IMAGES else 1 if ext == ".pdf" else 2, -(item.size or 0))


def check_batch_now(batch_id: int) -> None:
    """Check every file of a batch not yet checked; safe to run twice (a checked file is skipped)."""
    batch = CheckBatch.objects.select_related("created_by").get(pk=batch_id)
    from django.db.models.functions import Length

    items = list(CheckedFile.objects.filter(batch_id=batch_id, checked_at__isnull=True)
                 .annotate(size=Length("data")).defer("data"))
    workers = min(settings.REPORTS_CHECK_WORKERS, len(items))
    maybe_scans = any(posixpath.splitext(i.name.lower())[1] in IMAGES + (".pdf",) for i in items)
    if workers <= 1 or (len(items) < PARALLEL_MIN_FILES and not maybe_scans):
        for item in items:
            actions.record_check_result(item, actor=batch.created_by, **check_outcome(_data(item.pk), item.name))
        return
    items.sort(key=_slow_first)
    ctx = multiprocessing.get_context("spawn")  # no fork of a process with threads and connections
    # (the workers import only the importers, which need no Django: nothing of this module)
    with cf.ProcessPoolExecutor(workers, mp_context=ctx, initializer=in_process_ocr) as pool:
        pending: dict[cf.Future, CheckedFile] = {}
        queue = iter(items)
        for item in queue:  # a few files in flight a worker: the others stay in the database
            pending[pool.submit(check_outcome, _data(item.pk), item.name)] = item
            if len(pending) >= 2 * workers:
                break
        while pending:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                try:
                    outcome = future.result()
                except Exception as e:  # noqa: BLE001 - a worker that died (memory): the file's error
                    outcome = {"error": f"无法读取该文件（检查进程意外退出：{type(e).__name__}）。"}
                actions.record_check_result(item, actor=batch.created_by, **outcome)
                nxt = next(queue, None)
                if nxt is not None:
                    try:
                        pending[pool.submit(check_outcome, _data(nxt.pk), nxt.name)] = nxt
                    except cf.process.BrokenProcessPool:
                        actions.record_check_result(nxt, actor=batch.created_by,
                                                    error="无法读取该文件（检查进程意外退出）。")


@task()
def check_batch(batch_id: int) -> None:
    check_batch_now(batch_id)
