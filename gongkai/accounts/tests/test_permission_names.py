"""Permissions read 可以添加机关, not "Can add agency" (renamed after every migrate)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.permission_names import rename_permissions

pytestmark = pytest.mark.django_db


def test_it_names_the_project_s_and_django_s_permissions_in_chinese():
    names = dict(Permission.objects.values_list("codename", "name"))
    assert names["add_agency"] == "可以添加机关"
    assert names["change_agency"] == "可以修改机关"
    assert names["delete_agency"] == "可以删除机关"
    assert names["view_agency"] == "可以查看机关"
    assert names["view_group"] == "可以查看组"
    assert names["add_accessattempt"] == "可以添加登录尝试"
    assert [n for n in names.values() if n.startswith("Can ")] == []


def test_it_renames_an_english_name_again_and_then_writes_nothing():
    Permission.objects.filter(codename="change_agency").update(name="Can change agency")
    config = apps.get_app_config("accounts")

    assert rename_permissions(config) == 1
    assert Permission.objects.get(codename="change_agency").name == "可以修改机关"
    with CaptureQueriesContext(connection) as queries:
        assert rename_permissions(config) == 0
    assert [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")] == []
