from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "gongkai.feedback"
    label = "feedback"
    verbose_name = "互动"

    def ready(self):
        from gongkai.portal.menu import register_staff_link

        register_staff_link("互动事项", "feedback_staff:items", 50)
        register_staff_link("互动统计", "feedback_staff:dashboard", 51)
        register_staff_link("在线问卷", "feedback_staff:surveys", 52)
