from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        from gongkai.portal.menu import register_agency_status, register_dashboard_panel, register_staff_link
        from gongkai.portal.tasks import register_daily_job

        from .agency_status import annual_report_status
        from .dashboard import panel
        from .inspection import daily_inspection
        from .permissions import can_inspect

        register_staff_link("年度报告", "reports:overview", order=50)
        register_staff_link("年度报告体检", "reports:check", order=60)
        register_staff_link("网站自查", "reports:inspection", order=61, shown_to=can_inspect)
        register_agency_status("年度报告", annual_report_status)
        register_dashboard_panel("reports/staff/_dashboard_panel.html", panel, 40)
        register_daily_job("网站自查", daily_inspection)
