from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        from gongkai.portal.menu import register_staff_link

        register_staff_link("年度报告", "reports:overview", order=50)
        register_staff_link("年度报告体检", "reports:check", order=60)
