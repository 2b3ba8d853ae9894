"""200 online applications submitted at once from 20 clients (threads, each with its own database
connection) through the public form: every one saved, every number unique and gap-free.

PostgreSQL only (row locks on the number counter); SQLite serialises writers anyway. CI runs the
suite on PostgreSQL as well, so this test runs there.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from gongkai.disclosure.tests.factories import fields

CLIENTS = 20
EACH = 10


@pytest.mark.django_db(transaction=True)
def test_it_saves_every_one_of_200_concurrent_applications_with_unique_numbers(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (GONGKAI_DATABASE_URL=postgres://…)")
    from django.db import connections

    from gongkai.disclosure.models import Application, ApplicationCounter

    start = threading.Barrier(CLIENTS)
    results: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def person(n: int):
        try:
            start.wait()
            for k in range(EACH):
                # one member of the public per address, so the per-address rate limit does not apply
                client = Client(REMOTE_ADDR=f"10.1.{n}.{k + 1}")
                r = client.post("/agencies/dept-x/apply/", fields(
                    name=f"申请人{n}号{k}", content=f"请公开第{n}-{k}号地块的征收批复文件。"))
                with lock:
                    results.append((r.status_code, r.get("Location", "")))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=person, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert [code for code, _ in results] == [302] * (CLIENTS * EACH)
    apps = list(Application.objects.values_list("number", "serial", "name"))
    assert len(apps) == CLIENTS * EACH
    assert len({number for number, _, _ in apps}) == CLIENTS * EACH
    assert sorted(serial for _, serial, _ in apps) == list(range(1, CLIENTS * EACH + 1))  # no gaps, no repeats
    assert {name for _, _, name in apps} == {f"申请人{n}号{k}" for n in range(CLIENTS) for k in range(EACH)}
    assert ApplicationCounter.objects.get(agency=world.agency).last == CLIENTS * EACH
