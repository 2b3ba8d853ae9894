"""Search benchmark: full-text (SQLite FTS5, PostgreSQL tsvector + GIN) against plain LIKE '%…%'.

Generates N synthetic Chinese catalogue documents (default 100,000), segments them with the same
code the platform uses (``gongkai.catalog.search.segment``), loads them into a fresh SQLite file
and a fresh PostgreSQL database with the same schema and DDL as migration 0004 (the narrow
``catalog_searchentry`` + FTS5 / tsvector), and times queries through the very function the
platform runs (``gongkai.catalog.search.backends.fulltext``: the count — exact up to
``COUNT_LIMIT``, estimated above — and the first page of 20, ranked). The LIKE baseline runs over
the same rows, with the same filters: an exact count and the first page of 20, newest first.

Two query sets: the fixed set (``QUERIES``, unchanged since the first measurement, so figures
compare across versions; its p95 is the one in the issue) and a realistic set (``REALISTIC``:
very common words, rare words, several words, filters by agency, year and 第二十条 item).

    python bench/search.py                       # 100,000 documents, SQLite and PostgreSQL
    python bench/search.py --n 1000000 --rounds 3 --like-rounds 1   # one million (about an hour)
    python bench/search.py --no-postgres         # SQLite only
    python bench/search.py --pg postgres://postgres@127.0.0.1:5432/gk_bench

The PostgreSQL database named in --pg is created if missing and its bench tables are replaced.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.catalog.search import backends, find_forgiving  # noqa: E402
from gongkai.catalog.search.forgiving import (Vocabulary, fuzzy_syllable, pinyin_of, readings,  # noqa: E402
                                              syllables, title_words)
from gongkai.catalog.search.backends import (POSTGRES_INDEX_DDL, POSTGRES_READING_DDL,  # noqa: E402
                                             POSTGRES_TITLE_TRIGRAM_DDL, SQLITE_READING_DDL,
                                             POSTGRES_TRIGRAM_EXTENSION, SQLITE_INDEX_DDL, TITLE_VECTOR_SQL,
                                             SEARCH_VECTOR_SQL, Filters, PostgresBackend, SqliteBackend,
                                             like_pattern, where_item)
from gongkai.catalog.search.reading import title_reading  # noqa: E402
from gongkai.catalog.search.segment import index_text, query_words  # noqa: E402

TERMS = ("不动产登记", "宅基地", "增减挂钩", "国土空间规划")
QUERIES = [
    "不动产登记", "宅基地", "改造", "住房", "土地征收 补偿", "老旧小区改造", "矿业权 出让", "国土空间规划",
    "行政处罚决定书", "耕地保护", "公共租赁住房 申请", "防汛 应急预案", "义务教育 招生", "财政预算 公开",
]
#: (query, filters): agency ids are 1…4 (a quarter of the items each), 第二十条 items 01…15
REALISTIC = [
    ("住房", {}), ("工作", {}), ("通知", {}), ("住房", {"agency_ids": [2]}), ("改造", {"agency_ids": [3]}),
    ("宅基地", {"year": 2024}), ("不动产登记", {"item": "03"}), ("烈士褒扬", {}), ("暴雨预警", {"agency_ids": [1]}),
    ("城乡低保 申请", {}), ("住房公积金 提取", {}), ("耕地 保护 补偿", {}), ("县 住房", {}), ("政府 信息 公开 工作", {}),
]
#: queries as new users typed them (issue 18): a typo, pinyin, initials, phrases, abbreviations
TYPED = ["不动产登纪", "budongchan", "bu dong chan", "bdcdj", "年度报告", "政府信息公开", "低保", "公租房", "zhaijidi",
         "宅基低", "老旧小区改照", "gonggongzulinzhufang", "义务教育招生", "防汛应急", "采矿权出让"]
TODAY = datetime.date(2026, 6, 30)

PLACES = ["威远镇", "丹麻镇", "高寨镇", "南门峡镇", "加定镇", "五十镇", "塘川镇", "五峰镇", "台子乡", "西山乡",
          "红崖子沟乡", "巴扎藏族乡", "哈拉直沟乡", "松多藏族乡", "东山乡", "东和乡", "东沟乡", "林川乡", "蔡家堡乡"]
SUBJECTS = [
    ("不动产登记", ["不动产登记", "不动产权证书", "登记资料查询", "首次登记", "转移登记", "抵押登记"]),
    ("宅基地", ["农村宅基地", "宅基地审批", "宅基地使用权", "农村村民建房", "一户一宅"]),
    ("土地征收", ["土地征收", "征地补偿安置", "征收土地预公告", "征地听证", "补偿标准"]),
    ("国土空间规划", ["国土空间规划", "村庄规划", "三区三线", "用途管制", "详细规划"]),
    ("矿业权", ["矿业权出让", "采矿权", "探矿权", "矿产资源开发", "矿山地质环境"]),
    ("执法", ["行政处罚决定书", "违法占地", "责令限期拆除", "土地执法", "卫片执法"]),
    ("住房", ["公共租赁住房", "保障性住房", "老旧小区改造", "棚户区改造", "住房公积金"]),
    ("耕地", ["耕地保护", "永久基本农田", "高标准农田", "耕地占补平衡", "增减挂钩"]),
    ("财政", ["财政预算", "部门决算", "三公经费", "政府采购", "转移支付"]),
    ("教育", ["义务教育", "招生入学", "学生资助", "校舍安全", "教师招聘"]),
    ("应急", ["防汛", "应急预案", "地质灾害", "森林防火", "安全生产"]),
    ("民政", ["城乡低保", "特困人员救助", "临时救助", "养老服务", "残疾人补贴"]),
    ("交通", ["农村公路", "客运班线", "道路养护", "交通运输执法", "公交线路"]),
    ("水利", ["河长制", "农田水利", "水资源论证", "取水许可", "饮水安全"]),
    ("林草", ["林地审批", "林木采伐许可", "草原生态补奖", "天然林保护", "国土绿化"]),
    ("卫生", ["基本公共卫生服务", "家庭医生签约", "医疗机构执业", "疫苗接种", "健康扶贫"]),
    ("医保", ["城乡居民医保", "医保报销", "异地就医", "大病保险", "医疗救助"]),
    ("市场监管", ["食品安全抽检", "特种设备", "价格监督检查", "个体工商户登记", "计量检定"]),
    ("生态环境", ["环境影响评价", "排污许可", "大气污染防治", "饮用水水源地", "环保督察整改"]),
    ("文旅", ["文物保护单位", "旅游景区", "非物质文化遗产", "公共文化服务", "演出市场"]),
    ("农业", ["农作物种植", "动物防疫", "农机购置补贴", "耕地地力保护补贴", "农产品质量安全"]),
    ("人社", ["就业创业", "城乡居民养老保险", "工伤认定", "劳动保障监察", "职业技能培训"]),
    ("统计", ["统计公报", "人口普查", "经济普查", "农业普查", "统计调查"]),
    ("审计", ["审计报告", "审计整改", "经济责任审计", "专项审计调查", "审计结果公告"]),
    ("公安", ["户籍办理", "交通违法处理", "治安管理", "出入境证件", "居住证"]),
    ("司法", ["法律援助", "人民调解", "社区矫正", "公共法律服务", "普法宣传"]),
    ("乡村振兴", ["乡村振兴", "防止返贫监测", "衔接资金", "驻村工作队", "产业帮扶"]),
    ("营商环境", ["营商环境", "一网通办", "证明事项告知承诺", "政务服务事项", "企业开办"]),
    ("退役军人", ["优抚对象", "退役士兵安置", "烈士褒扬", "双拥工作", "军休服务"]),
    ("消防", ["消防安全检查", "火灾隐患", "消防救援", "消防设计审查", "高层建筑消防"]),
    ("城管", ["市容环境", "户外广告", "占道经营", "生活垃圾分类", "城市照明"]),
    ("工信", ["中小企业", "工业园区", "节能监察", "信息化建设", "电力保障"]),
    ("商务", ["消费券", "商贸流通", "电子商务进农村", "外贸进出口", "成品油经营"]),
    ("粮食", ["粮食收购", "储备粮", "粮食安全", "粮油市场", "仓储设施"]),
    ("气象", ["气象灾害预警", "人工影响天气", "雷电防护", "气象服务", "暴雨预警"]),
    ("民族宗教", ["民族团结进步", "宗教活动场所", "少数民族发展", "民族政策", "宗教事务管理"]),
    ("体育", ["全民健身", "体育赛事", "体育场馆", "青少年体育", "体育彩票公益金"]),
    ("科技", ["科技特派员", "高新技术企业", "科技成果转化", "科普活动", "科研项目"]),
    ("档案", ["档案开放", "档案查阅", "档案移交", "数字档案", "档案安全"]),
    ("信访", ["信访事项", "来信来访", "信访积案", "网上信访", "领导接访"]),
]
TITLE_FORMS = ["关于{p}{s}的通知", "{p}{s}工作方案", "关于公布{y}年{s}结果的公告", "{s}实施细则", "{p}{s}情况公示",
               "关于进一步做好{s}工作的意见", "{y}年度{s}工作总结", "{s}政策解读", "{p}{s}信息公开",
               "关于{p}{s}有关事项的批复"]
SENTENCES = [
    "为进一步规范{s}工作，根据有关法律法规，结合本县实际，制定本方案。",
    "{p}{s}涉及{n}户群众，相关部门已完成现场核查。",
    "各乡镇人民政府要高度重视{s}，明确责任分工，确保按期完成。",
    "{s}的申请材料包括申请书、身份证明和权属来源证明等。",
    "对群众反映的{s}问题，县{a}局已组织专人调查处理。",
    "本通知自印发之日起施行，由县{a}局负责解释。",
    "{y}年全县共办理{s}{n}件，平均办理时限缩短至{d}个工作日。",
    "公示期间如有异议，请于{d}个工作日内向{p}人民政府书面反映。",
    "{p}严格落实{s}的各项要求，加强监督检查，及时公开办理结果。",
    "有关{s}的具体事宜，请咨询政务服务中心窗口。",
]
AGENCIES = ["自然资源", "财政", "教育", "民政", "住房和城乡建设", "应急管理"]


def make_document(i: int, rng: random.Random) -> tuple[str, str, datetime.date]:
    key, words = rng.choice(SUBJECTS)
    s = rng.choice(words)
    p = rng.choice(PLACES)
    y = rng.choice(range(2019, 2027))
    title = rng.choice(TITLE_FORMS).format(p=p, s=s, y=y)
    body = []
    for _ in range(rng.randint(4, 9)):
        other = rng.choice(rng.choice(SUBJECTS)[1]) if rng.random() < 0.15 else s
        body.append(rng.choice(SENTENCES).format(p=rng.choice(PLACES), s=other, y=y, n=rng.randint(3, 900),
                                                 d=rng.randint(3, 20), a=rng.choice(AGENCIES)))
    published = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 2700))
    return title, "".join(body), published


def _segment(args):
    start, stop, seed = args
    rng = random.Random(seed + start)
    out = []
    for i in range(start, stop):
        title, body, published = make_document(i, rng)
        out.append((i + 1, title, body, published, index_text(title, TERMS), index_text(body, TERMS),
                    *title_reading(title)))
    return out


def generate(n: int, seed: int, workers: int):
    chunk = 5000
    jobs = [(s, min(n, s + chunk), seed) for s in range(0, n, chunk)]
    with multiprocessing.Pool(workers) as pool:
        for part in pool.imap(_segment, jobs):
            yield from part


ITEM_COLUMNS = ("id", "agency_id", "title", "body_text", "status", "published_on", "statutory_item", "extra_item",
                "topic_id", "validity")


def item_row(doc):
    i, title, body, published = doc[:4]
    return (i, 1 + i % 4, title, body, "published" if i % 50 else "withdrawn", published, f"{1 + i % 15:02d}", "",
            1 + i % 20, "")


# ---- the forgiving query set ------------------------------------------------------------------

def demo_documents() -> list[tuple[str, str, str]]:
    """(title, keywords, body text) of every item ``gongkai demo`` builds (gongkai/catalog/demo.py)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from gongkai.catalog import demo

    rng = random.Random(20260101)
    out = []
    for _code, _officer, _head, build in demo.PLAN:
        for spec in build(rng, range(2023, TODAY.year + 1)):
            body = re.sub(r"<[^>]+>", "", spec.get("body", ""))
            out.append((spec["title"], spec.get("keywords", ""), "\n".join([spec.get("summary", ""), body])))
    return list({d[0]: d for d in out}.values())


