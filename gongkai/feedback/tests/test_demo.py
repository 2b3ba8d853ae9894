from django.utils import timezone

from gongkai.accounts import demo as accounts_demo
from gongkai.feedback import demo
from gongkai.feedback.models import Channel, Item, Kind, Rating, Response, Status, Survey


def test_it_loads_the_demo_once(db, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(demo, "SURVEY_ANSWERS", 12)  # 100 in the real demo; fewer keeps the test fast
    accounts_demo.load()
    with django_capture_on_commit_callbacks(execute=False):
        demo.load()
        counts = (Item.objects.count(), Response.objects.count(), Rating.objects.count())
        demo.load()
    assert (Item.objects.count(), Response.objects.count(), Rating.objects.count()) == counts
    assert 30 <= counts[0] <= 50
    assert set(Item.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert len(set(Item.objects.values_list("channel", flat=True))) == len(Channel.values)
    today = timezone.localdate()
    assert Item.objects.overdue(on=today).count() >= 3
    assert Item.objects.filter(status=Status.REPLIED).exists() and Item.objects.published().exists()
    assert Rating.objects.filter(value="unsatisfied").exists()
    survey = Survey.objects.get(title=demo.SURVEY_TITLE)
    assert survey.responses.count() == 12 and survey.is_answerable(today) and survey.results_public
