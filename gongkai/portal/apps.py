from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
