"""A narrow search index: filter columns in ``catalog_searchentry``, the segmented text out of it.

Replaces the index of 0002 (token columns + external-content FTS5 / generated tsvector), which
made every search read wide rows and join ``catalog_item`` for each match. The entries are
rebuilt here from the published items with the historical models, so the search keeps working.
"""

import django.db.models.deletion
from django.db import migrations, models

from gongkai.catalog.search.backends import (POSTGRES_DDL, POSTGRES_DROP, POSTGRES_INDEX_DDL, POSTGRES_INDEX_DROP,
                                             SQLITE_DDL, SQLITE_DROP, SQLITE_INDEX_DDL, SQLITE_INDEX_DROP,
                                             backend_for, runner)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"全文检索不支持数据库 {schema_editor.connection.vendor}")
        for sql in statements:
            schema_editor.execute(sql)
    return run


def rebuild(apps, schema_editor):
    from gongkai.catalog.search.segment import index_text

    Item = apps.get_model("catalog", "Item")
    SearchEntry = apps.get_model("catalog", "SearchEntry")
    SearchTerm = apps.get_model("catalog", "SearchTerm")
    connection = schema_editor.connection
    terms = tuple(sorted(set(SearchTerm.objects.values_list("term", flat=True))))
    backend = backend_for(connection.vendor)
    items = Item.objects.filter(status="published").select_related("agency")
    with connection.cursor() as cursor:
        run = runner(cursor)
        for item in items.iterator(chunk_size=500):
            SearchEntry.objects.create(
                item_id=item.pk, agency_id=item.agency_id, topic_id=item.topic_id, published_on=item.published_on,
                statutory_item=item.statutory_item, extra_item=item.extra_item, validity=item.validity)
            title = " ".join([item.title, item.keywords])  # as search._texts
            body = "\n".join([item.summary, item.doc_number, item.publisher or item.agency.name, item.body_text])
            backend.write(run, item.pk, index_text(title, terms), index_text(body, terms))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("catalog", "0003_topics"),
    ]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
                             _run({"sqlite": SQLITE_DDL, "postgresql": POSTGRES_DDL})),
        migrations.DeleteModel(name="SearchEntry"),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("item", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                              related_name="search_entry", serialize=False, to="catalog.item")),
                ("published_on", models.DateField()),
                ("statutory_item", models.CharField(max_length=2)),
                ("extra_item", models.CharField(blank=True, max_length=30)),
                ("validity", models.CharField(blank=True, max_length=10)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
                ("agency", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                             related_name="+", to="accounts.agency")),
                ("topic", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="+", to="catalog.topic")),
            ],
            options={
                "indexes": [models.Index(fields=["agency", "item"], name="catalog_search_agency"),
                            models.Index(fields=["published_on"], name="catalog_search_published")],
            },
        ),
        migrations.RunPython(_run({"sqlite": SQLITE_INDEX_DDL, "postgresql": POSTGRES_INDEX_DDL}),
                             _run({"sqlite": SQLITE_INDEX_DROP, "postgresql": POSTGRES_INDEX_DROP})),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
