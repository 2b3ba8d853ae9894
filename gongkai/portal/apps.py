from django.apps import AppConfig

#: what an empty choice says in every select (Django's default is "---------")
EMPTY_LABEL = "请选择"


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "门户与网站标识"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
        use_chinese_empty_labels()
        name_third_party_apps()


#: the admin's section headings of third-party apps, whose names are not translatable strings
THIRD_PARTY_APP_NAMES = {"axes": "登录失败锁定", "django_tasks_database": "后台任务", "auth": "认证和授权"}


def name_third_party_apps() -> None:
    from django.apps import apps

    for label, name in THIRD_PARTY_APP_NAMES.items():
        if label in apps.app_configs:
            apps.app_configs[label].verbose_name = name


def use_chinese_empty_labels() -> None:
    """Replace Django's "---------" with 请选择 in every select: the model fields' blank choice
    (a list every ``Field.get_choices`` shares) and ``ModelChoiceField``'s default empty label.
    A form that sets its own ``empty_label`` keeps it."""
    from django import forms
    from django.db.models import fields

    fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_LABEL)]
    for cls in (forms.ModelChoiceField,):
        defaults = cls.__init__.__kwdefaults__
        if defaults and defaults.get("empty_label") == "---------":
            defaults["empty_label"] = EMPTY_LABEL
