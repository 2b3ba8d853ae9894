"""The two full-text backends behind one interface, as SQL text shared with ``bench/search.py``.

* SQLite: FTS5 table ``catalog_search_fts`` (external content = ``catalog_searchentry``, kept in
  step by triggers), ranked by ``bm25`` with the title column weighted 5:1 over the body.
* PostgreSQL: generated ``tsvector`` column ``catalog_searchentry.search_vector``
  (``setweight`` title A, body B over ``to_tsvector('simple', …)`` of the pre-segmented tokens)
  with a GIN index, ranked by ``ts_rank``.

Both rank by relevance first and by 发布日期 (newest first) when relevance is equal. Every query
also requires the item to be published with a 发布日期 that has come: the index only holds
published items, and the join checks again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

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

TITLE_WEIGHT_SQLITE = 5.0
SUBSTRING_CAP = 500  # the substring fallback looks at no more than this many matching titles


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


def where(f: Filters, alias: str = "i") -> tuple[str, list]:
    sql = [f"{alias}.status = 'published'", f"{alias}.published_on <= %s"]
    params: list = [f.today]
    if f.agency_ids is not None:
        sql.append(f"{alias}.agency_id IN ({', '.join(['%s'] * len(f.agency_ids)) or 'NULL'})")
        params += f.agency_ids
    if f.item:
        sql.append(f"({alias}.statutory_item = %s OR {alias}.extra_item = %s)")
        params += [f.item, f.item]
    if f.topic_ids is not None:
        sql.append(f"{alias}.topic_id IN ({', '.join(['%s'] * len(f.topic_ids)) or 'NULL'})")
        params += f.topic_ids
    if f.year:
        sql.append(f"{alias}.published_on >= %s AND {alias}.published_on < %s")
        params += [datetime.date(f.year, 1, 1), datetime.date(f.year + 1, 1, 1)]
    if f.validity:
        sql.append(f"{alias}.validity = %s")
        params.append(f.validity)
    if f.published_after:
        sql.append(f"{alias}.published_on >= %s")
        params.append(f.published_after)
    if f.item_ids is not None:
        sql.append(f"{alias}.id IN ({', '.join(['%s'] * len(f.item_ids)) or 'NULL'})")
        params += f.item_ids
    for text in f.exact:
        pattern = like_pattern(text)
        sql.append(f"({alias}.title LIKE %s ESCAPE '\\' OR {alias}.body_text LIKE %s ESCAPE '\\')")
        params += [pattern, pattern]
    return " AND ".join(sql), params


@dataclass(frozen=True)
class Query:
    sql: str
    params: list
    count_sql: str
    count_params: list


class SqliteBackend:
    vendor = "sqlite"

    @staticmethod
    def match_expression(tokens: list[str], mode: str) -> str:
        quoted = ['"' + t.replace('"', '""') + '"' for t in tokens]
        return (" OR " if mode == "any" else " AND ").join(quoted)

    def fulltext(self, tokens: list[str], f: Filters, mode: str, limit: int, offset: int) -> Query:
        cond, params = where(f)
        base = ("FROM catalog_search_fts JOIN catalog_item i ON i.id = catalog_search_fts.rowid "
                f"WHERE catalog_search_fts MATCH %s AND {cond}")
        match = self.match_expression(tokens, mode)
        return Query(
            sql=(f"SELECT i.id, -bm25(catalog_search_fts, {TITLE_WEIGHT_SQLITE}, 1.0) AS score {base} "
                 "ORDER BY score DESC, i.published_on DESC, i.id DESC LIMIT %s OFFSET %s"),
            params=[match, *params, limit, offset],
            count_sql=f"SELECT COUNT(*) {base}",
            count_params=[match, *params],
        )


class PostgresBackend:
    vendor = "postgresql"

    @staticmethod
    def tsquery(tokens: list[str], mode: str) -> tuple[str, list]:
        joiner = " || " if mode == "any" else " && "
        return "(" + joiner.join(["plainto_tsquery('simple', %s)"] * len(tokens)) + ")", list(tokens)

    def fulltext(self, tokens: list[str], f: Filters, mode: str, limit: int, offset: int) -> Query:
        cond, params = where(f)
        tsq, tsq_params = self.tsquery(tokens, mode)
        base = ("FROM catalog_searchentry e JOIN catalog_item i ON i.id = e.item_id "
                f"WHERE e.search_vector @@ {tsq} AND {cond}")
        return Query(
            sql=(f"SELECT i.id, ts_rank(e.search_vector, {tsq}) AS score {base} "
                 "ORDER BY score DESC, i.published_on DESC, i.id DESC LIMIT %s OFFSET %s"),
            params=[*tsq_params, *tsq_params, *params, limit, offset],
            count_sql=f"SELECT COUNT(*) {base}",
            count_params=[*tsq_params, *params],
        )


def substring(words: list[str], f: Filters, limit: int, offset: int) -> Query:
    """The fallback for single characters and unknown words: each word in the title, newest first."""
    cond, params = where(f)
    likes = " AND ".join(["i.title LIKE %s ESCAPE '\\'"] * len(words))
    patterns = [like_pattern(w) for w in words]
    base = f"FROM catalog_item i WHERE {cond} AND {likes}"
    return Query(
        sql=f"SELECT i.id, 0.0 AS score {base} ORDER BY i.published_on DESC, i.id DESC LIMIT %s OFFSET %s",
        params=[*params, *patterns, min(limit, max(0, SUBSTRING_CAP - offset)), offset],
        count_sql=f"SELECT COUNT(*) FROM (SELECT 1 {base} LIMIT {SUBSTRING_CAP}) AS capped",
        count_params=[*params, *patterns],
    )


def backend_for(vendor: str):
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"全文检索不支持数据库 {vendor}")
