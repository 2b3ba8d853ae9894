"""Forgiving queries: misspelt words, homophones, pinyin and initials, synonyms.

* **Vocabulary** — ``SearchWord``: the words of every indexed title (``rjieba.cut_for_search``),
  the dictionary terms and the synonym lists, each with its toneless pinyin (``pypinyin``) and
  initials. ``index_item`` adds the words of each title it indexes (:func:`remember_words`).
  The vocabulary is held in memory per process (:class:`Vocabulary`) and reloaded when the
  table has grown (one ``MAX(id)`` query, run only when a query needs correcting).
* **Correction** (:func:`correct`) — a word that is not in the vocabulary is replaced by the
  nearest one: first a word with the same pinyin (同音字, the commonest Chinese typo), then one
  with similar pinyin (z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing), then one at edit distance
  one over characters (a deletion index: every word with one character left out); ties go to the
  word sharing most characters, then the most frequent. A word that has no whole match is
  corrected token by token (不动产登纪 → 不动产 + 登纪 → 不动产登记). A query in Latin letters
  (``budongchan``, ``bu dong chan``, ``bdcdj``) is cut into vocabulary words by their full pinyin
  or initials, fewest words first.
* **Synonyms** (:func:`synonym_groups`) — ``SearchSynonym`` rows, platform-wide, applied at query
  time: a query word in a group matches any member of it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

import rjieba
from django.db import transaction
from pypinyin import Style, lazy_pinyin, pinyin

from gongkai.portal.cache import bump, memo

from .segment import is_token

MAX_WORD = 30
_LATIN = re.compile(r"^[A-Za-z]+$")
_HAN = re.compile(r"[\u3400-\u9fff]")
_DIGITS = re.compile(r"^[\d.\-]+$")


def syllables(word: str) -> list[str]:
    return [s.replace("ü", "v") for s in lazy_pinyin(word, style=Style.NORMAL, errors="ignore")]


def pinyin_of(word: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials): 不动产 → ("budongchan", "bdc")."""
    s = syllables(word)
    return "".join(s), "".join(x[0] for x in s if x)


_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def fuzzy_syllable(s: str) -> str:
    for a, b in _FUZZY_INITIALS:
        if s.startswith(a):
            s = b + s[len(a):]
            break
    if s.startswith("n"):
        s = "l" + s[1:]
    for a, b in _FUZZY_FINALS:
        if s.endswith(a):
            s = s[: -len(a)] + b
            break
    return s


def fuzzy_key(word: str) -> str:
    return "".join(fuzzy_syllable(s) for s in syllables(word))


def is_vocabulary_word(word: str) -> bool:
    return 2 <= len(word) <= MAX_WORD and bool(_HAN.search(word)) and not _DIGITS.match(word)


def title_words(title: str, terms: tuple[str, ...] = ()) -> list[str]:
    words = [w for w in rjieba.cut_for_search(title or "") if is_token(w) and is_vocabulary_word(w)]
    words += [t for t in terms if t and t in (title or "") and is_vocabulary_word(t)]
    return list(dict.fromkeys(words))


def remember_words(words) -> None:
    """Add ``words`` to the vocabulary (existing ones are counted once more)."""
    from django.db.models import F

    from gongkai.catalog.models import SearchWord

    words = [w for w in dict.fromkeys(words) if is_vocabulary_word(w)]
    if not words:
        return
    existing = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    if existing:
        SearchWord.objects.filter(word__in=existing).update(seen=F("seen") + 1)
    new = []
    for w in words:
        if w not in existing:
            full, initials = pinyin_of(w)
            new.append(SearchWord(word=w, pinyin=full[:180], initials=initials[:30]))
    if new:
        SearchWord.objects.bulk_create(new, ignore_conflicts=True)
        # bulk_create sends no signal: new words must reach every process's vocabulary (memo)
        transaction.on_commit(bump)


# ---- the vocabulary in memory -------------------------------------------------------------------

@dataclass
class Vocabulary:
    version: int = -1
    seen: dict[str, int] = field(default_factory=dict)
    by_pinyin: dict[str, list[str]] = field(default_factory=dict)
    by_initials: dict[str, list[str]] = field(default_factory=dict)
    by_fuzzy: dict[str, list[str]] = field(default_factory=dict)
    by_deletion: dict[str, list[str]] = field(default_factory=dict)
    longest_key: int = 0

    def add(self, word: str, full: str, initials: str, seen: int) -> None:
        self.seen[word] = seen
        self.by_pinyin.setdefault(full, []).append(word)
        self.by_initials.setdefault(initials, []).append(word)
        self.by_fuzzy.setdefault(fuzzy_key(word), []).append(word)
        for i in range(len(word)):
            self.by_deletion.setdefault(word[:i] + word[i + 1:], []).append(word)
        self.longest_key = max(self.longest_key, len(full))

    def __contains__(self, word: str) -> bool:
        return word in self.seen


