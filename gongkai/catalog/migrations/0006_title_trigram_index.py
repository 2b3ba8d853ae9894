"""PostgreSQL: a trigram index on 名称 for the substring fallback (words the dictionary does not know).

``title LIKE '%哈拉直沟%'`` otherwise reads every item; with ``pg_trgm`` a word of three or more
characters is found through the index (the search code keeps shorter words off it, where a trigram
index cannot help). ``pg_trgm`` ships with PostgreSQL and is a trusted extension, so the database
owner may create it; where it cannot be created the fallback keeps working by scanning, and the
migration says so. SQLite scans the narrow ``catalog_searchentry`` titles and needs nothing.
"""

import logging

from django.db import migrations, transaction

from gongkai.catalog.search.backends import POSTGRES_TITLE_TRIGRAM_DDL, POSTGRES_TRIGRAM_EXTENSION

log = logging.getLogger(__name__)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(POSTGRES_TRIGRAM_EXTENSION)
    except Exception as exc:  # noqa: BLE001 - the extension is an optimisation, not a requirement
        log.warning("无法创建 PostgreSQL 扩展 pg_trgm（%s）：标题子串检索将逐行扫描。", exc)
        return
    schema_editor.execute(POSTGRES_TITLE_TRIGRAM_DDL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_item_title_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0005_search_entry_title"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
