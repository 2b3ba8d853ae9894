"""gongkai backup / gongkai restore: a populated database and its files, there and back.

Runs on the suite's own database (SQLite: SQLite's backup API; PostgreSQL: pg_dump/pg_restore on
the temporary test database). The round trip commits its data (``transaction=True``) so pg_dump
sees it; an earlier transactional test may have flushed the rows the migrations seeded, so it
makes the one 主题分类 it needs itself.
"""

import io
import json
import tarfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.accounts.models import Agency
from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import Attachment, Topic
from gongkai.catalog.tests.helpers import published
from gongkai.cli import main
from gongkai.disclosure.models import Application
from gongkai.disclosure.tests.factories import registered
from gongkai.reports import actions as report_actions
from gongkai.reports.models import AnnualReport
from gongkai.testing import build_world

PDF = b"%PDF-1.4\n% gongkai backup test\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def populated(media):
    w = build_world()
    land = Topic.objects.get_or_create(parent=None, name="国土资源、能源")[0]
    item = published(w, title="关于公布2025年度土地征收补偿标准的公告",
                     topic=Topic.objects.get_or_create(parent=land, name="土地")[0])
    catalog_actions.add_attachment(item, upload=SimpleUploadedFile("标准.pdf", PDF, content_type="application/pdf"),
                                   actor=w.head)
    registered(w, received_on=date(2025, 3, 3))
    registered(w, received_on=date(2025, 4, 1), name="李四")
    report_actions.start_report(agency=w.agency, year=2025, actor=w.head)
    return w


def snapshot() -> dict:
    page = Client().get("/agencies/dept-x/catalog/")
    return {
        "agencies": sorted(Agency.objects.values_list("code", "name", "parent__code")),
        "applications": sorted(Application.objects.values_list("number", "name", "status", "received_on", "due_on")),
        "reports": [(r.agency.code, r.year, r.status, r.tables) for r in AnnualReport.objects.order_by("pk")],
        "files": [(a.file.name, a.file.open("rb").read()) for a in Attachment.objects.order_by("pk")],
        "page": (page.status_code, "关于公布2025年度土地征收补偿标准的公告" in page.content.decode()),
    }


@pytest.mark.django_db(transaction=True)
def test_it_round_trips_a_populated_database_and_its_files(populated, media, tmp_path, capsys):
    before = snapshot()
    assert len(before["applications"]) == 2 and before["files"][0][1] == PDF and before["page"] == (200, True)
    archive = tmp_path / "backup.tar.gz"
    assert main(["backup", "-o", str(archive)]) == 0
    assert "已备份到" in capsys.readouterr().out
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["counts"]["disclosure_application"] == 2 and manifest["media"]["files"] == 1
    assert manifest["gongkai_version"] == "0.1.0"  # gongkai/__init__.py, which pyproject reads too
    assert manifest["database"]["file"] in names and f"media/{before['files'][0][0]}" in names
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    # what happens after the backup is lost on restore
    Agency.objects.filter(code="dept-y").update(name="测试县财政局（已改名）")
    Application.objects.filter(name="李四").delete()
    (media / before["files"][0][0]).unlink()

    assert main(["restore", str(archive)]) == 2  # the database is not empty
    assert "--force" in capsys.readouterr().err
    assert main(["restore", "--force", str(archive)]) == 0
    assert "已从" in capsys.readouterr().out
    assert snapshot() == before


def _archive(tmp_path, manifest: dict, members: dict[str, bytes]):
    path = tmp_path / "made.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_it_refuses_a_backup_of_the_other_kind_of_database(world, tmp_path, capsys):
    from django.db import connection

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = _archive(tmp_path, {"format": 1, "database": {"vendor": other, "file": "db"}, "media": {"included": False}},
                    {"db": b""})
    assert main(["restore", "--force", str(path)]) == 2
    assert "不能直接恢复" in capsys.readouterr().err


def test_it_refuses_an_archive_with_paths_outside_its_folder(world, tmp_path, capsys):
    path = _archive(tmp_path, {"format": 1}, {"../../etc/cron.d/x": b"* * * * * root true\n"})
    assert main(["restore", "--force", str(path)]) == 2
    assert "不安全" in capsys.readouterr().err


