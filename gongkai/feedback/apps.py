from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "gongkai.feedback"
    label = "feedback"
