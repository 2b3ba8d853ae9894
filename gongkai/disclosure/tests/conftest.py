"""Disclosure tests: letters are composed for real (the agency's template, a real 文号) but their
DOCX and PDF are fast stand-ins (PDF rendering takes half a second); tests marked ``real_letters``
render them for real."""

import pytest


@pytest.fixture(autouse=True)
def _fast_letters(request, monkeypatch):
    if request.node.get_closest_marker("real_letters"):
        return
    from gongkai.documents import rendering

    monkeypatch.setattr(rendering, "to_docx", lambda layout, author="": b"DOCX")
    monkeypatch.setattr(rendering, "to_pdf", lambda layout: b"%PDF-fake")


def pytest_configure(config):
    config.addinivalue_line("markers", "real_letters: render letters as DOCX and PDF for real")


class Today:
    """Freezes ``timezone.now`` (and so ``timezone.localdate``, the actions' "today") on a day."""

    def __init__(self, monkeypatch):
        from django.utils import timezone

        self._monkeypatch = monkeypatch
        self._real = timezone.now

    def real(self):
        """Back to the real clock."""
        from django.utils import timezone

        self._monkeypatch.setattr(timezone, "now", self._real)

    def set(self, day):
        from datetime import datetime, time
        from zoneinfo import ZoneInfo

        from django.utils import timezone

        moment = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
        self._monkeypatch.setattr(timezone, "now", lambda: moment)
        return day


@pytest.fixture
def today(monkeypatch):
    return Today(monkeypatch)
