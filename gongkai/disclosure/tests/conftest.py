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
