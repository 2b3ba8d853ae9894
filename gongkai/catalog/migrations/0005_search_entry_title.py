"""The item's 名称 in its search entry, for the substring fallback (a narrow scan on SQLite)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    schema_editor.execute("UPDATE catalog_searchentry SET title = "
                          "(SELECT i.title FROM catalog_item i WHERE i.id = catalog_searchentry.item_id)")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0004_narrow_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
