"""Several background workers on one PostgreSQL queue (issue 8): three ``db_worker`` processes drain
60 tasks between them, and each task is claimed and run exactly once.

PostgreSQL only (the workers claim with ``SELECT … FOR UPDATE SKIP LOCKED``); CI runs the suite on
PostgreSQL as well, so this test runs there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TASKS = 60
WORKERS = 3


@pytest.mark.django_db(transaction=True)
def test_three_workers_share_the_queue_and_run_each_task_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several workers are tested on PostgreSQL (GONGKAI_DATABASE_URL=postgres://…)")
    from django_tasks_db.models import DBTaskResult

    from tests.reliability.worker_tasks import note_run

    runs = tmp_path / "runs.log"
    for n in range(TASKS):
        note_run.enqueue(str(runs), n)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update({"DJANGO_SETTINGS_MODULE": "gongkai.settings", "GONGKAI_DATABASE_URL": url,
                "GONGKAI_DATA_DIR": str(tmp_path / "data"), "GONGKAI_LOG_LEVEL": "WARNING"})
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    workers = [subprocess.Popen([sys.executable, "-m", "gongkai", "manage", "db_worker", "--batch", "--no-startup-delay",
                                 "--interval", "0.05", "--worker-id", f"worker-{k}"], cwd=ROOT, env=env)
               for k in range(WORKERS)]
    try:
        codes = [w.wait(timeout=180) for w in workers]
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
    assert codes == [0] * WORKERS
    assert sorted(int(line) for line in runs.read_text().split()) == list(range(TASKS))  # each ran once
    results = list(DBTaskResult.objects.filter(task_path="tests.reliability.worker_tasks.note_run"))
    assert len(results) == TASKS
    assert all(r.status == "SUCCESSFUL" and len(r.worker_ids) == 1 for r in results)
    assert sorted(r.return_value for r in results) == list(range(TASKS))
    assert len({r.worker_ids[0] for r in results}) >= 2  # the work was shared
