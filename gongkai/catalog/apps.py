from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "主动公开"

    def ready(self):
        from gongkai.portal.menu import register_staff_link

        register_staff_link("主动公开目录", "catalog_staff:items", 20)
        register_staff_link("超期发布", "catalog_staff:late", 21)
