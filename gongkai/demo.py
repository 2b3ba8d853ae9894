"""Demo data: ``gongkai demo`` and the first ``gongkai serve`` call :func:`load`.

Each app has ``gongkai/<app>/demo.py`` with an idempotent ``load()``; they run in the order below
(later apps build on earlier ones: letters need the templates, reports need the cases).
"""

from __future__ import annotations

from django.db import transaction

from gongkai.accounts import demo as accounts
from gongkai.appeals import demo as appeals
from gongkai.catalog import demo as catalog
from gongkai.disclosure import demo as disclosure
from gongkai.documents import demo as documents
from gongkai.feedback import demo as feedback
from gongkai.portal import demo as portal
from gongkai.reports import demo as reports

LOADERS = (accounts, portal, documents, catalog, disclosure, appeals, feedback, reports)


def load() -> None:
    for module in LOADERS:
        with transaction.atomic():
            module.load()


def print_logins() -> None:
    from gongkai.accounts.demo import DEMO_PASSWORD, DEMO_USERS

    print("演示账号（密码均为 %s）：" % DEMO_PASSWORD)
    for username, _name, role_label, agency_code in DEMO_USERS:
        where = f" @ {agency_code}" if agency_code else ""
        print(f"  {username:<14} {role_label}{where}")
