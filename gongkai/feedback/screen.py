"""What the public Q&A page may show of an item: the question and answer with personal data masked.

The shared screen (``rules.personal_data``) finds the numbers (身份证号 of the right shape whatever the
check digit, 银行卡号, 手机/固定电话, 电子邮箱 also spelled "at … dot com", QQ号, 车牌号); on top of it
an item's question and answer are screened for what is known about its submitter — the name,
phone and e-mail they gave, and the name and home address they write about themselves in the
subject, the content or the question (``我叫王芳``, ``家住威远镇南街12号``) — wherever those occur,
the answer's ``王芳您好`` included. Other people's names and addresses written in free text are
not found: the staff check them in the preview (``staff_views.publish``) before confirming.

``publication`` is what both the preview and ``actions.publish_item`` use, so what the staff
confirm is what goes out; ``digest`` ties the confirmation to the preview they saw.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from gongkai.rules import personal_data

from .abuse import plain_text

MARK = "■"


@dataclass(frozen=True)
class Screened:
    original: str
    matches: tuple[personal_data.Match, ...]

    @property
    def text(self) -> str:
        """As the public will read it."""
        return personal_data.redact(self.original, list(self.matches), MARK)

    @property
    def parts(self) -> list[tuple[str, personal_data.Match | None]]:
        """The published text in pieces: ``(text, None)`` as written, ``(mask, match)`` masked."""
        out, pos = [], 0
        for m in self.matches:
            if m.start > pos:
                out.append((self.original[pos:m.start], None))
            out.append((MARK * max(1, min(len(m.text), 18)), m))
            pos = m.end
        if pos < len(self.original):
            out.append((self.original[pos:], None))
        return out


def known_details(item, question: str = "") -> list[tuple[str, str]]:
    """The submitter's own details: the contact fields, and the name and address they give in
    their own words (never the staff's answer: an office address there stays)."""
    known = [("name", item.contact_name), ("mobile", item.contact_phone), ("email", item.contact_email)]
    for text in (item.subject, item.content, question):
        known += personal_data.self_disclosed(text)
    return [(k, v) for k, v in dict.fromkeys(known) if v]


def screen(text: str, known: list[tuple[str, str]]) -> Screened:
    text = plain_text(text)
    return Screened(text, tuple(personal_data.find(text, known, any_check=True)))


def publication(item, question: str, answer: str) -> tuple[Screened, Screened]:
    """The question and answer as they would be published."""
    known = known_details(item, plain_text(question))
    return screen(question, known), screen(answer, known)


def digest(question: Screened, answer: Screened) -> str:
    return hashlib.sha256(f"{question.text}\0{answer.text}".encode()).hexdigest()[:32]


def initial(item, question: str, answer: str) -> tuple[str, str]:
    """The publish form's starting texts, already masked."""
    q, a = publication(item, question, answer)
    return q.text, a.text
