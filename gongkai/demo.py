"""Demo data: ``gongkai demo`` and the first ``gongkai serve`` call :func:`load`.

Each app contributes ``gongkai/<app>/demo.py`` with an idempotent ``load()``; they run in the
order below (later apps build on earlier ones).
"""

from __future__ import annotations

import importlib

from django.db import transaction

DEMO_APPS = ("accounts", "documents", "catalog", "disclosure", "appeals", "feedback", "reports")


def _modules():
    for app in DEMO_APPS:
        name = f"gongkai.{app}.demo"
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise


def load() -> None:
    for module in _modules():
        with transaction.atomic():
            module.load()


def print_logins() -> None:
    from gongkai.accounts.demo import DEMO_PASSWORD, DEMO_USERS

    print("演示账号（密码均为 %s）：" % DEMO_PASSWORD)
    for username, _name, role_label, agency_code in DEMO_USERS:
        where = f" @ {agency_code}" if agency_code else ""
        print(f"  {username:<14} {role_label}{where}")
