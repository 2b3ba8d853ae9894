"""The two full-text backends behind one interface, as SQL text shared with ``bench/search.py``.

The index is the narrow table ``catalog_searchentry`` (model ``SearchEntry``): one row per public
item with the columns the filters need (agency, 发布日期, 第二十条 item, 主题分类, 有效性), so a search
never reads the wide ``catalog_item`` rows (body text) while it looks for matches.

* SQLite: FTS5 table ``catalog_searchindex`` (title, body; rowid = item id), ranked by ``bm25``
  with the title weighted 5 : 1 over the body. A trigger removes the FTS row with the entry.
* PostgreSQL: ``catalog_searchentry.search_vector`` (title weight A || body weight B) and a small
  ``title_vector`` (title only), each with a GIN index, ranked by ``ts_rank``.

How a query runs (:func:`fulltext`), identical on both databases:

1. Fetch the newest ``COUNT_LIMIT + 1`` matches (by item id, which both indexes reach cheaply:
   FTS5 doclists are in rowid order; PostgreSQL walks the primary key backwards for a common word
   or sorts the GIN bitmap of a rarer one — chosen here, see ``PostgresBackend.newest``). With at
   most ``COUNT_LIMIT`` of them, that *is* every match: the count is exact and they are ranked by
   relevance (score, then 发布日期 newest first).
2. More than that is a very common query (住房, 通知 …): counting and ranking every match would
   visit tens of thousands of rows. The count is estimated instead (``exact=False``, shown as
   “约”) and the results are drawn from a capped candidate set — the newest ``TITLE_CANDIDATES``
   items whose *title* matches plus the newest ``COUNT_LIMIT + 1`` matches — ordered title
   matches first, then 发布日期 newest first. For ``match="any"`` the candidates are the newest
   matches of any word plus the newest items with every word, ordered by score.

Every row in the index is a published item (``index_item`` removes the others in the same
transaction) and every query also requires 发布日期 ≤ today, so scheduled items stay hidden.
"""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass, field
from typing import Callable

COUNT_LIMIT = 1000  # counts up to this are exact; above it they are estimated (“约”)
TITLE_CANDIDATES = 200  # common queries: this many newest title matches join the candidates
#: PostgreSQL: above this many times the candidates expected, the candidate rows go without vectors
NARROW_ABOVE = 1.5
TITLE_WEIGHT_SQLITE = 5.0
SUBSTRING_CAP = 500  # the substring fallback looks at no more than this many matching titles

# ---- schema (migration 0004; bench/search.py builds the same) ----------------------------------

