from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.catalog.taxonomy import seed as seed_topics

    seed_topics(apps.get_model("catalog", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search_index")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
