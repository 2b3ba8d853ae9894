"""A task for the worker test: it notes that it ran, in a file shared by every worker process."""

import time

from django_tasks import task


@task()
def note_run(path: str, n: int) -> int:
    time.sleep(0.1)  # long enough that the workers overlap
    with open(path, "a", encoding="utf-8") as f:  # one short O_APPEND write: lines never interleave
        f.write(f"{n}\n")
    return n
