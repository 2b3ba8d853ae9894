from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    label = "disclosure"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.portal.menu import register_staff_link

        register_staff_link("依申请公开", "disclosure_staff:list", 20)
