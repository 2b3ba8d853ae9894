"""文号: the agency's pattern of each letter kind and a counter per (agency, kind, year)
(letters.md §1.1); the patterns themselves are in ``patterns``."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from .kinds import LetterKind
from .models import LetterCounter, NumberPattern
from .patterns import default_pattern, format_number


def pattern_for(agency, kind: str) -> str:
    row = NumberPattern.objects.filter(agency=agency, kind=kind).first()
    return row.pattern if row else default_pattern(kind)


def allocate_number(agency, kind: str, year: int) -> str:
    """The next 文号 for (agency, kind, year). Safe under concurrency: the counter row is locked.

    Runs in the caller's transaction when there is one, so a rolled-back step gives its number back.
    """
    if kind not in LetterKind.values:
        raise ValueError(f"未知的文书种类：{kind}")
    pattern = pattern_for(agency, kind)
    with transaction.atomic():
        counter = LetterCounter.objects.select_for_update().filter(agency=agency, kind=kind, year=year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    LetterCounter.objects.create(agency=agency, kind=kind, year=year, last=0)
            except IntegrityError:  # another transaction created it first; it is committed now
                pass
            counter = LetterCounter.objects.select_for_update().get(agency=agency, kind=kind, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return format_number(pattern, agency, year, counter.last)


def preview_numbers(agency) -> dict[str, str]:
    """What each kind's next number would look like this year (no number is used up)."""
    year = timezone.localdate().year
    last = dict(LetterCounter.objects.filter(agency=agency, year=year).values_list("kind", "last"))
    return {kind: format_number(pattern_for(agency, kind), agency, year, last.get(kind, 0) + 1)
            for kind in LetterKind.values}
