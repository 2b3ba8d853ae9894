from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    label = "accounts"
    verbose_name = "机关与人员"

    def ready(self):
        from .permission_names import rename_permissions

        # after django.contrib.auth's create_permissions: auth comes first in INSTALLED_APPS
        post_migrate.connect(rename_permissions, dispatch_uid="gongkai.accounts.rename_permissions")
