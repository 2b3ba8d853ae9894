"""What may already be public for the information an applicant is describing (issue 18, 5).

The application form shows, under the 所需信息的描述 field, published catalogue items and
公开答复 (feedback published with consent) of the agency that share enough of the description's
words — as one types (``apply.js`` asks :func:`gongkai.disclosure.views.apply_matches`), on the
“先查一查” button, and, without JavaScript, on a confirmation step after the first submit. The
three use this one function, so they show the same thing. 已经主动公开的 need not be applied for
(条例第三十六条（一）), but the applicant decides: the matches never block a submission.

A description is a sentence, not a query: its words are searched with ``match="any"`` (ranked,
typos and synonyms forgiven), and a result counts only when it holds at least half of the
description's meaningful words — words that every application has (申请, 公开, 提供 …) do not count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString

from gongkai.catalog.search import search, snippet
from gongkai.catalog.search.forgiving import synonym_groups
from gongkai.catalog.search.segment import dictionary_terms, query_words
from gongkai.feedback.models import Item as FeedbackItem

LIMIT = 5
#: candidates looked at before the share of words is checked
CANDIDATES = 20
#: words of the request itself, not of what is asked for
REQUEST_WORDS = frozenset({"申请", "公开", "信息", "政府", "政府信息", "提供", "相关", "有关", "请求", "要求",
                           "希望", "需要", "获取", "查询", "本人", "我们", "贵局", "贵单位", "一下", "内容"})
#: at most this many words of a description are searched
MAX_WORDS = 10


@dataclass
class Match:
    kind: str  # "item" | "answer"
    kind_label: str
    title: str
    url: str
    snippet: SafeString | str
    published_on: object = None


def description_words(text: str) -> list[str]:
    """The meaningful words of ``text`` (index tokens, request words left out), in order, once each."""
    tokens = [t for w in query_words((text or "")[:300], dictionary_terms()) for t in w.tokens]
    return [t for t in dict.fromkeys(tokens) if t not in REQUEST_WORDS][:MAX_WORDS]


def _needed(words: list[str]) -> int:
    return max(1, math.ceil(len(words) / 2))


def _shared(text: str, words: list[str], groups: dict) -> int:
    text = text.lower()
    return sum(1 for w in words if any(m.lower() in text for m in groups.get(w, (w,))))


def published_matches(agency, text: str, limit: int = LIMIT) -> list[Match]:
    """Published items and 公开答复 of ``agency`` that hold at least half of the description's
    meaningful words; the ones holding more first (items before answers on a tie)."""
    words = description_words(text)
    if not words:
        return []
    groups = synonym_groups()
    needed = _needed(words)
    scored: list[tuple[int, int, Match]] = []
    page = search(" ".join(words), agency=agency, limit=CANDIDATES, match="any")
    for rank, hit in enumerate(page.results):
        it = hit.item
        shared = _shared("\n".join((it.title, it.keywords, it.summary, it.body_text)), words, groups)
        if shared >= needed:
            scored.append((shared, rank, Match("item", "目录信息", it.title, it.get_absolute_url(),
                                               hit.snippet_html, it.published_on)))

    cond = Q()
    for w in words:
        for m in groups.get(w, (w,)):
            cond |= Q(public_question__icontains=m) | Q(public_answer__icontains=m)
    answers = (FeedbackItem.objects.published().filter(agency=agency).filter(cond)
               .order_by("-published_at", "-id")[:CANDIDATES])
    for rank, answer in enumerate(answers, start=CANDIDATES):
        shared = _shared(answer.public_question + "\n" + answer.public_answer, words, groups)
        if shared >= needed:
            scored.append((shared, rank, Match("answer", "公开答复", answer.public_title, answer.public_url,
                                               snippet(answer.public_answer, words), timezone.localdate(answer.published_at))))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [m for _, _, m in scored[:limit]]
