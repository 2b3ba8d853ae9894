"""文号: patterns and per-(agency, kind, year) counters."""

import threading

import pytest
from django.db import connection, connections

from gongkai.documents.kinds import LetterKind
from gongkai.documents.models import LetterCounter, NumberPattern
from gongkai.documents.numbering import allocate_number, preview_numbers
from gongkai.documents.patterns import check_pattern, default_pattern


def test_it_has_a_distinct_code_for_each_kind():
    patterns = [default_pattern(k) for k in LetterKind.values]
    assert len(set(patterns)) == len(patterns)
    assert default_pattern(LetterKind.DECISION) == "{机关代字}公答〔{年}〕{序号}号"
    assert default_pattern(LetterKind.CORRECTION) == "{机关代字}公补〔{年}〕{序号}号"


def test_it_counts_each_kind_and_year_separately(world):
    world.agency.short_name = "互自然资"
    world.agency.save()
    assert allocate_number(world.agency, LetterKind.DECISION, 2025) == "互自然资公答〔2025〕1号"
    assert allocate_number(world.agency, LetterKind.DECISION, 2025) == "互自然资公答〔2025〕2号"
    assert allocate_number(world.agency, LetterKind.CORRECTION, 2025) == "互自然资公补〔2025〕1号"
    assert allocate_number(world.agency, LetterKind.DECISION, 2026) == "互自然资公答〔2026〕1号"
    assert allocate_number(world.other_agency, LetterKind.DECISION, 2025) == "测试县财政局公答〔2025〕1号"
    assert LetterCounter.objects.get(agency=world.agency, kind=LetterKind.DECISION, year=2025).last == 2


def test_it_follows_the_agencys_pattern(world):
    NumberPattern.objects.create(agency=world.agency, kind=LetterKind.DECISION, pattern="清政公依〔{年}〕第{三位序号}号")
    assert allocate_number(world.agency, LetterKind.DECISION, 2024) == "清政公依〔2024〕第001号"
    assert preview_numbers(world.agency)[LetterKind.DECISION].endswith("第001号")


def test_it_refuses_patterns_that_would_repeat_numbers():
    assert check_pattern("{机关代字}公答〔{年}〕{序号}号") == []
    assert any("{年}" in p for p in check_pattern("公答{序号}号"))
    assert any("{序号}" in p for p in check_pattern("公答〔{年}〕号"))
    assert any("未知的占位符：{月}" in p for p in check_pattern("{年}{月}{序号}"))
    assert check_pattern(" ") == ["文号格式不能为空。"]


@pytest.mark.django_db(transaction=True)
def test_it_never_issues_a_number_twice_under_concurrency():
    """Eight threads × five numbers on PostgreSQL: 40 distinct consecutive numbers."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL; SQLite serialises writers anyway")
    from gongkai.testing import make_agency

    agency = make_agency("conc", "并发测试局", short_name="并发")
    numbers, errors = [], []

    def work():
        try:
            for _ in range(5):
                numbers.append(allocate_number(agency, LetterKind.DECISION, 2025))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers, key=lambda n: int(n[len("并发公答〔2025〕"):-1])) == [
        f"并发公答〔2025〕{i}号" for i in range(1, 41)]
