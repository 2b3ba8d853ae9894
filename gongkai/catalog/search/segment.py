"""Chinese segmentation for the index and for queries: rjieba plus the agencies' dictionary.

Index side: ``rjieba.cut_for_search`` (words and the shorter words inside them, e.g. 不动产 → 不动、
动产、不动产) plus every dictionary term that occurs in the text, kept whole. Query side:
``rjieba.cut`` with dictionary terms cut out first, so “不动产登记” is one token that only matches
text containing the whole term. Tokens of one character and a few function words are not
indexed; a query word made only of such characters is found by the substring fallback.

rjieba offers ``add_word``, but it changes a process-wide dictionary that cannot forget a word,
and processes started at different times would segment differently; the dictionary is applied
here instead, from the database, identically on the index and the query side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import rjieba

STOPWORDS = frozenset({"关于", "有关", "以及", "及其", "对于", "我们", "进行", "一个", "这个", "其中"})
FUNCTION_CHARS = frozenset("的和与及或在是对为等了之其从向于由被把将")
_HAS_WORD_CHAR = re.compile(r"\w")
_SPLIT_WORDS = re.compile(r"[\s,，。、;；:：!！?？\"“”'‘’()（）《》〈〉【】\[\]<>|/\\]+")
MAX_QUERY_WORDS = 10
MAX_WORD_CHARS = 40


def is_token(token: str) -> bool:
    return len(token) >= 2 and bool(_HAS_WORD_CHAR.search(token)) and token not in STOPWORDS


def dictionary_terms() -> tuple[str, ...]:
    """Every agency's dictionary, one platform-wide set (search spans agencies); kept in the
    process until anything public changes (``portal.cache.memo``: a term's save is one)."""
    from gongkai.portal.cache import memo

    return memo("search-dictionary", _read_dictionary)


def _read_dictionary() -> tuple[str, ...]:
    from gongkai.catalog.models import SearchTerm

    return tuple(sorted(set(SearchTerm.objects.values_list("term", flat=True))))


@lru_cache(maxsize=16)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    if not terms:
        return None
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE)


def _norm(token: str) -> str:
    return token.lower()


def index_tokens(text: str, terms: tuple[str, ...] = ()) -> list[str]:
    tokens = [_norm(t) for t in rjieba.cut_for_search(text or "") if is_token(t)]
    for term in terms:
        n = text.count(term) if term else 0
        if n:
            tokens.extend([_norm(term)] * n)
    return tokens


def index_text(text: str, terms: tuple[str, ...] = ()) -> str:
    """Tokens separated by spaces, as stored in ``SearchEntry``."""
    return " ".join(index_tokens(text, terms))


@dataclass(frozen=True)
class QueryWord:
    text: str  # what the person typed (one whitespace-separated word)
    tokens: tuple[str, ...]  # index tokens it must match
    exact: bool  # part of it is only findable as a substring (single characters, unknown words)


def query_words(query: str, terms: tuple[str, ...] = ()) -> list[QueryWord]:
    words = [w[:MAX_WORD_CHARS] for w in _SPLIT_WORDS.split(query or "") if w.strip()][:MAX_QUERY_WORDS]
    pattern = _term_pattern(tuple(terms))
    out: list[QueryWord] = []
    for word in words:
        pieces: list[str] = []
        found: list[str] = []
        pos = 0
        if pattern is not None:
            for m in pattern.finditer(word):
                pieces.append(word[pos:m.start()])
                found.append(m.group(0))
                pos = m.end()
        pieces.append(word[pos:])
        tokens = [_norm(t) for t in found]
        exact = False
        for piece in pieces:
            for t in rjieba.cut(piece):
                if is_token(t):
                    tokens.append(_norm(t))
                elif _HAS_WORD_CHAR.search(t) and t not in STOPWORDS and t not in FUNCTION_CHARS:
                    exact = True  # a single meaningful character
        if not tokens:
            exact = True
        out.append(QueryWord(word, tuple(dict.fromkeys(tokens)), exact))
    return out
