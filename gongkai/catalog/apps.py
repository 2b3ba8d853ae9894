from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "主动公开"

    def ready(self):
        from gongkai.portal.cache import register_hit_hook
        from gongkai.portal.menu import register_staff_link
        from gongkai.portal.tasks import register_daily_job

        from .search.querylog import count_cached
        from .tasks import send_due_notices

        register_staff_link("主动公开目录", "catalog_staff:items", 20)
        register_staff_link("超期发布", "catalog_staff:late", 21)
        register_staff_link("检索统计", "catalog_staff:searches", 22)
        register_daily_job("主动公开订阅通知", send_due_notices)
        register_hit_hook(count_cached)
