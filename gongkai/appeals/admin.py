from django.contrib import admin

from gongkai.portal.admin_display import data_field

from .models import Appeal, AppealEvent, Kind, Result

#: how the keys of an event's data (written by actions.py) read
EVENT_DATA_LABELS = {"kind": "类型", "filed_on": "申请/立案日期", "case_number": "案号", "applications": "涉及的申请",
                     "result": "结果", "concluded_on": "审结日期", "reopened": "重新办理的申请",
                     "previous": "撤销前", "reason": "理由"}


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("type", "actor", "recorded_at", "data_shown")
    data_shown = data_field("data", EVENT_DATA_LABELS, choices={"kind": Kind, "result": Result})

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Read-only here: cases change through the staff pages (actions with an audit trail)."""

    list_display = ("agency", "kind", "case_number", "filed_on", "result", "concluded_on")
    list_filter = ("kind", "result")
    inlines = [AppealEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
