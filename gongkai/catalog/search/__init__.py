"""Full-text search of the public catalogue: one interface, FTS5 on SQLite, tsvector on PostgreSQL.

The application form calls :func:`search` to show “已公开的相关信息” (条例第三十六条（一））::

    from gongkai.catalog.search import search
    page = search("宅基地 审批", agency=agency, limit=5)
    for hit in page.results:
        hit.item, hit.snippet_html, hit.score
"""

from __future__ import annotations

import datetime
import html
import math
import re
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .backends import Filters, Result, backend_for, flat_tokens, fulltext, reading_matches, runner, substring
from .forgiving import correct, remember_words, synonym_groups, title_words, vocabulary
from .reading import homophone_key, reading_key, title_reading
from .segment import QueryWord, dictionary_terms, index_text, query_words

__all__ = ["search", "find_forgiving", "SearchPage", "Hit", "index_item", "unindex_item", "reindex", "highlight"]

SNIPPET_CHARS = 120
#: a query finding fewer results than this is checked for a misspelling (“您是不是要找”); one
#: finding nothing is searched again corrected. Queries finding more are left as typed.
SUGGEST_BELOW = 5
MAX_PAGE_SIZE = 100
#: a query that finds nothing, even corrected, is tried with one word left out — at most this often
MAX_LEAVE_OUT = 6


@dataclass
class Hit:
    item: object
    snippet_html: SafeString
    score: float
    title_html: SafeString = mark_safe("")


@dataclass
class SearchPage:
    results: list[Hit]
    count: int
    page: int
    per_page: int
    query: str = ""
    mode: str = "fulltext"  # fulltext | substring | list
    terms: list[str] = field(default_factory=list)
    #: False when ``count`` is an estimate (a very common query; shown as “约”)
    count_exact: bool = True
    #: how many results can be paged through when that is fewer than ``count`` (a common query's
    #: candidate set, or the substring fallback's cap); None = all of them
    available: int | None = None
    #: the query searched instead of ``query``, which found nothing (“已为您显示……的结果”)
    corrected: str | None = None
    #: a correction offered while ``query`` found something (“您是不是要找：……”)
    suggestion: str | None = None

    @property
    def num_pages(self) -> int:
        shown = self.count if self.available is None else min(self.count, self.available)
        return max(1, math.ceil(shown / self.per_page)) if self.per_page else 1

    @property
    def is_limited(self) -> bool:
        """Only part of the matches can be paged through (the most relevant ones)."""
        return self.available is not None and self.available < self.count

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


# ---- indexing ----------------------------------------------------------------------------------

def _texts(item) -> tuple[str, str]:
    title = " ".join([item.title, item.keywords])
    body = "\n".join([item.summary, item.doc_number, item.publisher_name, item.body_text])
    return title, body


def _entry_values(item) -> dict:
    pinyin, initials = title_reading(item.title)
    return {"agency_id": item.agency_id, "topic_id": item.topic_id, "published_on": item.published_on,
            "statutory_item": item.statutory_item, "extra_item": item.extra_item, "validity": item.validity,
            "title": item.title, "title_pinyin": pinyin, "title_initials": initials}


def index_item(item, terms: tuple[str, ...] | None = None) -> None:
    """Bring the item's search entry up to date: published items are indexed, others removed.

    Called inside the transaction of every publication, revision and withdrawal, so the filter
    columns copied into the entry (agency, 发布日期, 第二十条 item, 主题分类, 有效性) never go stale.
    """
    from gongkai.catalog.models import Item, SearchEntry

    if item.status != Item.Status.PUBLISHED:
        unindex_item(item)
        return
    terms = dictionary_terms() if terms is None else terms
    title, body = _texts(item)
    SearchEntry.objects.update_or_create(item_id=item.pk, defaults=_entry_values(item))
    with connection.cursor() as cursor:
        backend_for(connection.vendor).write(runner(cursor), item.pk, index_text(title, terms),
                                             index_text(body, terms))
    remember_words(title_words(title, terms))


def unindex_item(item) -> None:
    from gongkai.catalog.models import SearchEntry

    SearchEntry.objects.filter(item_id=item.pk).delete()  # SQLite: a trigger drops the FTS row


def reindex(items=None) -> int:
    """Re-segment ``items`` (default: every published item); returns how many were indexed."""
    from gongkai.catalog.models import Item, SearchEntry

    terms = dictionary_terms()
    qs = Item.objects.filter(status=Item.Status.PUBLISHED) if items is None else items
    count = 0
    for item in qs.select_related("agency").iterator(chunk_size=500):
        index_item(item, terms)
        count += 1
    if items is None:  # drop entries of items that are no longer published
        SearchEntry.objects.exclude(item__status=Item.Status.PUBLISHED).delete()
    return count


