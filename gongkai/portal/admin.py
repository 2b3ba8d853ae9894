"""The third-party apps' admin pages in Chinese: django-axes (登录失败锁定) and django-tasks-db (后台任务).

Their field and model names are translatable strings, translated in gongkai/portal/locale. What is
not — a column named after a method ("Status", "Task name"), a label given as a plain string
("run after"), an object's English ``__str__`` ("Attempted Access: …"), a task's raw JSON arguments —
is given here: the same admin classes re-registered with Chinese labels, and Chinese names for their
objects.
"""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django_tasks_db import admin as tasks_admin
from django_tasks_db.models import DBTaskResult

from .admin_display import data_field


def _at(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


AccessAttempt.__str__ = lambda self: f"{self.username} 的登录尝试（{_at(self.attempt_time)}）"
AccessLog.__str__ = lambda self: f"{self.username} 的登录记录（{_at(self.attempt_time)}）"
AccessFailureLog.__str__ = lambda self: (f"{self.username} 登录失败（{_at(self.attempt_time)}）"
                                         + ("，已锁定" if self.locked_out else ""))
DBTaskResult.__str__ = lambda self: f"后台任务 {self.task_name}（{self.get_status_display()}）"


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description="失效时间")
    def expiration(self, obj):
        return obj.expiration.expires_at if hasattr(obj, "expiration") else "未设置"

    @admin.display(description="锁定状态")
    def status(self, obj):
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return f"还可尝试{left}次" if left > 0 else "已锁定"


class DBTaskResultAdmin(tasks_admin.DBTaskResultAdmin):
    args_shown = data_field("args_kwargs", {"args": "位置参数", "kwargs": "关键字参数"}, "参数")
    return_shown = data_field("return_value", {}, "返回值")

    def get_readonly_fields(self, request, obj=None):
        shown = {"args_kwargs": "args_shown", "return_value": "return_shown"}
        return [shown.get(name, name) for name in super().get_readonly_fields(request, obj)]

    @admin.display(description="任务")
    def task_name(self, obj):
        return obj.task_name

    @admin.display(description="错误跟踪")
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description="计划运行时间")
    def display_run_after(self, obj):
        return super().display_run_after(obj)


for model, model_admin in ((AccessAttempt, AccessAttemptAdmin), (DBTaskResult, DBTaskResultAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
