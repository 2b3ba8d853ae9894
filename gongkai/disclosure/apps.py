from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    label = "disclosure"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.portal.menu import register_dashboard_panel, register_staff_link
        from gongkai.portal.tasks import register_daily_job

        from .dashboard import panel
        from .reminders import sweep

        register_staff_link("依申请公开", "disclosure_staff:list", 20)
        register_daily_job("依申请公开期限提醒", sweep)
        register_dashboard_panel("disclosure/staff/_dashboard_panel.html", panel, 20)
