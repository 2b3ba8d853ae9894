"""gongkai backup [-o FILE] — the database and the uploaded files in one .tar.gz with a manifest.

SQLite: a consistent copy made with SQLite's online backup API while the site keeps running (a
plain file copy of a WAL database can be torn). PostgreSQL: ``pg_dump --format=custom`` (one
consistent snapshot; restored with ``pg_restore``). Uploaded files: everything under MEDIA_ROOT;
when files live in an object store (GONGKAI_S3_BUCKET) they are not copied — use the store's own
versioning or replication — and the manifest says so.

Archive layout::

    manifest.json       format, time, version, database vendor, migrations, row counts, files
    database.sqlite3    (SQLite)  or  database.pgdump  (PostgreSQL)
    media/…             uploaded files
    secret_key          (embedded mode) the generated secret key, so that signed links — unsubscribe,
                        the survey and download links already sent — still verify after a restore
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import gongkai
from gongkai.cli import CommandError

HELP = "备份数据库和上传的文件（SQLite 用在线备份接口，PostgreSQL 用 pg_dump），打包为一个 .tar.gz。"
FORMAT = 1
SECRET_KEY_MEMBER = "secret_key"
#: tables whose row counts go into the manifest, to check a restore against
COUNTED = ("accounts_agency", "accounts_user", "disclosure_application", "catalog_item", "reports_annualreport",
           "feedback_item", "appeals_appeal")


def add_arguments(parser):
    parser.add_argument("-o", "--output",
                        help="备份文件（.tar.gz）；省略时写到数据目录下的 backups/gongkai-日期-时间.tar.gz")
    parser.add_argument("--no-media", action="store_true", help="只备份数据库，不备份上传的文件")


def pg_env(db: dict) -> tuple[list[str], dict]:
    """``--dbname`` argument and environment for pg_dump/pg_restore (password in PGPASSWORD, not argv)."""
    env = dict(os.environ)
    args = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    options = db.get("OPTIONS") or {}
    for option, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                        ("sslkey", "PGSSLKEY")):
        if options.get(option):
            env[var] = str(options[option])
    return args, env


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise CommandError(f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client），"
                           "其主版本应不低于数据库服务器的版本。")
    return path


def row_counts() -> dict[str, int]:
    from django.db import connection

    existing = set(connection.introspection.table_names())
    out = {}
    with connection.cursor() as cursor:
        for table in COUNTED:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                out[table] = cursor.fetchone()[0]
    return out


def applied_migrations() -> dict[str, str]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    if MigrationRecorder.Migration._meta.db_table not in connection.introspection.table_names():
        return latest
    for app, name in MigrationRecorder(connection).migration_qs.order_by("id").values_list("app", "name"):
        latest[app] = name
    return latest


def sqlite_connect(name: str, *, readonly: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection to Django's database NAME (a path, or a ``file:…`` URI such as
    the in-memory database of the test suite)."""
    if str(name).startswith("file:"):
        return sqlite3.connect(str(name), uri=True, timeout=30)
    if readonly:
        return sqlite3.connect(f"{Path(name).resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    return sqlite3.connect(name, timeout=30)


def dump_sqlite(path: str, target: Path) -> None:
    if not str(path).startswith("file:") and not Path(path).exists():
        raise CommandError(f"数据库文件 {path} 不存在。")
    source = sqlite_connect(path, readonly=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # page by page, consistent even while the site writes
    finally:
        copy.close()
        source.close()


def dump_postgres(db: dict, target: Path) -> None:
    args, env = pg_env(db)
    r = subprocess.run([require_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", "--file", str(target),
                        *args], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise CommandError(f"pg_dump 失败：{r.stderr.strip()}", code=1)


def media_files(root: Path, skip: tuple[str, ...] = ()):
    """The files under ``root``, but none under the folders ``skip`` (relative, POSIX)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath).relative_to(root)
        dirnames[:] = [d for d in dirnames if (here / d).as_posix() not in skip]
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run(args):
    from gongkai.cli import setup_django

    setup_django()
    from django.conf import settings
    from django.db import DatabaseError, connection

    db = connection.settings_dict
    vendor = connection.vendor
    now = datetime.datetime.now().astimezone()
    output = Path(args.output) if args.output else (
        settings.DATA_DIR / "backups" / f"gongkai-{now:%Y%m%d-%H%M%S}.tar.gz")
    if output.is_dir():
        raise CommandError(f"{output} 是目录，请给出文件名，如 {output / 'gongkai.tar.gz'}。")
    output.parent.mkdir(parents=True, exist_ok=True)

    try:
        counts = row_counts()
        migrations = applied_migrations()
    except DatabaseError as e:
        raise CommandError(f"无法读取数据库：{e}") from None
    if not migrations:
        raise CommandError("数据库是空的（尚未迁移），没有可备份的内容。")

    s3 = settings.STORAGES["default"]["BACKEND"].endswith("S3Storage")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-", dir=output.parent) as tmp:
        tmp = Path(tmp)
        if vendor == "sqlite":
            db_name = "database.sqlite3"
            dump_sqlite(str(db["NAME"]), tmp / db_name)
        elif vendor == "postgresql":
            db_name = "database.pgdump"
            dump_postgres(db, tmp / db_name)
        else:
            raise CommandError(f"不支持备份 {vendor} 数据库。")
        from gongkai.reports.exports_cache import CACHE_DIR  # rendered again on demand: not backed up

        files = [] if (args.no_media or s3) else list(media_files(media_root, skip=(CACHE_DIR,)))
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(timespec="seconds"),
            "gongkai_version": gongkai.__version__,
            "database": {"vendor": vendor, "file": db_name, "sha256": sha256(tmp / db_name)},
            "migrations": migrations,
            "counts": counts,
            "media": {
                "included": not (args.no_media or s3),
                "note": ("上传的文件保存在对象存储中，未包含在本备份内，请用对象存储的版本管理或复制功能备份。" if s3
                         else "未备份上传的文件（--no-media）。" if args.no_media else ""),
                "files": len(files),
                "bytes": sum(p.stat().st_size for p in files),
            },
        }
        key_file = settings.SECRET_KEY_FILE
        key_included = key_file is not None and Path(key_file).is_file()
        manifest["secret_key"] = {
            "included": key_included,
            "note": "" if key_included else "密钥由 GONGKAI_SECRET_KEY 设置，未包含在本备份内；恢复到新机器时请使用同一密钥。",
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = tmp / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(tmp / "manifest.json", arcname="manifest.json")
            tar.add(tmp / db_name, arcname=db_name)
            if key_included:
                info = tar.gettarinfo(key_file, arcname=SECRET_KEY_MEMBER)
                info.mode = 0o600
                with open(key_file, "rb") as f:
                    tar.addfile(info, f)
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}", recursive=False)
        partial.chmod(0o600)  # personal data of applicants: readable by the owner only
        os.replace(partial, output)  # never a half-written backup under the final name

    size = output.stat().st_size
    summary = "，".join(f"{k} {v}" for k, v in counts.items())
    print(f"已备份到 {output}（{size / 1048576:.1f} MB）：{vendor} 数据库（{summary}）"
          + (f"，上传文件 {manifest['media']['files']} 个。" if manifest["media"]["included"] else "。"))
    if manifest["media"]["note"]:
        print(manifest["media"]["note"])
    return 0
