"""The full-text index: an FTS5 table with triggers on SQLite, a generated tsvector + GIN on PostgreSQL."""

from django.db import migrations

from gongkai.catalog.search.backends import POSTGRES_DDL, POSTGRES_DROP, SQLITE_DDL, SQLITE_DROP


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"全文检索不支持数据库 {schema_editor.connection.vendor}")
        for sql in statements:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_DDL, "postgresql": POSTGRES_DDL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
