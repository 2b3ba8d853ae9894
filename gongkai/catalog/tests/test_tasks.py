"""Subscriptions: double opt-in, one-click unsubscribe, notices that never repeat an item."""

import datetime
import re

import pytest
from django.core import mail as outbox_mail

from gongkai.catalog import actions, mail, tasks
from gongkai.catalog.models import Delivery, Subscription

from .helpers import published


def link(message, path):
    return re.search(r"https?://[^/\s]+(" + path + r"[^\s>]+/)", message.body).group(1)


@pytest.fixture
def confirmed(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/catalog/subscribe/", {"email": "Reader@Example.cn", "agency": "dept-x", "q": ""})
    confirm = link(outbox_mail.outbox[-1], "/catalog/subscribe/confirm/")
    client.post(confirm)
    sub = Subscription.objects.get()
    Subscription.objects.filter(pk=sub.pk).update(confirmed_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC))
    outbox_mail.outbox.clear()
    return Subscription.objects.get()


def test_it_confirms_only_through_the_emailed_link(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/catalog/subscribe/", {"email": "reader@example.cn", "agency": "dept-x"})
    assert "请查收确认邮件" in response.content.decode()
    message = outbox_mail.outbox[0]
    assert message.to == ["reader@example.cn"] and "测试县自然资源局" in message.body
    confirm = link(message, "/catalog/subscribe/confirm/")
    assert client.get(confirm).status_code == 200  # a page with a button; a GET changes nothing
    assert Subscription.objects.get().confirmed_at is None
    client.post(confirm)
    assert Subscription.objects.get().confirmed_at is not None


def test_it_rejects_forged_or_wrong_purpose_tokens(world, client):
    sub = Subscription.objects.create(email="a@example.cn")
    assert client.get("/catalog/subscribe/confirm/forged/").status_code == 404
    unsubscribe_token = mail.make_token(sub, "unsubscribe")
    assert client.post(f"/catalog/subscribe/confirm/{unsubscribe_token}/").status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_it_validates_the_form_in_chinese(world, client):
    response = client.post("/catalog/subscribe/", {"email": "not-an-address"})
    assert "电子邮箱格式不对。" in response.content.decode()
    assert not Subscription.objects.exists()


def test_it_sends_new_items_once(world, confirmed, django_capture_on_commit_callbacks):
    published(world, title="老旧小区改造实施方案", published_on=datetime.date(2025, 3, 3))
    published(world, title="二月的旧通知", formed_on=datetime.date(2025, 2, 3), published_on=datetime.date(2025, 2, 10))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_subscribers.call() == 1
    assert len(outbox_mail.outbox) == 1
    message = outbox_mail.outbox[0]
    assert "老旧小区改造实施方案" in message.body and "二月的旧通知" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_subscribers.call() == 0  # a second run sends nothing again
    assert len(outbox_mail.outbox) == 1 and Delivery.objects.count() == 1


def test_it_filters_by_saved_search(world, client, django_capture_on_commit_callbacks):
    sub = Subscription.objects.create(email="a@example.cn", query="宅基地",
                                      confirmed_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC))
    published(world, title="农村宅基地审批结果公示")
    published(world, title="耕地保护通知")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_due_notices()
    assert "宅基地" in outbox_mail.outbox[0].body and "耕地" not in outbox_mail.outbox[0].body
    assert sub.deliveries.count() == 1


def test_it_unsubscribes_with_one_click(world, client, confirmed, django_capture_on_commit_callbacks):
    published(world, title="老旧小区改造实施方案")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_due_notices()
    stop = link(outbox_mail.outbox[0], "/catalog/unsubscribe/")
    csrf_client = type(client)(enforce_csrf_checks=True)
    assert csrf_client.post(stop, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Subscription.objects.get().unsubscribed_at is not None
    published(world, title="第二条")
    assert tasks.send_due_notices() == 0
    with pytest.raises(actions.ActionError, match="已退订"):
        actions.confirm_subscription(Subscription.objects.get())


def test_it_does_not_send_unconfirmed_subscribers_anything(world):
    Subscription.objects.create(email="a@example.cn")
    published(world)
    assert tasks.send_due_notices() == 0


def test_the_subscribe_links_open_a_page_not_raw_xml(client, world):
    """Home and agency pages send a person to the subscription page (Chromium no longer renders
    an Atom feed through XSLT); it offers e-mail and the feed addresses to copy into a reader."""
    home = client.get("/").content.decode()
    assert 'href="/catalog/subscribe/"' in home and 'href="/catalog/feed.atom"' not in home
    agency = client.get("/agencies/dept-x/").content.decode()
    assert 'href="/catalog/subscribe/?agency=dept-x"' in agency and "/agencies/dept-x/feed.atom" not in agency
    page = client.get("/catalog/subscribe/?agency=dept-x").content.decode()
    assert "测试县自然资源局新公开的信息：" in page and "http://testserver/agencies/dept-x/feed.atom" in page
    assert "http://testserver/catalog/feed.atom" in page


def test_the_confirmation_mail_names_the_site_as_its_identity_does(world, client, django_capture_on_commit_callbacks):
    from gongkai.portal.models import SiteIdentity

    SiteIdentity.objects.create(site_name="测试县人民政府门户网站")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/catalog/subscribe/", {"email": "reader@example.cn", "agency": "dept-x"})
    assert "用此邮箱在测试县人民政府门户网站订阅了" in outbox_mail.outbox[0].body
