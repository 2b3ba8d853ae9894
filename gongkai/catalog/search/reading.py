"""The reading of a whole title: its pinyin and its initials, as someone types them to find it.

Cutting a query of initials into vocabulary words (``forgiving.latin_words``) guesses: two or
three letters are the initials of many words (``sc``: 首次, 市场, 审查 …), and place names, 关于
or one-character words are not in the vocabulary at all, so a title typed as its initials
(``gyxsxzfcgdtz`` for 关于西山乡政府采购的通知) came apart into the wrong words. Each search entry
therefore keeps the reading of its title (``SearchEntry.title_pinyin`` / ``title_initials``): a
query in Latin letters is first looked for as a contiguous run in the readings of the titles
(:func:`gongkai.catalog.search.backends.reading_matches`), the title read whole.

A reading is the toneless pinyin (``pypinyin``) of each Chinese character, or its first letter;
digits and Latin letters stay as typed (lower case); anything else — punctuation, brackets,
spaces — is left out, as nobody types it in pinyin. ``不动产登记（2024年）`` reads
``budongchandengji2024nian`` and ``bdcdj2024n``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .forgiving import syllables

#: what the readings hold: the pinyin column is cut at this length (a title is at most 300 characters)
MAX_READING = 1200
MAX_INITIALS = 300
#: the shortest query looked for in the titles' readings (the trigram indexes need three letters;
#: four keep a two-word run of initials, too common to rank, away from it)
SHORTEST_KEY = 4

_PIECES = re.compile(r"[\u3400-\u9fff]+|[0-9A-Za-z]+")
_NOT_KEY = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Piece:
    text: str  # one character of the title, or a run of digits / Latin letters
    start: int  # where it stands in the title
    pinyin: str
    initial: str


def pieces(title: str) -> list[Piece]:
    """The title as read: a piece per Chinese character, one per run of digits or letters."""
    out: list[Piece] = []
    for m in _PIECES.finditer(title or ""):
        run = m.group(0)
        if run[0].isascii():
            out.append(Piece(run, m.start(), run.lower(), run.lower()))
            continue
        syl = syllables(run)
        if len(syl) != len(run):  # a character pypinyin cannot read: the run as one piece
            joined = "".join(syl)
            out.append(Piece(run, m.start(), joined, "".join(s[0] for s in syl if s)))
            continue
        for k, (char, s) in enumerate(zip(run, syl)):
            out.append(Piece(char, m.start() + k, s, s[:1]))
    return out


def title_reading(title: str) -> tuple[str, str]:
    """(pinyin, initials) of a title, as stored in its search entry."""
    ps = pieces(title)
    return "".join(p.pinyin for p in ps)[:MAX_READING], "".join(p.initial for p in ps)[:MAX_INITIALS]


def reading_key(query: str) -> str:
    """A query in Latin letters as looked up in the readings: lower case, only letters and digits
    (``Bu Dong Chan`` → ``budongchan``); "" when it is not such a query or too short."""
    if not query or not query.isascii() or not re.search(r"[A-Za-z]", query):
        return ""
    key = _NOT_KEY.sub("", query.lower())
    return key if len(key) >= SHORTEST_KEY else ""


#: a Chinese query that finds nothing is looked up by its reading (a homophone typo) from this many
#: characters on: a phrase or a title, where the word-by-word correction loses the words the
#: vocabulary lacks (place names); shorter ones are words, which the correction handles better
#: (不动产登纪 → 不动产 登记 finds the items holding both words, not only the phrase)
SHORTEST_HOMOPHONE = 6


def homophone_key(query: str) -> str:
    """The pinyin of a Chinese query, to find a title that reads the same (威远镇不动产登纪 →
    ``weiyuanzhenbudongchandengji``); "" for fewer than ``SHORTEST_HOMOPHONE`` Chinese characters."""
    han = sum(1 for p in pieces(query) if not p.text.isascii())
    return title_reading(query)[0] if han >= SHORTEST_HOMOPHONE else ""


def matched_text(title: str, key: str) -> str | None:
    """The part of ``title`` that ``key`` reads — as pinyin or as initials, from the start of a
    character to the end of one: ``bdcdj`` in 关于不动产登记的通知 → 不动产登记; None if nowhere."""
    ps = pieces(title)
    for attr in ("pinyin", "initial"):
        readings = [getattr(p, attr) for p in ps]
        starts, pos = [], 0
        for r in readings:
            starts.append(pos)
            pos += len(r)
        whole = "".join(readings)
        ends = {s + len(r): k for k, (s, r) in enumerate(zip(starts, readings))}
        begin = {s: k for k, s in enumerate(starts)}
        at = whole.find(key)
        while at >= 0:
            last = ends.get(at + len(key))
            if at in begin and last is not None:
                first = ps[begin[at]]
                end = ps[last].start + len(ps[last].text)
                return title[first.start:end]
            at = whole.find(key, at + 1)
    return None


def rank(rows: list, key: str) -> list:
    """Candidates ``(id, published_on, pinyin, initials, …)`` best first: the whole title read
    (pinyin or initials equal to the key), then titles whose reading starts with it, then the
    shortest readings (the key covers more of the title), then the newest."""
    def order(r):
        _id, published_on, full, initials = r[:4]
        whole = full == key or initials == key
        starts = full.startswith(key) or initials.startswith(key)
        covered = len(initials) if key in initials else len(full) / 3  # about three letters a syllable
        return (not whole, not starts, covered, -_day(published_on), -_id)

    return sorted(rows, key=order)


def _day(value) -> int:
    if isinstance(value, datetime.date):
        return value.toordinal()
    return datetime.date.fromisoformat(str(value)[:10]).toordinal()  # SQLite: text
