"""The letters whose addressee has a period of its own, counted from receipt (docs/applications.md):

- the 征求意见书: the third party (条例第三十二条) or the other agency (第三十四条) replies within 15
  working days of receiving it;
- the 收费通知: the applicant pays within 20 working days from the day after receiving it
  (国办函〔2020〕109号).

Staff record when the letter arrived (``actions.record_delivery``: date and 送达方式); until then the
period is provisional, counted from the send date plus the channel's usual delivery time
(``settings.LETTER_DELIVERY_WORKING_DAYS``, the project's own estimate). Read from the events of
the current handling; the arithmetic is ``gongkai.rules.periods.letter_period``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from gongkai.accounts.holidays import current_calendar
from gongkai.rules import periods

from .models import DELIVERED_LETTERS as LETTERS
from .models import ConsultationParty, EventType

#: a letter sent before the channel was recorded is taken as posted (the longest usual delivery,
#: so a provisional period never ends before the real one would)
DEFAULT_VIA = "post"


def period(working_days: int, *, sent_on: date, via: str, received_on: date | None = None,
           calendar=None) -> periods.LetterPeriod:
    return periods.letter_period(working_days, sent_on=sent_on, via=via, received_on=received_on,
                                 calendar=calendar or current_calendar(),
                                 usual_delivery=settings.LETTER_DELIVERY_WORKING_DAYS)


@dataclass(frozen=True)
class SentLetter:
    letter: str  # consultation | fee_notice
    party: str  # third_party | agency for a consultation, "" for the fee notice
    name: str  # whom it was sent to
    is_open: bool  # the consultation has not ended / the fee is neither paid nor lapsed
    period: periods.LetterPeriod

    @property
    def label(self) -> str:
        if self.letter == "consultation":
            return f"{LETTERS[self.letter]}（{ConsultationParty(self.party).label}：{self.name}）"
        return f"{LETTERS[self.letter]}（申请人）"

    def as_dict(self) -> dict:
        p = self.period
        return {"letter": self.letter, "label": self.label, "party": self.party or None, "name": self.name,
                "open": self.is_open, "sent_on": p.sent_on, "via": p.via, "received_on": p.received_on,
                "working_days": p.working_days, "ends_on": p.ends_on, "provisional": p.provisional,
                "note": p.note}


def sent_letters(events, calendar=None) -> list[SentLetter]:
    """The consultation letters and the fee notice among ``events`` (one handling, oldest first),
    each with the period that runs from its receipt."""
    calendar = calendar or current_calendar()
    found: list[dict] = []

    def latest(letter: str, party: str = "") -> dict | None:
        return next((f for f in reversed(found) if f["letter"] == letter and f["party"] == party), None)

    for e in events:
        d = e.data or {}
        if e.type == EventType.CONSULTATION_STARTED:
            found.append({"letter": "consultation", "party": d.get("party", ""), "name": d.get("name", ""),
                          "sent_on": e.date, "via": d.get("via") or DEFAULT_VIA, "received_on": None, "open": True,
                          "days": periods.CONSULTATION_REPLY_WORKING_DAYS})
        elif e.type == EventType.FEE_NOTIFIED:
            found.append({"letter": "fee_notice", "party": "", "name": "申请人", "sent_on": e.date,
                          "via": d.get("via") or DEFAULT_VIA, "received_on": None, "open": True,
                          "days": periods.PAYMENT_WORKING_DAYS})
        elif e.type == EventType.LETTER_RECEIVED:
            entry = latest(d.get("letter", ""), d.get("party") or "")
            if entry is not None:
                entry["received_on"], entry["via"] = e.date, d.get("via") or entry["via"]
        elif e.type == EventType.CONSULTATION_ENDED:
            entry = latest("consultation", d.get("party", ""))
            if entry is not None:
                entry["open"] = False
        elif e.type in (EventType.FEE_PAID, EventType.FEE_LAPSED):
            entry = latest("fee_notice")
            if entry is not None:
                entry["open"] = False
    return [SentLetter(letter=f["letter"], party=f["party"], name=f["name"], is_open=f["open"],
                       period=period(f["days"], sent_on=f["sent_on"], via=f["via"], received_on=f["received_on"],
                                     calendar=calendar))
            for f in found]


def open_letter(events, letter: str, party: str = "") -> SentLetter | None:
    """The letter whose period is running now (an open consultation with ``party``, an unpaid fee)."""
    return next((s for s in reversed(sent_letters(events)) if s.letter == letter and s.party == party and s.is_open),
                None)