_lock = threading.Lock()
_vocabulary = Vocabulary()


def vocabulary() -> Vocabulary:
    """The vocabulary, reloaded when ``SearchWord`` has grown since it was read."""
    global _vocabulary
    from django.db.models import Max

    from gongkai.catalog.models import SearchWord

    def top() -> int:  # rows are only ever added
        return SearchWord.objects.aggregate(top=Max("id"))["top"] or 0

    version = memo("search-vocabulary-version", top)
    if version != _vocabulary.version:
        with _lock:
            fresh = Vocabulary(version=version)
            for word, full, initials, seen in SearchWord.objects.values_list("word", "pinyin", "initials", "seen"):
                fresh.add(word, full, initials, seen)
            _vocabulary = fresh
    return _vocabulary


# ---- correcting ---------------------------------------------------------------------------------

def _shared(a: str, b: str) -> int:
    return sum(1 for x, y in zip(a, b) if x == y)


def _best(word: str, candidates, vocab: Vocabulary) -> str | None:
    candidates = [c for c in dict.fromkeys(candidates) if c != word]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (_shared(word, c), -abs(len(c) - len(word)), vocab.seen.get(c, 0), c))


@lru_cache(maxsize=20000)
def readings(char: str) -> frozenset[str]:
    """Every toneless reading of one character (调: tiao, diao)."""
    got = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(r.replace("ü", "v") for r in (got[0] if got else []))


def _pinyin_similarity(a: str, b: str) -> int:
    """Per aligned character: 2 when a reading is shared, 1 when only similar readings are."""
    score = 0
    for x, y in zip(a, b):
        rx, ry = readings(x), readings(y)
        if rx & ry:
            score += 2
        elif {fuzzy_syllable(r) for r in rx} & {fuzzy_syllable(r) for r in ry}:
            score += 1
    return score


def correct_word(word: str, vocab: Vocabulary) -> str | None:
    """The vocabulary word nearest ``word`` (Chinese), or None."""
    if word in vocab or not _HAN.search(word):
        return None
    full, _ = pinyin_of(word)
    same = [c for c in vocab.by_pinyin.get(full, []) if len(c) == len(word)]
    if same:
        return _best(word, same, vocab)
    similar = [c for c in vocab.by_fuzzy.get(fuzzy_key(word), []) if len(c) == len(word)]
    if similar:
        return _best(word, similar, vocab)
    if len(word) >= 2:
        near: list[str] = []
        near += vocab.by_deletion.get(word, [])  # one character too many in the query
        for i in range(len(word)):  # one character wrong or missing
            near += vocab.by_deletion.get(word[:i] + word[i + 1:], [])
            if word[:i] + word[i + 1:] in vocab:
                near.append(word[:i] + word[i + 1:])
        near = [c for c in dict.fromkeys(near) if c != word and len(c) >= 2]
        if near:
            return max(near, key=lambda c: (_pinyin_similarity(word, c), _shared(word, c),
                                            -abs(len(c) - len(word)), vocab.seen.get(c, 0), c))
    return None


#: a query typed in pinyin may run to a whole title (“hu zhu xian 2025 nian fang xun …”)
MAX_LATIN = 240
#: the longest pinyin or initials one vocabulary word is looked up by (longer words are rare)
LONGEST_KEY = 48