SQLITE_INDEX_DDL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS catalog_searchindex USING fts5(title, body, tokenize='unicode61')""",
    """CREATE TRIGGER IF NOT EXISTS catalog_searchentry_ad AFTER DELETE ON catalog_searchentry BEGIN
        DELETE FROM catalog_searchindex WHERE rowid = old.item_id;
    END""",
]
SQLITE_INDEX_DROP = [
    "DROP TRIGGER IF EXISTS catalog_searchentry_ad",
    "DROP TABLE IF EXISTS catalog_searchindex",
]
TITLE_VECTOR_SQL = "setweight(to_tsvector('simple'::regconfig, {title}), 'A')"
SEARCH_VECTOR_SQL = ("setweight(to_tsvector('simple'::regconfig, {title}), 'A') || "
                     "setweight(to_tsvector('simple'::regconfig, {body}), 'B')")
POSTGRES_INDEX_DDL = [
    "ALTER TABLE catalog_searchentry ADD COLUMN IF NOT EXISTS title_vector tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE catalog_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX IF NOT EXISTS catalog_searchentry_title_gin ON catalog_searchentry USING GIN (title_vector)",
    "CREATE INDEX IF NOT EXISTS catalog_searchentry_gin ON catalog_searchentry USING GIN (search_vector)",
]
#: migration 0006: a trigram index on 名称 for the substring fallback (``pg_trgm`` ships with
#: PostgreSQL and is a trusted extension); ``title_column`` keeps words too short for it off it
POSTGRES_TRIGRAM_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
POSTGRES_TITLE_TRIGRAM_DDL = ("CREATE INDEX IF NOT EXISTS catalog_item_title_trgm ON catalog_item "
                              "USING gin (title gin_trgm_ops)")
POSTGRES_INDEX_DROP = [
    "DROP INDEX IF EXISTS catalog_searchentry_gin",
    "DROP INDEX IF EXISTS catalog_searchentry_title_gin",
    "ALTER TABLE catalog_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE catalog_searchentry DROP COLUMN IF EXISTS title_vector",
]

#: migration 0008: the reading of each title (``SearchEntry.title_pinyin`` / ``title_initials``,
#: ``search/reading.py``), found by any run of letters in it. SQLite: an external-content FTS5 table
#: with the trigram tokenizer over the two columns and the title itself (a phrase of three or more
#: characters matches any substring: the readings, and the substring fallback's longer words),
#: kept in step by triggers; PostgreSQL: trigram indexes on the columns (``LIKE``).
SQLITE_READING_DDL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS catalog_searchreading USING fts5(
        title_pinyin, title_initials, title, content='catalog_searchentry', content_rowid='item_id',
        tokenize='trigram')""",
    """CREATE TRIGGER IF NOT EXISTS catalog_searchentry_reading_ai AFTER INSERT ON catalog_searchentry BEGIN
        INSERT INTO catalog_searchreading(rowid, title_pinyin, title_initials, title)
        VALUES (new.item_id, new.title_pinyin, new.title_initials, new.title);
    END""",
    """CREATE TRIGGER IF NOT EXISTS catalog_searchentry_reading_ad AFTER DELETE ON catalog_searchentry BEGIN
        INSERT INTO catalog_searchreading(catalog_searchreading, rowid, title_pinyin, title_initials, title)
        VALUES ('delete', old.item_id, old.title_pinyin, old.title_initials, old.title);
    END""",
    """CREATE TRIGGER IF NOT EXISTS catalog_searchentry_reading_au AFTER UPDATE ON catalog_searchentry BEGIN
        INSERT INTO catalog_searchreading(catalog_searchreading, rowid, title_pinyin, title_initials, title)
        VALUES ('delete', old.item_id, old.title_pinyin, old.title_initials, old.title);
        INSERT INTO catalog_searchreading(rowid, title_pinyin, title_initials, title)
        VALUES (new.item_id, new.title_pinyin, new.title_initials, new.title);
    END""",
    "INSERT INTO catalog_searchreading(catalog_searchreading) VALUES ('rebuild')",
]
SQLITE_READING_DROP = [
    "DROP TRIGGER IF EXISTS catalog_searchentry_reading_au",
    "DROP TRIGGER IF EXISTS catalog_searchentry_reading_ad",
    "DROP TRIGGER IF EXISTS catalog_searchentry_reading_ai",
    "DROP TABLE IF EXISTS catalog_searchreading",
]
POSTGRES_READING_DDL = [
    "CREATE INDEX IF NOT EXISTS catalog_searchentry_pinyin_trgm ON catalog_searchentry "
    "USING gin (title_pinyin gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_searchentry_initials_trgm ON catalog_searchentry "
    "USING gin (title_initials gin_trgm_ops)",
]
POSTGRES_READING_DROP = [
    "DROP INDEX IF EXISTS catalog_searchentry_initials_trgm",
    "DROP INDEX IF EXISTS catalog_searchentry_pinyin_trgm",
]

# The index of migration 0002 (external-content FTS5 over token columns; a generated tsvector).
# Migration 0002 still creates it on a fresh database and 0004 replaces it; kept here unchanged.
SQLITE_DDL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS catalog_search_fts USING fts5(
        title_tokens, body_tokens, content='catalog_searchentry', content_rowid='item_id',
        tokenize='unicode61')""",
    """CREATE TRIGGER IF NOT EXISTS catalog_searchentry_ai AFTER INSERT ON catalog_searchentry BEGIN
        INSERT INTO catalog_search_fts(rowid, title_tokens, body_tokens)
        VALUES (new.item_id, new.title_tokens, new.body_tokens);
    END""",
    """CREATE TRIGGER IF NOT EXISTS catalog_searchentry_ad AFTER DELETE ON catalog_searchentry BEGIN
        INSERT INTO catalog_search_fts(catalog_search_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.item_id, old.title_tokens, old.body_tokens);
    END""",
    """CREATE TRIGGER IF NOT EXISTS catalog_searchentry_au AFTER UPDATE ON catalog_searchentry BEGIN
        INSERT INTO catalog_search_fts(catalog_search_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.item_id, old.title_tokens, old.body_tokens);
        INSERT INTO catalog_search_fts(rowid, title_tokens, body_tokens)
        VALUES (new.item_id, new.title_tokens, new.body_tokens);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_searchentry_au",
    "DROP TRIGGER IF EXISTS catalog_searchentry_ad",
    "DROP TRIGGER IF EXISTS catalog_searchentry_ai",
    "DROP TABLE IF EXISTS catalog_search_fts",
]
POSTGRES_DDL = [
    """ALTER TABLE catalog_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') ||
        setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')) STORED""",
    "CREATE INDEX IF NOT EXISTS catalog_searchentry_vector ON catalog_searchentry USING GIN (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS catalog_searchentry_vector",
    "ALTER TABLE catalog_searchentry DROP COLUMN IF EXISTS search_vector",
]

