from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "gongkai.feedback"
    label = "feedback"
    verbose_name = "互动"

    def ready(self):
        from gongkai.portal.menu import register_staff_link
        from gongkai.portal.tasks import register_daily_job

        from .actions import remind_items

        register_staff_link("互动事项", "feedback_staff:items", 50)
        register_staff_link("互动统计", "feedback_staff:dashboard", 51)
        register_staff_link("在线问卷", "feedback_staff:surveys", 52)
        register_daily_job("互动事项提醒和督办", remind_items)
