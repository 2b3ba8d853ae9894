"""gongkai restore FILE [--force] — put a ``gongkai backup`` archive back.

Refuses a database that already holds agencies or users unless ``--force``; refuses an archive made
from the other kind of database (SQLite ↔ PostgreSQL). After restoring, runs the migrations (an
archive from an older version is brought up to date), checks the row counts against the manifest
and drops the cached public pages and the cached report exports. In embedded mode it puts the backed-up secret key back into the
data directory (0600), so links signed before the backup still verify once the server restarts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from gongkai.cli import CommandError
from gongkai.cli.backup import (
    COUNTED, FORMAT, SECRET_KEY_MEMBER, pg_env, require_tool, row_counts, sha256, sqlite_connect,
)

HELP = "从 gongkai backup 生成的备份文件恢复数据库和上传的文件；数据库非空时须加 --force。"


def add_arguments(parser):
    parser.add_argument("file", help="gongkai backup 生成的 .tar.gz 文件")
    parser.add_argument("--force", action="store_true", help="数据库中已有数据时仍然恢复（现有数据将被替换）")
    parser.add_argument("--no-media", action="store_true", help="只恢复数据库，不恢复上传的文件")


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for m in tar.getmembers():
        path = PurePosixPath(m.name)
        if path.is_absolute() or ".." in path.parts or not (m.isfile() or m.isdir()):
            raise CommandError(f"备份文件中有不安全的条目“{m.name}”，已拒绝恢复。")
        members.append(m)
    return members


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        data = tar.extractfile("manifest.json").read()
        manifest = json.loads(data)
    except (KeyError, AttributeError, ValueError):
        raise CommandError("这不是 gongkai backup 生成的备份文件（缺少 manifest.json）。") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"备份文件格式 {manifest.get('format')!r} 不受支持（本版本支持 {FORMAT}）。")
    return manifest


def database_in_use() -> bool:
    from django.db import connection

    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("accounts_agency", "accounts_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def restore_sqlite(source: Path, target: str) -> None:
    from django.db import connections

    connections.close_all()
    if not target.startswith("file:"):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    src = sqlite_connect(str(source), readonly=True)
    dst = sqlite_connect(target)
    try:
        src.backup(dst)  # replaces every page of the target, under SQLite's own locking
    finally:
        dst.close()
        src.close()


def restore_postgres(db: dict, source: Path) -> None:
    from django.db import connections

    connections.close_all()
    args, env = pg_env(db)
    r = subprocess.run([require_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-acl",
                        "--single-transaction", "--exit-on-error", *args, str(source)],
                       env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise CommandError(f"pg_restore 失败（数据库未改动）：{r.stderr.strip()}", code=1)


def restore_media(tar: tarfile.TarFile, members, root: Path) -> int:
    n = 0
    for m in members:
        if not m.isfile() or not m.name.startswith("media/"):
            continue
        target = root.joinpath(*PurePosixPath(m.name).parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(m) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
        n += 1
    return n


def restore_secret_key(tar: tarfile.TarFile, members, key_file: Path | None) -> str:
    """Put the archive's secret key at ``key_file`` (0600, replaced in one rename); a line to print."""
    member = next((m for m in members if m.name == SECRET_KEY_MEMBER and m.isfile()), None)
    if member is None:
        return ""
    key = tar.extractfile(member).read(4096).decode("utf-8", "replace").strip()
    if not key or member.size > 4096:
        raise CommandError("备份中的密钥文件无效，已拒绝恢复密钥。", code=1)
    if key_file is None:
        return ("备份中的密钥未恢复：本实例的密钥由 GONGKAI_SECRET_KEY 设置；如与备份时不同，"
                "备份前发出的签名链接（退订、下载等）将失效。")
    key_file = Path(key_file)
    if key_file.is_file() and key_file.read_text(encoding="utf-8").strip() == key:
        return ""
    partial = key_file.with_name(key_file.name + ".restoring")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key)
    os.chmod(partial, 0o600)
    os.replace(partial, key_file)
    return "已恢复备份时的密钥；请重新启动服务（gongkai serve 及后台任务）使其生效。"


def run(args):
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"备份文件 {path} 不存在。")
    try:
        tar = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as e:
        raise CommandError(f"无法读取备份文件 {path}：{e}") from None
    from gongkai.cli import setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    with tar:
        members = _safe_members(tar)
        manifest = read_manifest(tar)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise CommandError(f"备份来自 {vendor} 数据库，当前配置的是 {connection.vendor}，不能直接恢复。"
                               "请把 GONGKAI_DATABASE_URL 指向同类数据库。")
        try:
            in_use = database_in_use()
        except DatabaseError as e:
            raise CommandError(f"无法连接数据库：{e}") from None
        if in_use and not args.force:
            raise CommandError("当前数据库中已有机关或用户数据。恢复将替换全部现有数据；确认无误后请加 --force 重新运行"
                               "（建议先用 gongkai backup 备份当前数据）。")
        with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
            name = manifest["database"]["file"]
            if name not in {m.name for m in members}:
                raise CommandError(f"备份文件缺少数据库文件 {name}。")
            tar.extract(name, tmp)
            dump = Path(tmp) / name
            if sha256(dump) != manifest["database"].get("sha256"):
                raise CommandError("备份中的数据库文件与清单的校验值不符，文件可能已损坏，已拒绝恢复。", code=1)
            db = connection.settings_dict
            if vendor == "sqlite":
                restore_sqlite(dump, str(db["NAME"]))
            else:
                restore_postgres(db, dump)
        files = 0
        if manifest["media"]["included"] and not args.no_media:
            if settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
                print("当前上传文件保存在对象存储中：备份中的文件未恢复，请用对象存储的工具上传 media/ 目录。")
            else:
                files = restore_media(tar, members, Path(settings.MEDIA_ROOT))
        key_note = restore_secret_key(tar, members, settings.SECRET_KEY_FILE)
        from gongkai.reports.exports_cache import clear_cache

        clear_cache()  # cached report files of the replaced database may belong to other content

    call_command("migrate", interactive=False, verbosity=0)
    counts = row_counts()
    expected = manifest.get("counts", {})
    differ = {t: (expected[t], counts.get(t)) for t in COUNTED if t in expected and counts.get(t) != expected[t]}
    if differ:
        detail = "，".join(f"{t}：备份 {a}，恢复后 {b}" for t, (a, b) in differ.items())
        raise CommandError(f"恢复后的行数与备份清单不一致：{detail}", code=1)
    from gongkai.portal.cache import bump

    bump()
    print(f"已从 {path} 恢复（备份时间 {manifest['created_at']}，{vendor} 数据库，"
          f"机关 {counts.get('accounts_agency', 0)} 个、用户 {counts.get('accounts_user', 0)} 个"
          + (f"，上传文件 {files} 个" if files else "") + "）。")
    if manifest["media"].get("note"):
        print(manifest["media"]["note"])
    if key_note:
        print(key_note)
    return 0
