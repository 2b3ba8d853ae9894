from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    label = "appeals"
    verbose_name = "复议诉讼"

    def ready(self):
        from gongkai.portal.menu import register_staff_link

        register_staff_link("复议诉讼", "appeals:list", order=40)