# ---- highlighting -------------------------------------------------------------------------------

def _pattern(terms: list[str]) -> re.Pattern | None:
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with each occurrence of a term wrapped in ``<mark>``."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(html.escape(text))
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        out.append("<mark>" + html.escape(m.group(0)) + "</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return mark_safe("".join(out))


_SPACE = re.compile(r"\s+")
_VISIBLE = re.compile(r"\S")


def snippet(text: str, terms: list[str], length: int = SNIPPET_CHARS) -> SafeString:
    """The passage around the first term found, highlighted; the beginning when none is found.

    Runs of whitespace count as one space and the text is stripped — but only a window around the
    term is rewritten so: a body may be 100,000 characters and a page shows twenty snippets. (The
    result is that of rewriting the whole text first; a test holds the two equal.)
    """
    text = text or ""
    pattern = _pattern(terms)
    m = pattern.search(text) if pattern else None  # terms hold no whitespace: the same first match
    if m:
        at = m.start()
    else:  # the beginning: from the first visible character
        first = _VISIBLE.search(text)
        at = first.start() if first else len(text)
    lead = length // 3 if m else 0

    lo = at
    while True:  # enough normalised text before the term for the lead, or the whole beginning
        lo = max(0, lo - 2 * length)
        head = _SPACE.sub(" ", text[lo:at])
        if lo == 0 or len(head) > lead + 1:
            break
    if not _VISIBLE.search(text, 0, lo):  # only whitespace before the window: the text starts here
        head = head.lstrip()
    hi = at
    while True:  # enough after it for the passage, and one character to tell whether more follows
        hi = min(len(text), hi + 3 * length)
        tail = _SPACE.sub(" ", text[at:hi])
        if hi == len(text) or len(tail) > length + 1:
            break
    if not _VISIBLE.search(text, hi):
        tail = tail.rstrip()
    start = max(0, len(head) - lead)
    joined = head[start:] + tail
    piece = joined[:length]
    prefix = "…" if start > 0 or (lo > 0 and _VISIBLE.search(text, 0, lo)) else ""
    suffix = "…" if len(joined) > length else ""
    return mark_safe(prefix + highlight(piece, terms) + suffix)


# ---- searching ----------------------------------------------------------------------------------

def _topic_ids(category) -> list[int] | None:
    from gongkai.catalog.models import Topic

    if category in (None, ""):
        return None
    topic = category if isinstance(category, Topic) else Topic.objects.filter(pk=category).first()
    return topic.self_and_children_ids() if topic else []


def _agency_ids(agency) -> list[int] | None:
    from gongkai.accounts.models import Agency

    if agency in (None, ""):
        return None
    if isinstance(agency, Agency):
        return [agency.pk]
    if isinstance(agency, (list, tuple)):
        return [a.pk if isinstance(a, Agency) else int(a) for a in agency]
    return list(Agency.objects.filter(code=agency).values_list("pk", flat=True))


def find(run, backend, words, filters: Filters, match: str, limit: int, offset: int, *, fallback: bool = True):
    """The engine's part of :func:`search` (also timed by bench/search.py): ``(Result, mode)``.

    Full text for the words that have index tokens — a word without any (县 in “县 住房”) must then
    occur verbatim in the title or body; when no word has tokens, or full text finds nothing, each
    word as a substring of the title (single characters, unknown words, other segmentations).
    """
    if any(w.tokens for w in words):
        tokens = list(dict.fromkeys(t for w in words for t in w.tokens))
        if match == "all":
            filters.exact = [w.text for w in words if w.exact]
        result = fulltext(run, backend, tokens, filters, "any" if match == "any" else "all", limit, offset)
        if result.count:
            return result, "fulltext"
    filters.exact = []
    if not fallback:
        return Result([], 0, True, 0), "fulltext"
    return substring(run, [w.text for w in words], filters, limit, offset, backend.vendor), "substring"


@dataclass
class Forgiven:
    result: object  # backends.Result
    mode: str
    words: list[QueryWord]
    expanded: list[QueryWord]  # with synonym alternatives
    corrected: str | None = None
    suggestion: str | None = None


def find_forgiving(run, backend, query: str, filters: Filters, match: str, limit: int, offset: int, *,
                   dictionary: tuple[str, ...], groups: dict, vocab=None) -> Forgiven:
    """:func:`find` with every forgiving feature (synonyms, correction, pinyin): what :func:`search`
    runs for a query, and what bench/search.py times. ``vocab`` defaults to the process's
    vocabulary (``forgiving.vocabulary()``)."""
    words = query_words(query, dictionary)
    expanded = with_synonyms(words, groups, dictionary)
    # Latin letters (and digits) are far more often pinyin than letters of a title: their reading
    # is searched before the titles are scanned for the letters as typed
    latin = bool(_LATIN_QUERY.match(query or ""))
    key = reading_key(query) if latin else ""
    if key:  # first the titles read whole: the letters as a run of some title's pinyin or initials
        found = _by_reading(run, backend, key, query, filters, limit, offset)
        if found:
            return found
    result, mode = find(run, backend, expanded, filters, match, limit, offset, fallback=not latin)
    out = Forgiven(result, mode, words, expanded)
    if not result.count and not latin and match == "all":
        # nothing as typed: a title read the same (homophones — the commonest typo — anywhere in
        # it, place names too, which the vocabulary may not hold)
        key = homophone_key(query)
        found = _by_reading(run, backend, key, query, filters, limit, offset, initials=False) if key else None
        if found:
            return found
    better, tried = None, words
    if result.count < SUGGEST_BELOW or any(w.exact or _LATIN_WORD.match(w.text) for w in words):
        better = correct(query, words, vocab)
        if better and not result.count:  # the original finds nothing: search the correction instead
            better_words = query_words(better, dictionary)
            better_expanded = with_synonyms(better_words, groups, dictionary)
            filters.exact = []
            retry, retry_mode = find(run, backend, better_expanded, filters, match, limit, offset, fallback=False)
            if retry.count:
                return Forgiven(retry, retry_mode, better_words, better_expanded, corrected=better)
            tried = better_words
        elif better:
            out.suggestion = better
    if latin and not result.count:  # nor does the reading: the letters as typed, in the titles
        filters.exact = []
        result, mode = find(run, backend, expanded, filters, match, limit, offset)
        out = Forgiven(result, mode, words, expanded, suggestion=out.suggestion)
    if result.count or match != "all":
        return out
    # Still nothing. Leave out what no title holds — the wrong character of a long phrase (防率 in
    # 互助县2025年防率抗旱应急预案) with the word it broke — and require the rest; failing that, the
    # query (or its correction) with one word left out, two-character words first: a misread
    # pinyin (nian di → 年底 for 年第) or a wrong character makes one word miss.
    vocab = vocab or vocabulary()
    attempts = []
    known = relaxed_words(words, vocab)
    if known and known != words:
        attempts.append(known)
    base = known or (tried if better else words)
    if len(base) >= 3:
        order = sorted(range(len(base)), key=lambda i: (len(base[i].text) != 2, vocab.seen.get(base[i].text, 0), i))
        attempts += [base[:i] + base[i + 1:] for i in order[:MAX_LEAVE_OUT]]
        # last, the words of three or more characters alone: two letters of initials (sc: 首次 or
        # 市场?) or two syllables are what is most often read as the wrong word
        longer = [w for w in base if len(w.text) >= 3 or _NUMBER.match(w.text)]
        if len(longer) < len(base) - 1 and any(len(w.text) >= 3 and not _NUMBER.match(w.text) for w in longer):
            attempts.append(longer)
    for attempt in attempts:
        if all(_NUMBER.match(w.text) for w in attempt):  # numbers alone say nothing of what is sought
            continue
        expanded_attempt = with_synonyms(attempt, groups, dictionary)
        filters.exact = []
        retry, retry_mode = find(run, backend, expanded_attempt, filters, match, limit, offset, fallback=False)
        if retry.count:
            return Forgiven(retry, retry_mode, attempt, expanded_attempt, corrected=" ".join(w.text for w in attempt))
    return out


def _by_reading(run, backend, key: str, query: str, filters: Filters, limit: int, offset: int, *,
                initials: bool = True) -> Forgiven | None:
    """The titles whose reading holds ``key``, shown as the text it reads in them (the first
    one as the correction, unless that is the query itself: letters typed as in the title)."""
    filters.exact = []
    result, texts = reading_matches(run, backend, key, filters, limit, offset, initials=initials)
    if not result.count:
        return None
    shown = [QueryWord(t, (), True) for t in texts]
    corrected = texts[0] if texts and texts[0].lower() != query.strip().lower() else None
    return Forgiven(result, "reading", shown, shown, corrected=corrected)


def relaxed_words(words: list[QueryWord], vocab) -> list[QueryWord]:
    """The tokens of ``words`` that are vocabulary words (or numbers), each a word of its own;
    single characters and unknown tokens left out."""
    out = []
    for w in words:
        for t in w.tokens:
            if (t in vocab or _NUMBER.match(t)) and all(t != x.text for x in out):
                out.append(QueryWord(t, (t,), False))
    return out


def search(query: str, *, agency=None, limit: int = 5, page: int = 1, item: str = "", category=None,
           year: int | None = None, validity: str = "", match: str = "all",
           published_after: datetime.date | None = None, item_ids: list[int] | None = None,
           today: datetime.date | None = None, order: tuple[str, ...] = ("-published_on", "-pk")) -> SearchPage:
    """Public catalogue items matching ``query``, most relevant first, with highlighted snippets.

    ``match="all"`` requires every word (the portal); ``"any"`` ranks items that share some words
    (useful for a long description typed into an application). An empty query lists the newest
    (or in ``order``, the 目录 table's sorting).
    """
    from gongkai.catalog.models import Item

    limit = max(1, min(int(limit), MAX_PAGE_SIZE))
    page = max(1, int(page))
    offset = (page - 1) * limit
    filters = Filters(
        today=today or timezone.localdate(), agency_ids=_agency_ids(agency), item=item or "",
        topic_ids=_topic_ids(category), year=year or None, validity=validity or "",
        published_after=published_after, item_ids=item_ids)
    dictionary = dictionary_terms()
    words = query_words(query, dictionary)

    if not words:
        qs = Item.objects.public(filters.today)
        if filters.agency_ids is not None:
            qs = qs.filter(agency_id__in=filters.agency_ids)
        qs = qs.browse(item=filters.item, year=filters.year, validity=filters.validity)
        if filters.topic_ids is not None:
            qs = qs.filter(topic_id__in=filters.topic_ids)
        if published_after:
            qs = qs.filter(published_on__gte=published_after)
        if item_ids is not None:
            qs = qs.filter(pk__in=item_ids)
        count = qs.count()
        items = list(qs.select_related("agency", "topic__parent").defer("body")
                     .order_by(*order)[offset:offset + limit])
        results = [Hit(i, snippet(i.summary or i.body_text, []), 0.0, highlight(i.title, [])) for i in items]
        return SearchPage(results, count, page, limit, query or "", "list", [])

    groups = synonym_groups()
    with connection.cursor() as cursor:
        found = find_forgiving(runner(cursor), backend_for(connection.vendor), query, filters, match, limit, offset,
                               dictionary=dictionary, groups=groups)
    result, mode, expanded = found.result, found.mode, found.expanded
    corrected, suggestion = found.corrected, found.suggestion
    terms = _highlight_terms(expanded, groups)

    # The index holds published items only; checking again costs nothing on one page of results.
    by_id = {i.pk: i for i in Item.objects.public(filters.today).filter(pk__in=[r[0] for r in result.rows])
             .select_related("agency", "topic__parent").defer("body")}  # the HTML body: never shown in a hit
    results = []
    for pk, score in result.rows:
        it = by_id.get(pk)
        if it is None:
            continue
        body = "\n".join(x for x in (it.summary, it.body_text) if x)
        results.append(Hit(it, snippet(body, terms), round(score, 6), highlight(it.title, terms)))
    return SearchPage(results, result.count, page, limit, query, mode, terms, count_exact=result.exact,
                      available=None if result.available >= result.count else result.available,
                      corrected=corrected, suggestion=suggestion)


_LATIN_WORD = re.compile(r"^[A-Za-z]+$")
_NUMBER = re.compile(r"^\d{2,}$")
_LATIN_QUERY = re.compile(r"^[A-Za-z0-9\s]*[A-Za-z][A-Za-z0-9\s]*$")


def with_synonyms(words: list[QueryWord], groups: dict, dictionary: tuple[str, ...]) -> list[QueryWord]:
    """Each word (or token) that is in a synonym group matches any member of the group: its token
    becomes a group of alternatives, each the tokens of one member (see ``backends.match_expression``)."""
    if not groups:
        return words

    def alternatives(members) -> tuple:
        alts = []
        for m in members:
            toks = tuple(t for w in query_words(m, dictionary) for t in w.tokens)
            if toks and toks not in alts:
                alts.append(toks)
        return tuple(alts)

    out = []
    for w in words:
        if w.text in groups:
            alts = alternatives(groups[w.text])
            if len(alts) > 1:
                out.append(QueryWord(w.text, (alts,), False))
                continue
        tokens = []
        for t in w.tokens:
            alts = alternatives(groups[t]) if t in groups else ()
            tokens.append(alts if len(alts) > 1 else t)
        out.append(QueryWord(w.text, tuple(tokens), w.exact))
    return out


def _highlight_terms(words: list[QueryWord], groups: dict) -> list[str]:
    terms = flat_tokens([t for w in words for t in w.tokens]) + [w.text for w in words if w.exact]
    for w in words:
        terms += [m for m in groups.get(w.text, ()) if m != w.text]
    return list(dict.fromkeys(terms))
