"""Permission names in Chinese (可以添加机关), not Django's "Can add 机关".

Django stores each model's four permissions in auth_permission under an English name built from
``verbose_name_raw`` ("Can add agency", "Can change 机关"), and the admin's user and group pages
list them by it. After every migrate this renames the built-in four of each installed model — the
project's and Django's own — from the model's Chinese name. A name already right is left alone, so
running it again writes nothing; a model's new verbose name is picked up at the next migrate.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, router
from django.utils import translation

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
NAME_LENGTH = 255  # Permission.name


def chinese_name(action: str, opts) -> str:
    with translation.override("zh-hans"):
        return f"可以{ACTIONS[action]}{opts.verbose_name}"[:NAME_LENGTH]


def rename_permissions(app_config, using: str = DEFAULT_DB_ALIAS, **kwargs) -> int:
    """``post_migrate`` receiver (after ``create_permissions``, which auth connects first): give the
    app's built-in permissions their Chinese names. Returns how many were renamed."""
    from django.contrib.auth.models import Permission

    if not app_config.models_module or not router.allow_migrate_model(using, Permission):
        return 0
    wanted = {(opts.model_name, f"{action}_{opts.model_name}"): chinese_name(action, opts)
              for opts in (model._meta for model in app_config.get_models())
              for action in opts.default_permissions if action in ACTIONS}
    changed = []
    for permission in (Permission.objects.using(using).select_related("content_type")
                       .filter(content_type__app_label=app_config.label)):
        name = wanted.get((permission.content_type.model, permission.codename))
        if name and permission.name != name:
            permission.name = name
            changed.append(permission)
    Permission.objects.using(using).bulk_update(changed, ["name"])
    return len(changed)