Run = Callable[[str, list], list]  # execute SQL with %s placeholders, return all rows


@dataclass
class Filters:
    today: datetime.date
    agency_ids: list[int] | None = None
    item: str = ""
    topic_ids: list[int] | None = None
    year: int | None = None
    validity: str = ""
    published_after: datetime.date | None = None
    item_ids: list[int] | None = None
    exact: list[str] = field(default_factory=list)  # substrings each result must contain


def like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _in(column: str, values: list) -> tuple[str, list]:
    return f"{column} IN ({', '.join(['%s'] * len(values)) or 'NULL'})", list(values)


def _filter_terms(f: Filters, alias: str, id_column: str, published_prefix: str = "") -> tuple[list[str], list]:
    """The conditions both tables share: published by today, agency/topic/item ids, 第二十条 item,
    year, 有效性, published after."""
    sql = [f"{published_prefix}{alias}.published_on <= %s"]
    params: list = [f.today]
    for column, values in ((f"{alias}.agency_id", f.agency_ids), (f"{alias}.topic_id", f.topic_ids),
                           (id_column, f.item_ids)):
        if values is not None:
            cond, p = _in(column, values)
            sql.append(cond)
            params += p
    if f.item:
        sql.append(f"({alias}.statutory_item = %s OR {alias}.extra_item = %s)")
        params += [f.item, f.item]
    if f.year:
        sql.append(f"{alias}.published_on >= %s AND {alias}.published_on < %s")
        params += [datetime.date(f.year, 1, 1), datetime.date(f.year + 1, 1, 1)]
    if f.validity:
        sql.append(f"{alias}.validity = %s")
        params.append(f.validity)
    if f.published_after:
        sql.append(f"{alias}.published_on >= %s")
        params.append(f.published_after)
    return sql, params


def where(f: Filters, alias: str = "e", *, exact: bool = True, scan: bool = False, fence: bool = False
          ) -> tuple[str, list]:
    """The filters on the search entry ``alias``; substrings (``f.exact``) look at the item's text.

    ``scan``: the rows will be read in full anyway — a unary ``+`` keeps SQLite from going through
    the 发布日期 index (and then fetching nearly every row by id: ten times slower).
    ``fence`` (PostgreSQL): ``OFFSET 0`` keeps the substring test a check of each match; pulled up
    into a semi-join, the planner drives it by a LIKE over every item's body (宅基低: 360 ms).
    """
    sql, params = _filter_terms(f, alias, f"{alias}.item_id", "+" if scan else "")
    if exact and f.exact:
        likes = []
        for text in f.exact:
            likes.append("(x.title LIKE %s ESCAPE '\\' OR x.body_text LIKE %s ESCAPE '\\')")
            params += [like_pattern(text)] * 2
        sql.append(f"EXISTS (SELECT 1 FROM catalog_item x WHERE x.id = {alias}.item_id AND {' AND '.join(likes)}"
                   f"{' OFFSET 0' if fence else ''})")
    return " AND ".join(sql), params


def where_item(f: Filters, alias: str = "i") -> tuple[str, list]:
    """The same filters on ``catalog_item`` itself (substring fallback, LIKE baseline)."""
    sql, params = _filter_terms(f, alias, f"{alias}.id")
    return " AND ".join([f"{alias}.status = 'published'", *sql]), params


@dataclass
class Result:
    rows: list[tuple[int, float]]  # (item id, score) for the requested page, best first
    count: int  # exact when ``exact``, else an estimate
    exact: bool
    available: int  # how many results can be paged through (all, or the candidate set)


