from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    label = "documents"
    verbose_name = "文书"

    def ready(self):
        from gongkai.portal.menu import register_staff_link

        register_staff_link("文书模板", "documents:letters", order=80)
