"""Search benchmark: full-text (SQLite FTS5, PostgreSQL tsvector + GIN) against plain LIKE '%…%'.

Generates N synthetic Chinese catalogue documents (default 100,000), segments them with the same
code the platform uses (``gongkai.catalog.search.segment``), loads them into a fresh SQLite file
and a fresh PostgreSQL database with the same schema and DDL as migration 0002, and times a fixed
set of queries with the same SQL the platform runs (``gongkai.catalog.search.backends``: a count
and a first page of 20, ranked). The LIKE baseline runs over the same rows, with the same filters,
count and first page.

    python bench/search.py                       # 100,000 documents, SQLite and PostgreSQL
    python bench/search.py --n 1000000           # one million
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
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.catalog.search.backends import (POSTGRES_DDL, SQLITE_DDL, Filters, PostgresBackend,  # noqa: E402
                                             SqliteBackend, like_pattern)
from gongkai.catalog.search.segment import index_text, query_words  # noqa: E402

TERMS = ("不动产登记", "宅基地", "增减挂钩", "国土空间规划")
QUERIES = [
    "不动产登记", "宅基地", "改造", "住房", "土地征收 补偿", "老旧小区改造", "矿业权 出让", "国土空间规划",
    "行政处罚决定书", "耕地保护", "公共租赁住房 申请", "防汛 应急预案", "义务教育 招生", "财政预算 公开",
]
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
        out.append((i + 1, title, body, published, index_text(title, TERMS), index_text(body, TERMS)))
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
    i, title, body, published, _, _ = doc
    return (i, 1 + i % 4, title, body, "published" if i % 50 else "withdrawn", published, f"{1 + i % 15:02d}", "",
            1 + i % 20, "")


# ---- SQLite ------------------------------------------------------------------------------------

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
    db.execute("CREATE TABLE catalog_searchentry (item_id bigint NOT NULL PRIMARY KEY, title_tokens text, body_tokens text)")
    t0 = time.perf_counter()
    with db:
        db.executemany("INSERT INTO catalog_item VALUES (?,?,?,?,?,?,?,?,?,?)",
                       ((*item_row(d)[:5], d[3].isoformat(), *item_row(d)[6:]) for d in docs))
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    with db:
        for sql in SQLITE_DDL:
            db.execute(sql)
        db.executemany("INSERT INTO catalog_searchentry VALUES (?,?,?)",
                       ((d[0], d[4], d[5]) for d in docs if d[0] % 50))  # only published rows are indexed
        db.execute("INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('optimize')")
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
    conn.execute("CREATE TABLE catalog_searchentry (item_id bigint PRIMARY KEY REFERENCES catalog_item(id), "
                 "title_tokens text NOT NULL, body_tokens text NOT NULL)")
    t0 = time.perf_counter()
    with conn.cursor().copy(f"COPY catalog_item ({', '.join(ITEM_COLUMNS)}) FROM STDIN") as copy:
        for d in docs:
            copy.write_row(item_row(d))
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    with conn.cursor().copy("COPY catalog_searchentry (item_id, title_tokens, body_tokens) FROM STDIN") as copy:
        for d in docs:
            if d[0] % 50:
                copy.write_row((d[0], d[4], d[5]))
    for sql in POSTGRES_DDL:
        conn.execute(sql)
    conn.execute("VACUUM ANALYZE catalog_searchentry")
    conn.execute("VACUUM ANALYZE catalog_item")
    build = time.perf_counter() - t0
    return conn, load, build


# ---- queries -------------------------------------------------------------------------------------

def fulltext_query(backend, q):
    words = query_words(q, TERMS)
    tokens = list(dict.fromkeys(t for w in words for t in w.tokens))
    f = Filters(today=TODAY, exact=[w.text for w in words if w.exact])
    return backend.fulltext(tokens, f, "all", 20, 0)


def like_query(q):
    words = [w.text for w in query_words(q, TERMS)]
    f = Filters(today=TODAY)
    from gongkai.catalog.search.backends import where

    cond, params = where(f)
    likes = " AND ".join(["(i.title LIKE %s OR i.body_text LIKE %s)"] * len(words))
    pats = [p for w in words for p in (like_pattern(w), like_pattern(w))]
    base = f"FROM catalog_item i WHERE {cond} AND {likes}"
    return (f"SELECT i.id {base} ORDER BY i.published_on DESC, i.id DESC LIMIT 20", [*params, *pats],
            f"SELECT COUNT(*) {base}", [*params, *pats])


def time_queries(run, queries, rounds):
    samples, counts = [], {}
    for q in queries:  # warm-up
        counts[q] = run(q)
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            run(q)
            samples.append((time.perf_counter() - t0) * 1000)
    return samples, counts


def pct(samples, p):
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="文档数（默认 100000）")
    ap.add_argument("--rounds", type=int, default=5, help="每条查询计时的轮数")
    ap.add_argument("--seed", type=int, default=20250301)
    ap.add_argument("--sqlite", default="/tmp/gk_bench.sqlite3")
    ap.add_argument("--pg", default=os.environ.get("GONGKAI_BENCH_PG", "postgres://postgres@127.0.0.1:5432/gk_bench"))
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 1)))
    ap.add_argument("--format", choices=["text", "json"], default="text")
    args = ap.parse_args(argv)
    if args.n < 100:
        ap.error("--n 至少为 100")

    t0 = time.perf_counter()
    docs = list(generate(args.n, args.seed, args.workers))
    segment_s = time.perf_counter() - t0
    report = {"n": args.n, "indexed": sum(1 for d in docs if d[0] % 50), "segment_seconds": round(segment_s, 1),
              "queries": QUERIES, "rounds": args.rounds, "backends": {}}

    load, build = build_sqlite(Path(args.sqlite), docs)
    db = sqlite3.connect(args.sqlite)
    sq = SqliteBackend()

    def run_sqlite(q):
        query = fulltext_query(sq, q)
        count = _sqlite_exec(db, query.count_sql, query.count_params)[0][0]
        _sqlite_exec(db, query.sql, query.params)
        return count

    def run_sqlite_like(q):
        sql, params, csql, cparams = like_query(q)
        count = _sqlite_exec(db, csql, cparams)[0][0]
        _sqlite_exec(db, sql, params)
        return count

    fts, fts_counts = time_queries(run_sqlite, QUERIES, args.rounds)
    like, like_counts = time_queries(run_sqlite_like, QUERIES, max(1, min(args.rounds, 3)))
    report["backends"]["sqlite"] = _summary(load, build, fts, like, fts_counts, like_counts)
    db.close()

    if not args.no_postgres:
        conn, load, build = build_postgres(args.pg, docs)
        pg = PostgresBackend()

        def run_pg(q):
            query = fulltext_query(pg, q)
            count = conn.execute(query.count_sql, query.count_params).fetchone()[0]
            conn.execute(query.sql, query.params).fetchall()
            return count

        def run_pg_like(q):
            sql, params, csql, cparams = like_query(q)
            count = conn.execute(csql, cparams).fetchone()[0]
            conn.execute(sql, params).fetchall()
            return count

        fts, fts_counts = time_queries(run_pg, QUERIES, args.rounds)
        like, like_counts = time_queries(run_pg_like, QUERIES, max(1, min(args.rounds, 3)))
        report["backends"]["postgresql"] = _summary(load, build, fts, like, fts_counts, like_counts)
        conn.close()

    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        _print(report)
    return 0


def _summary(load, build, fts, like, fts_counts, like_counts):
    return {
        "load_seconds": round(load, 1), "index_build_seconds": round(build, 1),
        "fulltext_ms": {"p50": round(pct(fts, 50), 2), "p95": round(pct(fts, 95), 2)},
        "like_ms": {"p50": round(pct(like, 50), 1), "p95": round(pct(like, 95), 1)},
        "speedup_p95": round(pct(like, 95) / pct(fts, 95), 1),
        "matches": {q: [fts_counts[q], like_counts[q]] for q in fts_counts},
    }


def _print(r):
    print(f"文档 {r['n']:,} 条（已发布并索引 {r['indexed']:,} 条），分词 {r['segment_seconds']} 秒；"
          f"{len(r['queries'])} 条查询 × {r['rounds']} 轮（计数 + 第一页20条）")
    print(f"{'数据库':<12}{'导入s':>8}{'建索引s':>9}{'全文p50ms':>11}{'全文p95ms':>11}{'LIKE p50ms':>12}{'LIKE p95ms':>12}{'p95倍数':>9}")
    for name, b in r["backends"].items():
        print(f"{name:<12}{b['load_seconds']:>8}{b['index_build_seconds']:>9}{b['fulltext_ms']['p50']:>11}"
              f"{b['fulltext_ms']['p95']:>11}{b['like_ms']['p50']:>12}{b['like_ms']['p95']:>12}{b['speedup_p95']:>9}")
    print("命中数（全文 / LIKE）：")
    first = next(iter(r["backends"].values()))
    for q, (a, b) in first["matches"].items():
        print(f"  {q}: {a} / {b}")


if __name__ == "__main__":
    sys.exit(main())