def _date_key(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def fulltext(run: Run, backend, tokens: list[str], f: Filters, mode: str, limit: int, offset: int) -> Result:
    """Count and rank the matches of ``tokens`` (see the module docstring for the plan)."""
    tokens = list(dict.fromkeys(tokens))
    found = backend.newest(run, tokens, f, mode, COUNT_LIMIT + 1)  # [(id, score, published_on, in_title)]
    if len(found) <= COUNT_LIMIT:
        ordered = _by_score(found)
        return Result([(r[0], r[1]) for r in ordered[offset:offset + limit]], len(found), True, len(found))

    oldest_id = min(r[0] for r in found)
    count = _two_figures(max(len(found), backend.estimate(run, tokens, f, mode, oldest_id, len(found))))
    candidates = {r[0]: r for r in found}
    if mode == "any":
        if len(tokens) > 1:
            for r in backend.newest(run, tokens, f, "all", TITLE_CANDIDATES, score_mode="any"):
                candidates.setdefault(r[0], r)
        ordered = _by_score(candidates.values())
        rows = [(r[0], r[1]) for r in ordered]
    else:
        title_ids = backend.title_matches(run, tokens, f, TITLE_CANDIDATES, found, count)
        for item_id, published_on in title_ids:
            candidates.setdefault(item_id, (item_id, 1.0, published_on, True))
        titled = {i for i, _ in title_ids} | {r[0] for r in found if r[3]}
        ordered = sorted(candidates.values(), key=lambda r: (r[0] in titled, _date_key(r[2]), r[0]), reverse=True)
        rows = [(r[0], 1.0 if r[0] in titled else 0.0) for r in ordered]
    return Result(rows[offset:offset + limit], count, False, len(rows))


def _filtered_beyond_agency(f: Filters) -> bool:
    return (f.topic_ids is not None or f.item_ids is not None
            or bool(f.item or f.year or f.validity or f.published_after))


def _unfiltered(f: Filters) -> bool:
    return f.agency_ids is None and not _filtered_beyond_agency(f)


def _only_agency(f: Filters) -> bool:
    return (f.agency_ids is not None and len(f.agency_ids) == 1 and not _filtered_beyond_agency(f)
            and not f.exact)


def _two_figures(n: float) -> int:
    """An estimate is shown to two significant figures (21,161 → 21,000): more would claim precision."""
    n = int(round(n))
    if n < 100:
        return n
    scale = 10 ** (len(str(n)) - 2)
    return round(n / scale) * scale


def _by_score(rows) -> list:
    """Relevance, then 发布日期 (newest first), then id (newest first)."""
    rows = sorted(rows, key=lambda r: (_date_key(r[2]), r[0]), reverse=True)
    return sorted(rows, key=lambda r: r[1], reverse=True)  # stable: equal scores keep the recency order


def reading_matches(run: Run, backend, key: str, f: Filters, limit: int, offset: int, *, initials: bool = True
                    ) -> tuple[Result, list[str]]:
    """Titles whose reading holds ``key`` (``search/reading.py``): the newest ``COUNT_LIMIT + 1``
    candidates, ranked by how much of the title the key reads (``reading.rank``) — above that many
    the count is estimated, as for full text — and the text the key reads in each title shown.
    ``initials=False``: the key is full pinyin (a Chinese query read aloud), never initials — the
    initials are not searched (their trigram index is the costlier one for a long key)."""
    from .reading import matched_text, rank

    found = backend.reading_newest(run, key, f, COUNT_LIMIT + 1, initials)  # [(id, 发布日期, pinyin, initials, title)]
    ordered = rank(found, key)
    page = ordered[offset:offset + limit]
    texts = list(dict.fromkeys(t for t in (matched_text(r[4], key) for r in page) if t))
    rows = [(r[0], 1.0) for r in page]
    if len(found) <= COUNT_LIMIT:
        return Result(rows, len(found), True, len(found)), texts
    oldest_id = min(r[0] for r in found)
    count = _two_figures(max(len(found), backend.reading_estimate(run, key, f, oldest_id, len(found), initials)))
    return Result(rows, count, False, len(ordered)), texts


# ---- SQLite --------------------------------------------------------------------------------------

class SqliteBackend:
    vendor = "sqlite"

    @staticmethod
    def write(run: Run, item_id: int, title_tokens: str, body_tokens: str) -> None:
        """Put the segmented text of an item whose ``catalog_searchentry`` row exists into the index."""
        run("DELETE FROM catalog_searchindex WHERE rowid = %s", [item_id])
        run("INSERT INTO catalog_searchindex (rowid, title, body) VALUES (%s, %s, %s)",
            [item_id, title_tokens, body_tokens])

    @staticmethod
    def match_expression(tokens: list, mode: str) -> str:
        def quote(t: str) -> str:
            return '"' + t.replace('"', '""') + '"'

        def term(t) -> str:  # a token, or a synonym group: any alternative, each all its tokens
            if isinstance(t, str):
                return quote(t)
            return "(" + " OR ".join("(" + " AND ".join(quote(x) for x in alt) + ")" for alt in t) + ")"

        return (" OR " if mode == "any" else " AND ").join(term(t) for t in tokens)

    def newest(self, run: Run, tokens, f: Filters, mode: str, n: int, score_mode: str | None = None) -> list:
        # score_mode is irrelevant here: for an item holding every word, bm25 is the same whether the
        # words are joined by AND or OR (it sums over the phrases; document frequencies are per phrase).
        cond, params = where(f)
        rows = run(
            f"SELECT f.rowid, -bm25(catalog_searchindex, {TITLE_WEIGHT_SQLITE}, 1.0), e.published_on "
            "FROM catalog_searchindex f CROSS JOIN catalog_searchentry e ON e.item_id = f.rowid "
            f"WHERE catalog_searchindex MATCH %s AND {cond} ORDER BY f.rowid DESC LIMIT %s",
            [self.match_expression(tokens, mode), *params, n])
        return [(r[0], float(r[1] or 0), r[2], False) for r in rows]

    def title_matches(self, run: Run, tokens, f: Filters, n: int, found: list, count: int) -> list:
        """The newest ``n`` title matches, and every title match among the newest matches ``found``."""
        oldest_id = min(r[0] for r in found)
        cond, params = where(f)
        match = "{title} : (" + self.match_expression(tokens, "all") + ")"
        base = ("SELECT f.rowid, e.published_on FROM catalog_searchindex f "
                "CROSS JOIN catalog_searchentry e ON e.item_id = f.rowid "
                f"WHERE catalog_searchindex MATCH %s AND {cond}")
        newest = run(f"{base} ORDER BY f.rowid DESC LIMIT %s", [match, *params, n])
        since = run(f"{base} AND f.rowid >= %s ORDER BY f.rowid DESC", [match, *params, oldest_id])
        return list({r[0]: (r[0], r[1]) for r in [*newest, *since]}.values())

    def estimate(self, run: Run, tokens, f: Filters, mode: str, oldest_id: int, found: int) -> int:
        """Matches in the whole index × the share of them that passed the filters among the newest."""
        match = self.match_expression(tokens, mode)
        total = run("SELECT count(*) FROM catalog_searchindex WHERE catalog_searchindex MATCH %s", [match])[0][0]
        span = run("SELECT count(*) FROM catalog_searchindex WHERE catalog_searchindex MATCH %s AND rowid >= %s",
                   [match, oldest_id])[0][0]
        return round(total * found / span) if span else found


    @staticmethod
    def _reading_match(key: str, initials: bool = True) -> str:
        """The key's trigrams every third letter (and the last three): a phrase of all of them
        reads every position list of common trigrams (ong, ang …) — a third slower for a long
        key; the rows found are then held to the whole key (``reading_newest``)."""
        columns = "{title_pinyin title_initials}" if initials else "{title_pinyin}"
        if len(key) <= 4:
            return columns + ' : "' + key + '"'  # only letters and digits
        chunks = [key[i:i + 3] for i in range(0, len(key) - 2, 3)]
        if len(key) % 3:
            chunks.append(key[-3:])
        return columns + " : (" + " AND ".join(f'"{c}"' for c in chunks) + ")"

    def reading_newest(self, run: Run, key: str, f: Filters, n: int, initials: bool = True) -> list:
        cond, params = where(f)
        pattern = like_pattern(key)
        likes, likes_params = _reading_likes(pattern, initials)
        return run(
            "SELECT e.item_id, e.published_on, e.title_pinyin, e.title_initials, e.title FROM catalog_searchreading r "
            "CROSS JOIN catalog_searchentry e ON e.item_id = r.rowid "
            f"WHERE catalog_searchreading MATCH %s AND {likes} AND {cond} ORDER BY r.rowid DESC LIMIT %s",
            [self._reading_match(key, initials), *likes_params, *params, n])

    def reading_estimate(self, run: Run, key: str, f: Filters, oldest_id: int, found: int, initials: bool = True) -> int:
        match = self._reading_match(key, initials)
        total = run("SELECT count(*) FROM catalog_searchreading WHERE catalog_searchreading MATCH %s", [match])[0][0]
        span = run("SELECT count(*) FROM catalog_searchreading WHERE catalog_searchreading MATCH %s "
                   "AND rowid >= %s", [match, oldest_id])[0][0]
        return round(total * found / span) if span else found


# ---- PostgreSQL ----------------------------------------------------------------------------------

class PostgresBackend:
    vendor = "postgresql"

    @staticmethod
    def write(run: Run, item_id: int, title_tokens: str, body_tokens: str) -> None:
        """Put the segmented text of an item whose ``catalog_searchentry`` row exists into the index."""
        run(f"UPDATE catalog_searchentry SET title_vector = {TITLE_VECTOR_SQL.format(title='%s')}, "
            f"search_vector = {SEARCH_VECTOR_SQL.format(title='%s', body='%s')} WHERE item_id = %s",
            [title_tokens, title_tokens, body_tokens, item_id])

    @staticmethod
    def tsquery(tokens: list, mode: str) -> tuple[str, list]:
        joiner = " || " if mode == "any" else " && "
        parts, params = [], []
        for t in tokens:
            if isinstance(t, str):
                parts.append("plainto_tsquery('simple', %s)")
                params.append(t)
            else:  # a synonym group: any alternative, each all its tokens
                parts.append("(" + " || ".join(
                    "(" + " && ".join(["plainto_tsquery('simple', %s)"] * len(alt)) + ")" for alt in t) + ")")
                params += [x for alt in t for x in alt]
        return "(" + joiner.join(parts) + ")", params

    def __init__(self):
        self.expected: float | None = None  # the planner's estimate of the last query's matches
        self.id_range: tuple[int, int] | None = None  # lowest and highest entry id

    def newest(self, run: Run, tokens, f: Filters, mode: str, n: int, score_mode: str | None = None) -> list:
        """The newest ``n`` matches: (id, score, 发布日期, title matches every word).

        Two ways: walk the primary key down, testing each row (cheap when matches are common — a
        word in 20% of items needs ~5 rows per match), or read every match through the GIN bitmap
        and sort (cheap when they are few). PostgreSQL's planner prices the test of a row far too
        low and walks for a word in 3% of items (35,000 rows for 1,000 matches), so the choice is
        made here from its estimate of the matches ``m`` among ``N`` entries: the walk reads about
        ``n·N/m`` rows, the bitmap ``m``.
        """
        cond, params = where(f, fence=True)
        tsq, tsq_params = self.tsquery(tokens, mode)
        rank_q, rank_params = self.tsquery(tokens, score_mode or mode)
        title_q, title_params = self.tsquery(tokens, "all")
        entries, frequencies = _statistics(run)
        shares = [token_share(frequencies, t) for t in tokens]
        if mode == "any":
            share = min(1.0, sum(shares))
        else:  # between independent words (the product) and words always found together (the rarest)
            share = math.sqrt(math.prod(shares) * min(shares)) if shares else 0.0
        if _unfiltered(f) and not f.exact:  # from the cached statistics, no round trip
            expected = share * entries
        else:  # the planner knows the filters; its estimate is also the count shown for a common query
            expected = self._planned_rows(
                run, f"SELECT 1 FROM catalog_searchentry e WHERE e.search_vector @@ {tsq} AND {cond}",
                [*tsq_params, *params])
        self.expected = expected
        # Rows the walk reads per match: an agency's entries are walked in their own index
        # (agency, item), where matches are as frequent as anywhere; other filters thin them out.
        density = share if _only_agency(f) else (expected / entries)
        walk = n / density if density else float("inf")
        order = "e.item_id" if walk < expected else "e.item_id + 0"
        # The score is only computed when every match fits in the candidate set (or for "any").
        scored = "true" if (score_mode or mode) == "any" else f"(SELECT count(*) FROM found) <= {COUNT_LIMIT}"
        if scored != "true" and expected > NARROW_ABOVE * n:
            # Far more matches than candidates: none will be scored, so the candidate rows carry no
            # vector — sorting ~900-byte rows was half the query (住房 in 4% of 100,000: 13 → 8 ms).
            # Should the estimate be wrong and few match after all, each is scored from its row.
            rank = (f"(SELECT ts_rank(x.search_vector, {rank_q}) FROM catalog_searchentry x "
                    "WHERE x.item_id = found.item_id)")
            columns = f"e.item_id, e.published_on, e.title_vector @@ {title_q} AS in_title"
            params_in, params_out = [*title_params, *tsq_params, *params, n], rank_params
            in_title = "in_title"
        else:
            rank = f"ts_rank(search_vector, {rank_q})"
            columns = "e.item_id, e.published_on, e.search_vector, e.title_vector"
            params_in, params_out = [*tsq_params, *params, n], [*rank_params, *title_params]
            in_title = f"title_vector @@ {title_q}"
        rows = run(
            f"WITH found AS MATERIALIZED (SELECT {columns} FROM catalog_searchentry e "
            f"WHERE e.search_vector @@ {tsq} AND {cond} ORDER BY {order} DESC LIMIT %s) "
            f"SELECT item_id, CASE WHEN {scored} THEN {rank} ELSE 0 END, published_on, {in_title}, "
            "(SELECT min(item_id) FROM catalog_searchentry), (SELECT max(item_id) FROM catalog_searchentry) FROM found",
            [*params_in, *params_out])
        if rows:
            self.id_range = (rows[0][4], rows[0][5])
        return [(r[0], float(r[1] or 0), r[2], bool(r[3])) for r in rows]

    def title_matches(self, run: Run, tokens, f: Filters, n: int, found: list, count: int) -> list:
        """The newest ``n`` title matches older than the newest matches ``found`` (flagged already).

        With ``n`` title matches among ``found`` there is nothing older to add. Otherwise the two
        ways to find the rest are priced from what ``found`` showed: walking the primary key down
        (the planner's choice) reads about ``missing × ids per title match`` rows; the GIN bitmap of
        ``title_vector`` reads every title match (``count × share of titles``). When the bitmap is
        cheaper, ``item_id + 0`` keeps the planner from walking.
        """
        known = sum(1 for r in found if r[3])
        missing = n - known
        if missing <= 0:
            return []
        ids = [r[0] for r in found]
        oldest_id = min(ids)
        walk = missing * (max(ids) - oldest_id + 1) / known if known else float("inf")
        bitmap = count * known / len(found)
        order = "e.item_id + 0" if bitmap < walk else "e.item_id"
        cond, params = where(f, fence=True)
        tsq, tsq_params = self.tsquery(tokens, "all")
        return [(r[0], r[1]) for r in run(
            f"SELECT e.item_id, e.published_on FROM catalog_searchentry e WHERE e.title_vector @@ {tsq} AND {cond} "
            f"AND e.item_id < %s ORDER BY {order} DESC LIMIT %s", [*tsq_params, *params, oldest_id, missing])]

    def estimate(self, run: Run, tokens, f: Filters, mode: str, oldest_id: int, found: int) -> int:
        """Without filters: ``found`` matches among the entries from ``oldest_id`` on, scaled up to all
        of them by id (the entries' ids are dense). With filters: the planner's estimate of the
        matches, which ``newest`` asked for (``EXPLAIN``, no rows read)."""
        if _unfiltered(f) and self.id_range:
            low, high = self.id_range
            return round(found * (high - low + 1) / (high - oldest_id + 1)) if high >= oldest_id else found
        return round(self.expected or found)

    @staticmethod
    def _planned_rows(run: Run, sql: str, params: list) -> float:
        plan = run("EXPLAIN (FORMAT JSON) " + sql, params)[0][0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return float(plan[0]["Plan"]["Plan Rows"])


    def reading_newest(self, run: Run, key: str, f: Filters, n: int, initials: bool = True) -> list:
        cond, params = where(f, fence=True)
        likes, likes_params = _reading_likes(like_pattern(key), initials)
        return [tuple(r) for r in run(
            "SELECT e.item_id, e.published_on, e.title_pinyin, e.title_initials, e.title FROM catalog_searchentry e "
            f"WHERE {likes} AND {cond} ORDER BY e.item_id DESC LIMIT %s", [*likes_params, *params, n])]

    def reading_estimate(self, run: Run, key: str, f: Filters, oldest_id: int, found: int, initials: bool = True) -> int:
        cond, params = where(f, fence=True)
        likes, likes_params = _reading_likes(like_pattern(key), initials)
        return round(self._planned_rows(
            run, f"SELECT 1 FROM catalog_searchentry e WHERE {likes} AND {cond}", [*likes_params, *params]))


def _reading_likes(pattern: str, initials: bool) -> tuple[str, list]:
    """The LIKE of a reading key on the title's pinyin, and on its initials unless ``initials`` is
    off (PostgreSQL reads ``ESCAPE '\\'`` as its default and still uses the trigram indexes)."""
    if not initials:
        return "e.title_pinyin LIKE %s ESCAPE '\\'", [pattern]
    return "(e.title_pinyin LIKE %s ESCAPE '\\' OR e.title_initials LIKE %s ESCAPE '\\')", [pattern, pattern]


def token_share(frequencies: dict[str, float], token) -> float:
    """The share of entries holding ``token``; a synonym group: the sum over its alternatives of
    each one's rarest word."""
    if isinstance(token, str):
        return frequencies.get(token, 0.0)
    return min(1.0, sum(min((frequencies.get(x, 0.0) for x in alt), default=0.0) for alt in token))


def flat_tokens(tokens) -> list[str]:
    """Every plain token in ``tokens`` (synonym groups opened), for highlighting."""
    out: list[str] = []
    for t in tokens:
        out += [t] if isinstance(t, str) else [x for alt in t for x in alt]
    return out


_STATISTICS: dict = {"at": -1e9}
STATISTICS_SECONDS = 300


def _statistics(run: Run) -> tuple[float, dict[str, float]]:
    """The index's row count and its most common words with the share of entries holding each
    (``pg_stats``, kept by ANALYZE/autovacuum), cached for a few minutes per process. A word
    missing from the list is rarer than every word in it."""
    import time

    now = time.monotonic()
    if now - _STATISTICS["at"] > STATISTICS_SECONDS:
        rows = run("SELECT greatest(c.reltuples, 1), s.most_common_elems::text::text[], s.most_common_elem_freqs "
                   "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname "
                   "AND s.attname = 'search_vector' WHERE c.oid = to_regclass('catalog_searchentry')", [])
        entries, elems, freqs = rows[0] if rows else (1.0, None, None)
        _STATISTICS.update(at=now, entries=float(entries),
                           frequencies=dict(zip(elems or [], [float(x) for x in (freqs or [])])))
    return _STATISTICS["entries"], _STATISTICS["frequencies"]


#: the shortest word PostgreSQL's trigram index on 名称 (migration catalog 0006) can look up
TRIGRAM_MIN_CHARS = 3


def title_column(word: str, vendor: str) -> str:
    """The title expression for one word's LIKE: on PostgreSQL a word shorter than a trigram is
    written so the planner cannot choose the trigram index (a whole-index read, slower than a scan)."""
    if vendor == "postgresql" and len(word) < TRIGRAM_MIN_CHARS:
        return "(i.title || '')"
    return "i.title"


def substring(run: Run, words: list[str], f: Filters, limit: int, offset: int, vendor: str = "") -> Result:
    """The fallback for single characters and unknown words: each word in the title, newest first.

    SQLite finds the words of three or more characters through the trigram index of the titles
    (``catalog_searchreading``) and scans the titles copied into the narrow ``catalog_searchentry``
    for the rest; PostgreSQL reads the items themselves (there the entry rows are the wider ones,
    holding the vectors), through the trigram index on 名称 for words of three or more characters.
    """
    indexed = [w for w in words if len(w) >= TRIGRAM_MIN_CHARS] if vendor == "sqlite" else []
    if vendor == "sqlite":
        cond, params = where(f, "i", exact=False, scan=True)
        table, key = "catalog_searchentry i", "i.item_id"
        if indexed:
            table = "catalog_searchreading r CROSS JOIN catalog_searchentry i ON i.item_id = r.rowid"
            match = " AND ".join('title : "' + w.replace('"', '""') + '"' for w in indexed)
            cond, params = f"catalog_searchreading MATCH %s AND {cond}", [match, *params]
    else:
        cond, params = where_item(f)
        table, key = "catalog_item i", "i.id"
    scanned = [w for w in words if w not in indexed]
    likes = "".join(f" AND {title_column(w, vendor)} LIKE %s ESCAPE '\\'" for w in scanned)
    patterns = [like_pattern(w) for w in scanned]
    base = f"FROM {table} WHERE {cond}{likes}"
    count = run(f"SELECT COUNT(*) FROM (SELECT 1 {base} LIMIT {SUBSTRING_CAP + 1}) AS capped",
                [*params, *patterns])[0][0]
    rows = []
    if count and offset < SUBSTRING_CAP:
        rows = run(f"SELECT {key} {base} ORDER BY i.published_on DESC, {key} DESC LIMIT %s OFFSET %s",
                   [*params, *patterns, min(limit, SUBSTRING_CAP - offset), offset])
    shown = min(count, SUBSTRING_CAP)
    return Result([(r[0], 0.0) for r in rows], shown, count <= SUBSTRING_CAP, shown)


def runner(cursor) -> Run:
    """A :data:`Run` over a DB-API cursor with ``%s`` placeholders (Django's cursors)."""
    def run(sql: str, params: list) -> list:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description is not None else []
    return run


def backend_for(vendor: str):
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"全文检索不支持数据库 {vendor}")
