"""The reading of each title (pinyin and initials) for queries typed in Latin letters, how often
a query was searched corrected, and the query counts of one 文号 in several spellings merged.

``SearchEntry.title_pinyin`` / ``title_initials`` are filled here from the entries' titles; SQLite
indexes them in an external-content FTS5 table with the trigram tokenizer, PostgreSQL with
trigram indexes (``pg_trgm``, migration 0006 — without it the lookup scans, and still works).
"""

import logging

from django.db import migrations, models, transaction

from gongkai.catalog.search.backends import (POSTGRES_READING_DDL, POSTGRES_READING_DROP, SQLITE_READING_DDL,
                                             SQLITE_READING_DROP)
from gongkai.catalog.search.reading import title_reading

log = logging.getLogger(__name__)


def fill(apps, schema_editor):
    SearchEntry = apps.get_model("catalog", "SearchEntry")
    changed = []
    for entry in SearchEntry.objects.only("item_id", "title").iterator(chunk_size=1000):
        entry.title_pinyin, entry.title_initials = title_reading(entry.title)
        changed.append(entry)
        if len(changed) >= 1000:
            SearchEntry.objects.bulk_update(changed, ["title_pinyin", "title_initials"])
            changed = []
    SearchEntry.objects.bulk_update(changed, ["title_pinyin", "title_initials"])


def merge_spellings(apps, schema_editor):
    """Query counts of one 文号 in several bracket forms (and full-width spellings): one row."""
    from gongkai.catalog.search.querylog import merge_spellings as merge

    merge(apps.get_model("catalog", "SearchQueryCount"))


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_READING_DDL:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                for sql in POSTGRES_READING_DDL:
                    schema_editor.execute(sql)
        except Exception as exc:  # noqa: BLE001 - pg_trgm missing (migration 0006 said so): scans instead
            log.warning("无法建立标题拼音的三元组索引（%s）：拼音检索将逐行扫描。", exc)


def drop(apps, schema_editor):
    statements = {"sqlite": SQLITE_READING_DROP, "postgresql": POSTGRES_READING_DROP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0007_forgiving_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_pinyin",
            field=models.CharField(blank=True, default="", max_length=1200),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="title_initials",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
        migrations.AddField(
            model_name="searchquerycount",
            name="corrected",
            field=models.PositiveIntegerField(default=0, verbose_name="自动纠正次数"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(merge_spellings, migrations.RunPython.noop),
        migrations.RunPython(create, drop),
    ]
