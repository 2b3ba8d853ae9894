from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        from gongkai.portal.menu import register_agency_status, register_staff_link

        from .agency_status import annual_report_status

        register_staff_link("年度报告", "reports:overview", order=50)
        register_staff_link("年度报告体检", "reports:check", order=60)
        register_agency_status("年度报告", annual_report_status)
