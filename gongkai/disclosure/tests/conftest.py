"""Disclosure tests: a fast stand-in for the documents app's ``compose`` (PDF rendering is slow);
tests marked ``real_letters`` use the real one."""

from dataclasses import dataclass

import pytest


@dataclass
class FakeComposed:
    kind: str
    number: str
    title: str
    text: str
    docx: bytes
    pdf: bytes


@pytest.fixture(autouse=True)
def _fast_letters(request, monkeypatch):
    if request.node.get_closest_marker("real_letters"):
        return
    from gongkai.disclosure import letters

    counter = {"n": 0}

    def compose(*, agency, kind, context, on, number=None):
        counter["n"] += 1
        title = letters.TITLES[kind]
        text = f"{title}\n{context['applicant']['name']}：\n{context}"
        return FakeComposed(kind, number or f"测〔{on.year}〕{counter['n']}号", title, text, b"DOCX", b"%PDF-fake")

    monkeypatch.setattr(letters, "_compose", lambda: compose)


def pytest_configure(config):
    config.addinivalue_line("markers", "real_letters: use gongkai.documents.letters.compose for real")
