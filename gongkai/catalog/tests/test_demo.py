from django.db.models import Count

from gongkai.accounts import demo as accounts_demo
from gongkai.catalog import demo
from gongkai.catalog.figures import proactive_figures
from gongkai.catalog.models import Item, SearchTerm
from gongkai.catalog.search import search


def test_it_loads_about_200_items_through_the_workflow_and_is_idempotent(db, client):
    accounts_demo.load()
    demo.load()
    total = Item.objects.count()
    # the columns an evaluator opens first are filled on every agency's 法定主动公开内容 page
    for code, filled in (("huzhu", ("02", "07", "13", "14")), ("huzhu-zrj", ("02", "07")),
                         ("huzhu-czj", ("02", "07", "08", "09")), ("huzhu-jyj", ("02", "07", "14"))):
        html = client.get(f"/agencies/{code}/statutory/").content.decode()
        for item in filled:
            line = html[html.index(f'?item={item}"'):]
            line = line[:line.index("</li>")]
            assert line.endswith("条") and "暂无" not in line, (code, item, line)
    assert 180 <= total <= 230
    by_agency = dict(Item.objects.values_list("agency__code").annotate(n=Count("pk")))
    assert set(by_agency) == {"huzhu", "huzhu-zrj", "huzhu-czj", "huzhu-jyj"}
    assert Item.objects.filter(status=Item.Status.WITHDRAWN).count() == 1
    assert 3 <= Item.objects.late().count() <= 15
    assert not Item.objects.filter(index_number__icontains="null").exists()
    assert Item.objects.filter(agency__code="huzhu-zrj", doc_type="normative").exclude(validity="").count() == 7
    assert SearchTerm.objects.filter(term="不动产登记").exists()
    assert search("不动产登记").count > 10 and search("宅基地").count >= 3
    # the demo's synonym lists: 公租房 finds the 公共租赁住房 items (it found nothing out of the box)
    assert search("公租房").count == Item.objects.public().filter(title__contains="公共租赁住房").count() > 0
    zrj = Item.objects.filter(agency__code="huzhu-zrj").first().agency
    assert proactive_figures(zrj, 2024)["licensing"] == {"decisions": 386}
    demo.load()
    assert Item.objects.count() == total


def test_it_loads_on_a_database_flushed_since_the_migrations(db):
    """``manage.py flush`` (and PostgreSQL's transactional tests) empty the classes the migration seeded."""
    from gongkai.catalog.models import Item, Topic

    Topic.objects.filter(parent__isnull=False).delete()
    Topic.objects.all().delete()
    accounts_demo.load()
    demo.load()
    assert Topic.objects.filter(parent=None, name="国土资源、能源").exists()
    assert Item.objects.filter(topic__isnull=False).count() > 100