def overlay_demo(docs: list, demo_docs) -> None:
    """Put the demo items into the generated corpus, spread over it (published rows only)."""
    step = max(1, len(docs) // (len(demo_docs) + 1))
    for k, (title, keywords, body) in enumerate(demo_docs):
        at = min(len(docs) - 1, (k + 1) * step)
        if docs[at][0] % 50 == 0:
            at -= 1
        i, _, _, published = docs[at][:4]
        docs[at] = (i, title, body, published, index_text(" ".join([title, keywords]), TERMS), index_text(body, TERMS),
                    *title_reading(title))


def build_vocabulary(titles) -> Vocabulary:
    """The vocabulary ``SearchWord`` holds for these titles (``index_item`` → ``remember_words``)."""
    seen: dict[str, int] = {}
    for t in titles:
        for w in title_words(t, TERMS):
            seen[w] = seen.get(w, 0) + 1
    for members in SYNONYMS:  # an added synonym group's words join the vocabulary
        for w in members:
            seen.setdefault(w, 1)
    vocab = Vocabulary(version=0)
    for w, n in seen.items():
        full, initials = pinyin_of(w)
        vocab.add(w, full, initials, n)
    return vocab


def common_characters() -> list[str]:
    """GB 2312 level 1 (the 3,755 most common characters, rows 16–55), the list typos come from."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
KIND_NAMES = {"wrong_char": "错一字", "homophone": "同音字", "pinyin_spaced": "拼音（有空格）", "pinyin": "拼音",
              "initials": "首字母"}
KINDS = ("wrong_char", "homophone", "pinyin_spaced", "pinyin", "initials")


def derive_queries(title: str, rng: random.Random, chars: list[str], by_reading: dict) -> dict[str, str]:
    """The queries someone looking for ``title`` might type: one character wrong (any common
    character), one homophone (a common character sharing a reading, else a similar one), the
    pinyin with spaces between syllables and without, the initials. Digits and Latin letters stay."""
    positions = [i for i, c in enumerate(title) if _HAN_CHAR.match(c)]
    out = {}
    i = rng.choice(positions)
    out["wrong_char"] = title[:i] + rng.choice([c for c in chars if c != title[i]]) + title[i + 1:]
    for i in rng.sample(positions, len(positions)):
        same = sorted({c for r in readings(title[i]) for c in by_reading["same"].get(r, ()) if c != title[i]})
        similar = sorted({c for r in readings(title[i]) for c in by_reading["fuzzy"].get(fuzzy_syllable(r), ())
                          if c != title[i]})
        if same or similar:
            out["homophone"] = title[:i] + rng.choice(same or similar) + title[i + 1:]
            break
    pieces = []  # (syllable or a run of digits / Latin letters as typed, is a syllable)
    for run in re.findall(r"[\u4e00-\u9fff]+|[0-9A-Za-z]+", title):
        pieces += [(x, True) for x in syllables(run)] if _HAN_CHAR.match(run) else [(run.lower(), False)]
    out["pinyin_spaced"] = " ".join(p for p, _ in pieces)
    out["pinyin"] = "".join(p for p, _ in pieces)
    out["initials"] = "".join(p[0] if is_syllable else p for p, is_syllable in pieces)
    return out


def reading_tables(chars: list[str]) -> dict:
    same: dict[str, list[str]] = {}
    fuzzy: dict[str, list[str]] = {}
    for c in chars:
        for r in readings(c):
            same.setdefault(r, []).append(c)
            fuzzy.setdefault(fuzzy_syllable(r), []).append(c)
    return {"same": same, "fuzzy": fuzzy}


def forgiving_set(titles_demo: list[str], titles_generated: list[str], size: int, seed: int) -> list[dict]:
    """``size`` titles, half from the demo and half from the generated corpus, each with its
    derived queries; every other title is in the held-out half (``held_out``)."""
    rng = random.Random(seed)
    chars = common_characters()
    tables = reading_tables(chars)
    picked = rng.sample(sorted(set(titles_demo)), min(size // 2, len(set(titles_demo))))
    picked += rng.sample(sorted(set(titles_generated) - set(picked)), size - len(picked))
    out = []
    for k, title in enumerate(picked):
        for kind, q in derive_queries(title, rng, chars, tables).items():
            out.append({"title": title, "kind": kind, "query": q, "held_out": k % 2 == 1,
                        "source": "demo" if title in titles_demo else "generated"})
    return out


def evaluate_forgiving(run, backend, vocab, cases, title_of) -> dict:
    """Share of queries whose intended title is among the first 10 results, per kind; timings."""
    per_kind: dict[str, list[int]] = {}
    per_half: dict[str, list[int]] = {}
    samples, misses, empty = [], [], 0
    for case in cases:
        t0 = time.perf_counter()
        found = find_forgiving(run, backend, case["query"], make_filters({}), "all", 10, 0, dictionary=TERMS,
                               groups=synonym_table(), vocab=vocab)
        samples.append((time.perf_counter() - t0) * 1000)
        ids = [pk for pk, _ in found.result.rows]
        hit = int(case["title"] in title_of(ids))
        empty += not found.result.count
        per_kind.setdefault(case["kind"], []).append(hit)
        per_half.setdefault("held_out" if case["held_out"] else "first_half", []).append(hit)
        if not hit:
            misses.append(f"{case['kind']}: {case['query']} → {found.corrected or '（未纠正）'}（{found.result.count} 条）")
    hits = [h for v in per_kind.values() for h in v]
    return {"top10": round(100 * sum(hits) / len(hits), 1),
            "per_kind": {k: round(100 * sum(v) / len(v), 1) for k, v in per_kind.items()},
            "per_half": {k: round(100 * sum(v) / len(v), 1) for k, v in per_half.items()},
            "queries": len(hits), "empty": empty,
            "ms": {"p50": round(pct(samples, 50), 2), "p95": round(pct(samples, 95), 2)},
            "misses": misses}


# ---- suggestions ---------------------------------------------------------------------------------

def measure_suggestions(vocab: Vocabulary, titles: list[str], seed: int, rounds: int) -> dict:
    """``suggest.suggestions`` (what ``GET /api/v1/search/suggest`` returns) over a migrated
    database (``GONGKAI_DATABASE_URL``, default a fresh SQLite file) holding ``vocab`` as
    ``SearchWord`` rows and the titles' words as last month's popular queries; typed prefixes: the
    first 1–4 characters of a title, the first 2–6 letters of its pinyin and of its initials."""
    from django.core.management import call_command
    from django.db import connection

    from gongkai.catalog.models import SearchQueryCount, SearchWord
    from gongkai.catalog.search.suggest import suggestions

    call_command("migrate", verbosity=0)
    SearchWord.objects.all().delete()
    SearchQueryCount.objects.all().delete()
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, pinyin=pinyin_of(w)[0][:180], initials=pinyin_of(w)[1][:30], seen=n)
         for w, n in vocab.seen.items() if len(w) <= 30], batch_size=2000)
    rng = random.Random(seed)
    month = TODAY.replace(day=1)
    popular = {w: rng.randint(1, 50) for w in list(vocab.seen)[:2000]}
    SearchQueryCount.objects.bulk_create([SearchQueryCount(month=month, agency_code="", query=q, searches=n,
                                                           empty=0) for q, n in popular.items()], batch_size=2000)
    typed = []
    for t in rng.sample(titles, min(200, len(titles))):
        han = "".join(_HAN_CHAR.findall(t))
        full, initials = pinyin_of(han)
        typed += [han[:rng.randint(1, 4)], full[:rng.randint(2, 6)], initials[:rng.randint(2, 6)]]
    samples, empty = [], 0
    for q in typed:  # warm-up
        suggestions(q, today=TODAY)
    for _ in range(rounds):
        for q in typed:
            t0 = time.perf_counter()
            got = suggestions(q, today=TODAY)
            samples.append((time.perf_counter() - t0) * 1000)
            empty += not got
    return {"typed": len(typed), "words": SearchWord.objects.count(), "vendor": connection.vendor,
            "ms": {"p50": round(pct(samples, 50), 2), "p95": round(pct(samples, 95), 2)},
            "empty_share": round(100 * empty / len(samples), 1)}


# ---- SQLite ------------------------------------------------------------------------------------

ENTRY_COLUMNS = ("item_id", "agency_id", "topic_id", "published_on", "statutory_item", "extra_item", "validity",
                 "indexed_at", "title", "title_pinyin", "title_initials")
#: ``SearchEntry`` as migration 0004 creates it (the vector columns / FTS5 table come from backends)
ENTRY_TABLE = """CREATE TABLE catalog_searchentry (item_id bigint NOT NULL PRIMARY KEY, agency_id bigint NOT NULL,
    topic_id bigint NOT NULL, published_on date NOT NULL, statutory_item varchar(2) NOT NULL,
    extra_item varchar(30) NOT NULL, validity varchar(10) NOT NULL, indexed_at timestamp NOT NULL,
    title varchar(300) NOT NULL, title_pinyin varchar(1200) NOT NULL, title_initials varchar(300) NOT NULL)"""
ENTRY_INDEXES = ["CREATE INDEX catalog_search_agency ON catalog_searchentry (agency_id, item_id)",
                 "CREATE INDEX catalog_search_published ON catalog_searchentry (published_on)"]
NOW = datetime.datetime(2026, 6, 30, 12, 0)


def entry_row(doc):
    row = item_row(doc)
    return (row[0], row[1], row[8], row[5], row[6], row[7], row[9], NOW, row[2], doc[6], doc[7])


def build_sqlite(path: Path, docs) -> tuple[float, float]:
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("""CREATE TABLE catalog_item (id integer PRIMARY KEY, agency_id bigint, title varchar(300),
        body_text text, status varchar(12), published_on date, statutory_item varchar(2), extra_item varchar(30),
        topic_id bigint, validity varchar(10))""")
    db.execute("CREATE INDEX catalog_item_public ON catalog_item (status, published_on)")
    db.execute(ENTRY_TABLE.replace("item_id bigint NOT NULL PRIMARY KEY", "item_id integer NOT NULL PRIMARY KEY"))
    t0 = time.perf_counter()
    with db:
        db.executemany("INSERT INTO catalog_item VALUES (?,?,?,?,?,?,?,?,?,?)",
                       ((*item_row(d)[:5], d[3].isoformat(), *item_row(d)[6:]) for d in docs))
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    with db:
        for sql in [*ENTRY_INDEXES, *SQLITE_INDEX_DDL, *SQLITE_READING_DDL]:
            db.execute(sql)
        published = [d for d in docs if d[0] % 50]  # only published rows are indexed
        db.executemany("INSERT INTO catalog_searchentry VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       ((*entry_row(d)[:3], d[3].isoformat(), *entry_row(d)[4:7], NOW.isoformat(" "), d[1], d[6], d[7])
                        for d in published))
        db.executemany("INSERT INTO catalog_searchindex (rowid, title, body) VALUES (?,?,?)",
                       ((d[0], d[4], d[5]) for d in published))
        db.execute("INSERT INTO catalog_searchindex(catalog_searchindex) VALUES ('optimize')")
    build = time.perf_counter() - t0
    db.execute("ANALYZE")
    db.close()
    return load, build


def _sqlite_exec(db, sql, params):
    sql = sql.replace("%s", "?")
    params = [p.isoformat() if isinstance(p, datetime.date) else p for p in params]
    return db.execute(sql, params).fetchall()


# ---- PostgreSQL --------------------------------------------------------------------------------

def pg_connect(url: str):
    import psycopg
    from urllib.parse import urlsplit

    name = urlsplit(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return psycopg.connect(url, autocommit=True)


def build_postgres(url: str, docs) -> tuple[float, float]:
    conn = pg_connect(url)
    conn.execute("DROP TABLE IF EXISTS catalog_searchentry, catalog_item")
    conn.execute("""CREATE TABLE catalog_item (id bigint PRIMARY KEY, agency_id bigint, title varchar(300),
        body_text text, status varchar(12), published_on date, statutory_item varchar(2), extra_item varchar(30),
        topic_id bigint, validity varchar(10))""")
    conn.execute("CREATE INDEX catalog_item_public ON catalog_item (status, published_on)")
    conn.execute(ENTRY_TABLE.replace("item_id bigint NOT NULL PRIMARY KEY",
                                     "item_id bigint NOT NULL PRIMARY KEY REFERENCES catalog_item(id)"))
    t0 = time.perf_counter()
    with conn.cursor().copy(f"COPY catalog_item ({', '.join(ITEM_COLUMNS)}) FROM STDIN") as copy:
        for d in docs:
            copy.write_row(item_row(d))
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    columns = [sql for sql in POSTGRES_INDEX_DDL if sql.startswith("ALTER")]
    indexes = [sql for sql in POSTGRES_INDEX_DDL if not sql.startswith("ALTER")]
    for sql in columns:
        conn.execute(sql)
    conn.execute("CREATE TEMP TABLE tokens (item_id bigint, title text, body text)")
    with conn.cursor().copy("COPY tokens (item_id, title, body) FROM STDIN") as copy:
        for d in docs:
            if d[0] % 50:  # only published rows are indexed
                copy.write_row((d[0], d[4], d[5]))
    with conn.cursor().copy(f"COPY catalog_searchentry ({', '.join(ENTRY_COLUMNS)}) FROM STDIN") as copy:
        for d in docs:
            if d[0] % 50:
                copy.write_row(entry_row(d))
    # the same expressions PostgresBackend.write uses, in one pass
    conn.execute(f"UPDATE catalog_searchentry e SET title_vector = {TITLE_VECTOR_SQL.format(title='t.title')}, "
                 f"search_vector = {SEARCH_VECTOR_SQL.format(title='t.title', body='t.body')} "
                 "FROM tokens t WHERE t.item_id = e.item_id")
    conn.execute("VACUUM FULL catalog_searchentry")  # the update left every row twice
    for sql in [*ENTRY_INDEXES, *indexes, POSTGRES_TRIGRAM_EXTENSION, POSTGRES_TITLE_TRIGRAM_DDL,
                *POSTGRES_READING_DDL]:
        conn.execute(sql)
    conn.execute("VACUUM ANALYZE catalog_searchentry")
    conn.execute("VACUUM ANALYZE catalog_item")
    build = time.perf_counter() - t0
    return conn, load, build


# ---- queries -------------------------------------------------------------------------------------

def make_filters(spec: dict) -> Filters:
    return Filters(today=TODAY, **spec)


#: the bench's synonym list (an agency's, as ``SearchSynonym`` rows would hold it)
SYNONYMS = [("低保", "最低生活保障", "城乡低保"), ("公租房", "公共租赁住房")]


def synonym_table() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for members in SYNONYMS:
        for m in members:
            groups.setdefault(m, [m])
            groups[m] += [x for x in members if x not in groups[m]]
    return {k: tuple(v) for k, v in groups.items()}


def fulltext_run(run, backend, q, spec, vocab):
    """What ``gongkai.catalog.search.search`` does for a query — synonyms, correction, pinyin all
    on — minus loading the 20 Item rows."""
    found = find_forgiving(run, backend, q, make_filters(spec), "all", 20, 0, dictionary=TERMS,
                           groups=synonym_table(), vocab=vocab)
    return found.result.count, found.result.exact


def like_run(run, q, spec):
    words = [w.text for w in query_words(q, TERMS)]
    cond, params = where_item(make_filters(spec))
    likes = " AND ".join(["(i.title LIKE %s OR i.body_text LIKE %s)"] * len(words))
    pats = [p for w in words for p in (like_pattern(w), like_pattern(w))]
    base = f"FROM catalog_item i WHERE {cond} AND {likes}"
    count = run(f"SELECT COUNT(*) {base}", [*params, *pats])[0][0]
    run(f"SELECT i.id {base} ORDER BY i.published_on DESC, i.id DESC LIMIT 20", [*params, *pats])
    return count, True


def time_queries(run, queries, rounds):
    samples, counts, per_query = [], {}, {}
    for q in queries:  # warm-up
        counts[label(q)] = run(q)
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            run(q)
            ms = (time.perf_counter() - t0) * 1000
            samples.append(ms)
            per_query.setdefault(label(q), []).append(ms)
    return samples, counts, {q: round(statistics.median(v), 1) for q, v in per_query.items()}


def label(q) -> str:
    text, spec = q
    return text + ("" if not spec else "（" + "，".join(f"{k}={v}" for k, v in spec.items()) + "）")


def pct(samples, p):
    if any(x != x for x in samples):  # not measured
        return float("nan")
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="文档数（默认 100000）")
    ap.add_argument("--rounds", type=int, default=5, help="每条查询计时的轮数")
    ap.add_argument("--like-rounds", type=int, default=3, help="LIKE 对照每条查询计时的轮数（一百万条时宜用 1）")
    ap.add_argument("--seed", type=int, default=20250301)
    ap.add_argument("--sqlite", default="/tmp/gk_bench.sqlite3")
    ap.add_argument("--pg", default=os.environ.get("GONGKAI_BENCH_PG", "postgres://postgres@127.0.0.1:5432/gk_bench"))
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--reuse", action="store_true", help="沿用上次生成的数据库，只计时（--n 须与上次相同）")
    ap.add_argument("--no-like", action="store_true", help="不计时 LIKE 对照（一百万条时 SQLite 的 LIKE 每条要数十秒）")
    ap.add_argument("--build-only", action="store_true", help="只生成数据库，不计时（之后用 --reuse 计时）")
    ap.add_argument("--count-limit", type=int, default=backends.COUNT_LIMIT, help="精确计数上限（试验用）")
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 1)))
    ap.add_argument("--titles", type=int, default=200, help="纠错查询集取多少个标题（一半演示数据，一半生成数据）")
    ap.add_argument("--no-suggest", action="store_true", help="不计时输入提示（suggest.py）")
    ap.add_argument("--suggest-db", default="sqlite:////tmp/gk_bench_suggest.sqlite3",
                    help="输入提示计时用的数据库（迁移后写入词表，其中的检索词表与检索统计会被替换）")
    ap.add_argument("--format", choices=["text", "json"], default="text")
    args = ap.parse_args(argv)
    if args.n < 100:
        ap.error("--n 至少为 100")

    backends.COUNT_LIMIT = args.count_limit
    os.environ["GONGKAI_DATABASE_URL"] = args.suggest_db  # never the platform's own database
    t0 = time.perf_counter()
    docs = [] if args.reuse else list(generate(args.n, args.seed, args.workers))
    demo_docs = demo_documents()
    if docs:
        overlay_demo(docs, demo_docs)
    demo_titles = [d[0] for d in demo_docs]
    segment_s = time.perf_counter() - t0
    report = {"n": args.n, "indexed": args.n - args.n // 50, "segment_seconds": round(segment_s, 1),
              "titles": args.titles, "queries": QUERIES, "realistic": [label(q) for q in REALISTIC],
              "rounds": args.rounds, "like_rounds": args.like_rounds,
              "count_limit": backends.COUNT_LIMIT, "load_before": os.getloadavg(), "backends": {}}

    if args.build_only:
        if not args.no_sqlite:
            load, build = build_sqlite(Path(args.sqlite), docs)
            print(f"sqlite: 导入 {load:.1f} 秒，建索引 {build:.1f} 秒", flush=True)
        if not args.no_postgres:
            conn, load, build = build_postgres(args.pg, docs)
            conn.close()
            print(f"postgresql: 导入 {load:.1f} 秒，建索引 {build:.1f} 秒", flush=True)
        print(f"分词 {segment_s:.1f} 秒", flush=True)
        return 0

    fixed = [(q, {}) for q in QUERIES]
    realistic = REALISTIC

    def measure(run, backend, like_run_):
        titles = [t for (t,) in run("SELECT title FROM catalog_item WHERE status = 'published'", [])]
        vocab = build_vocabulary(titles)
        out = {"vocabulary": len(vocab.seen)}
        typed = [(q, {}) for q in TYPED]
        for name, queries in (("fixed", fixed), ("realistic", realistic), ("typed", typed)):
            fts, fts_counts, fts_each = time_queries(lambda q: fulltext_run(run, backend, *q, vocab), queries,
                                                     args.rounds)
            if args.no_like:
                like, like_counts, like_each = [float("nan")] * 2, {label(q): (None, True) for q in queries}, \
                    {label(q): None for q in queries}
            else:
                like, like_counts, like_each = time_queries(like_run_, queries, max(1, args.like_rounds))
            out[name] = _summary(fts, like, fts_counts, like_counts, fts_each, like_each)
        published = set(titles)
        cases = forgiving_set([t for t in demo_titles if t in published], [t for t in titles if t not in demo_titles],
                              args.titles, args.seed)

        def title_of(ids):
            if not ids:
                return set()
            marks = ",".join(["%s"] * len(ids))
            return {t for (t,) in run(f"SELECT title FROM catalog_item WHERE id IN ({marks})", ids)}

        out["forgiving"] = evaluate_forgiving(run, backend, vocab, cases, title_of)
        if not report.get("suggest") and not args.no_suggest:
            report["suggest"] = measure_suggestions(vocab, titles, args.seed, args.rounds)
        empty = sum(1 for name in ("realistic", "typed") for v in out[name]["queries"].values()
                    if not v["fulltext_count"]) + out["forgiving"]["empty"]
        total = len(realistic) + len(typed) + out["forgiving"]["queries"]
        out["zero_result_rate"] = round(100 * empty / total, 1)
        return out

    if not args.no_sqlite:
        load, build = (0.0, 0.0) if args.reuse else build_sqlite(Path(args.sqlite), docs)
        db = sqlite3.connect(args.sqlite)
        sq = SqliteBackend()

        def sqlite_run(sql, params):
            return _sqlite_exec(db, sql, params)

        report["backends"]["sqlite"] = {"load_seconds": round(load, 1), "index_build_seconds": round(build, 1),
                                        **measure(sqlite_run, sq, lambda q: like_run(sqlite_run, *q))}
        db.close()

    if not args.no_postgres:
        conn, load, build = (pg_connect(args.pg), 0.0, 0.0) if args.reuse else build_postgres(args.pg, docs)
        pg = PostgresBackend()

        def pg_run(sql, params):
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description is not None else []

        report["backends"]["postgresql"] = {"load_seconds": round(load, 1), "index_build_seconds": round(build, 1),
                                            **measure(pg_run, pg, lambda q: like_run(pg_run, *q))}
        conn.close()
    report["load_after"] = os.getloadavg()

    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        _print(report)
    return 0


def _summary(fts, like, fts_counts, like_counts, fts_each, like_each):
    return {
        "fulltext_ms": {"p50": round(pct(fts, 50), 2), "p95": round(pct(fts, 95), 2)},
        "like_ms": {"p50": round(pct(like, 50), 1), "p95": round(pct(like, 95), 1)},
        "speedup_p95": round(pct(like, 95) / pct(fts, 95), 1),
        "queries": {q: {"fulltext_count": fts_counts[q][0], "exact": fts_counts[q][1],
                               "like_count": like_counts[q][0], "fulltext_ms": fts_each[q], "like_ms": like_each[q]}
                    for q in fts_counts},
    }


def _print(r):
    load = lambda t: "/".join(f"{x:.2f}" for x in t)  # noqa: E731
    print(f"文档 {r['n']:,} 条（已发布并索引 {r['indexed']:,} 条），分词 {r['segment_seconds']} 秒；"
          f"每条查询 {r['rounds']} 轮（计数 + 第一页20条）；计数精确上限 {r['count_limit']}；"
          f"负载 {load(r['load_before'])} → {load(r['load_after'])}")
    if r.get("suggest"):
        g = r["suggest"]
        print(f"输入提示（{g['vendor']}，词表 {g['words']} 词，{g['typed']} 个输入前缀）：p50/p95 {g['ms']['p50']}/"
              f"{g['ms']['p95']} ms；无提示 {g['empty_share']}%")
    for name, b in r["backends"].items():
        print(f"\n{name}: 导入 {b['load_seconds']} 秒，建索引 {b['index_build_seconds']} 秒")
        f = b["forgiving"]
        kinds = "，".join(f"{KIND_NAMES[k]} {v}%" for k, v in f["per_kind"].items())
        print(f"  纠错查询集（{f['queries']} 条，词表 {b['vocabulary']} 词）：前 10 条含目标 {f['top10']}%（{kinds}；"
              f"前一半 {f['per_half'].get('first_half')}%，留出的一半 {f['per_half'].get('held_out')}%）；"
              f"p50/p95 {f['ms']['p50']}/{f['ms']['p95']} ms")
        print(f"  零结果率（实际查询集 + 输入查询集 + 纠错查询集）：{b['zero_result_rate']}%")
        for miss in f["misses"][:40]:
            print(f"    未命中 {miss}")
        for set_name, title in (("fixed", "固定查询集"), ("realistic", "实际查询集"), ("typed", "输入查询集")):
            s = b[set_name]
            print(f"  {title}：全文 p50/p95 {s['fulltext_ms']['p50']}/{s['fulltext_ms']['p95']} ms；"
                  f"LIKE p50/p95 {s['like_ms']['p50']}/{s['like_ms']['p95']} ms；p95 倍数 {s['speedup_p95']}")
            for q, v in s["queries"].items():
                about = "" if v["exact"] else "约"
                print(f"    {q}: {about}{v['fulltext_count']} / {v['like_count']} 条，"
                      f"中位 {v['fulltext_ms']} / {v['like_ms']} ms")


if __name__ == "__main__":
    sys.exit(main())