def test_it_refuses_a_damaged_database_file(world, tmp_path, capsys):
    from django.db import connection

    path = _archive(tmp_path, {"format": 1, "database": {"vendor": connection.vendor, "file": "db", "sha256": "0" * 64},
                               "media": {"included": False}}, {"db": b"garbage"})
    assert main(["restore", "--force", str(path)]) == 1
    assert "校验值不符" in capsys.readouterr().err
    assert Agency.objects.filter(code="dept-x").exists()  # untouched


def test_it_refuses_a_file_that_is_no_backup(db, tmp_path, capsys):
    path = tmp_path / "x.tar.gz"
    path.write_bytes(b"not a tarball")
    assert main(["restore", str(path)]) == 2
    assert "无法读取备份文件" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_signed_links_still_verify_after_a_restore_on_a_new_machine(settings, media, tmp_path, capsys):
    """Embedded mode: the generated secret key travels in the backup (0600) and restore puts it back,
    so a fresh data directory starts with the old key (checked by a new process reading the settings)."""
    import os
    import stat
    import subprocess
    import sys

    from django.core import signing

    build_world()
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    (old_dir / "secret_key").write_text("old-machine-key-0123456789-abcdefghijklmnopqrstuvwxyz", encoding="utf-8")
    (old_dir / "secret_key").chmod(0o600)
    settings.SECRET_KEY_FILE = old_dir / "secret_key"
    settings.SECRET_KEY = "old-machine-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    signed = signing.dumps({"unsubscribe": 42}, salt="gongkai.test")

    archive = tmp_path / "backup.tar.gz"
    assert main(["backup", "-o", str(archive)]) == 0
    with tarfile.open(archive) as tar:
        member = tar.getmember("secret_key")
        manifest = json.load(tar.extractfile("manifest.json"))
    assert member.mode == 0o600 and manifest["secret_key"]["included"] is True

    # the new machine: a data directory with a key of its own, made at its first start
    (new_dir / "secret_key").write_text("new-machine-key-zyxwvutsrqponmlkjihgfedcba-9876543210", encoding="utf-8")
    settings.SECRET_KEY_FILE = new_dir / "secret_key"
    capsys.readouterr()
    assert main(["restore", "--force", str(archive)]) == 0
    assert "已恢复备份时的密钥" in capsys.readouterr().out
    key_file = new_dir / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not list(new_dir.glob("*.restoring"))

    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(GONGKAI_DATA_DIR=str(new_dir), DJANGO_SETTINGS_MODULE="gongkai.settings")
    check = ("import django, sys; django.setup(); from django.core import signing; "
             "print(signing.loads(sys.argv[1], salt='gongkai.test'))")
    r = subprocess.run([sys.executable, "-c", check, signed], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "{'unsubscribe': 42}"


def test_it_does_not_carry_a_key_set_in_the_environment(settings, tmp_path):
    from gongkai.cli.restore import restore_secret_key

    path = _archive(tmp_path, {"format": 1}, {"secret_key": b"backed-up-key"})
    with tarfile.open(path) as tar:
        note = restore_secret_key(tar, tar.getmembers(), None)
    assert "本实例的密钥由 GONGKAI_SECRET_KEY 设置" in note


@pytest.mark.django_db(transaction=True)
def test_it_neither_backs_up_nor_keeps_the_cached_report_files(media, tmp_path, capsys):
    build_world()
    cached = media / "reports/exports/dept-x/2024/v1-0123.pdf"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"%PDF-1.7 rendered before the backup")
    kept = media / "reports/imported/2025/报告.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(PDF)
    archive = tmp_path / "backup.tar.gz"
    assert main(["backup", "-o", str(archive)]) == 0
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "media/reports/imported/2025/报告.pdf" in names and not [n for n in names if "reports/exports" in n]
    stale = media / "reports/exports/dept-x/2024/v1-4567.docx"  # rendered after the backup was taken
    stale.write_bytes(b"PK other content")
    assert main(["restore", "--force", str(archive)]) == 0
    assert not cached.exists() and not stale.exists() and kept.read_bytes() == PDF