def latin_words(text: str, vocab: Vocabulary) -> list[str] | None:
    """``budongchandengji`` / ``bdcdj`` cut into vocabulary words by full pinyin or initials.

    Letters that belong to no vocabulary word — the syllable of a one-character word such as
    年 or 第 (``nian``, ``di``), which the vocabulary does not hold — are skipped, as few as
    possible: in full pinyin only whole syllables, in initials at most one letter in four. None
    when nothing is recognised, or when the letters are not pinyin at all: an acronym in
    capitals (``GDP``) or an English word (``script`` is not 首次 with ``ript`` left over).
    """
    if text.isupper() and len(text) <= MAX_ACRONYM:
        return None
    s = text.lower()
    if not s or len(s) > MAX_LATIN:
        return None
    # full pinyin and initials are read separately — mixed, the initials of some word turn up
    # inside almost any run of syllables (nian di → 年度 by “nd”); the reading skipping fewer
    # letters wins, full pinyin on a tie
    full = _segment_latin(s, vocab.by_pinyin, 1, vocab, skip_syllables=True)
    initials = _segment_latin(s, vocab.by_initials, 2, vocab)
    if initials and initials[0] > max(1, len(s) // 4):
        initials = None
    best = min((r for r in (full, initials) if r and r[2]), key=lambda r: r[:2], default=None)
    return best[2] if best else None


#: an all-capital run up to this long is an acronym (GDP, CPI, PPP), not pinyin initials
MAX_ACRONYM = 6


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows (about 420): what full pinyin may skip."""
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal

    return frozenset(to_normal(p).replace("ü", "v") for v in PINYIN_DICT.values() for p in v.split(","))


def _segment_latin(s: str, table: dict, shortest: int, vocab: Vocabulary, *, skip_syllables: bool = False):
    """(letters skipped, words, the words) for the reading of ``s`` by ``table``; None when no
    reading covers it. ``skip_syllables``: only a whole pinyin syllable may be skipped, not any
    letter."""
    n = len(s)
    # best[i] = (letters skipped, segments, -popularity, words) for s[:i]
    best: list[tuple | None] = [None] * (n + 1)
    best[0] = (0, 0, 0, [])
    longest = min(max(vocab.longest_key, 1), LONGEST_KEY)

    def offer(j, cand):
        if best[j] is None or cand[:3] < best[j][:3]:
            best[j] = cand

    for i in range(n):
        if best[i] is None:
            continue
        skipped, segs, pop, words = best[i]
        if skip_syllables:
            known = pinyin_syllables()
            for j in range(i + 1, min(n, i + 6) + 1):
                if s[i:j] in known:
                    offer(j, (skipped + j - i, segs, pop, words))
        else:
            offer(i + 1, (skipped + 1, segs, pop, words))
        for j in range(i + shortest, min(n, i + longest) + 1):
            cands = table.get(s[i:j])
            if cands:
                word = max(cands, key=lambda c: (vocab.seen.get(c, 0), c))
                offer(j, (skipped, segs + 1, pop - vocab.seen.get(word, 0), words + [word]))
    if best[n] is None:
        return None
    skipped, segs, _pop, words = best[n]
    return (skipped, segs, words)


_LATIN_OR_DIGITS = re.compile(r"^[A-Za-z0-9\s]+$")
_RUNS = re.compile(r"[A-Za-z]+|\d+")


def correct_latin(query: str, vocab: Vocabulary) -> str | None:
    """A query of Latin letters and digits only — pinyin, spaced or not, initials, with the
    numbers of a title (``2025nian fangxun``) — as vocabulary words, the numbers kept."""
    if not _LATIN_OR_DIGITS.match(query or "") or not re.search(r"[A-Za-z]", query):
        return None
    runs = _RUNS.findall(re.sub(r"(?<=[A-Za-z])\s+(?=[A-Za-z])", "", query.strip()))
    if all(r.isdigit() or r.lower() in vocab for r in runs):
        return None
    out, changed = [], False
    for r in runs:
        found = None if r.isdigit() or r.lower() in vocab else latin_words(r, vocab)
        if found:
            out += found
            changed = True
        else:
            out.append(r)
    return " ".join(out) if changed else None


def correct(query: str, words, vocab: Vocabulary | None = None) -> str | None:
    """The corrected query, or None when every word is known (``words`` from ``query_words``)."""
    vocab = vocab or vocabulary()
    latin = correct_latin(query, vocab)
    if latin:
        return latin
    out, changed = [], False
    for w in words:
        text = w.text
        if _LATIN.match(text):
            found = None if text.lower() in vocab else latin_words(text, vocab)
            if found:
                out.append("".join(found))
                changed = True
            else:
                out.append(text)
            continue
        known = text in vocab or (w.tokens and not w.exact and all(t in vocab for t in w.tokens))
        if known:
            out.append(text)
            continue
        whole = correct_word(text, vocab)
        if whole:
            out.append(whole)
            changed = True
            continue
        fixed = text
        for t in w.tokens:
            if t not in vocab:
                better = correct_word(t, vocab)
                if better:
                    fixed = fixed.replace(t, better, 1)
        out.append(fixed)
        changed = changed or fixed != text
    return " ".join(out) if changed else None


# ---- synonyms -----------------------------------------------------------------------------------

_synonyms: dict = {"version": None, "groups": {}}


def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Each member of a synonym group → every member of its groups (itself first)."""
    from django.db.models import Count, Max

    from gongkai.catalog.models import SearchSynonym

    def stats() -> tuple:
        row = SearchSynonym.objects.aggregate(at=Max("updated_at"), n=Count("id"))
        return row["at"], row["n"]

    version = memo("search-synonyms-version", stats)
    if version != _synonyms["version"]:
        groups: dict[str, list[str]] = {}
        for row in SearchSynonym.objects.all():
            members = row.members()
            for m in members:
                groups.setdefault(m, [m])
                groups[m] += [x for x in members if x not in groups[m]]
        _synonyms.update(version=version, groups={k: tuple(v) for k, v in groups.items()})
    return _synonyms["groups"]
