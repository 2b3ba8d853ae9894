from django.contrib import admin

from .models import Appeal, AppealEvent


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    readonly_fields = ("type", "actor", "recorded_at", "data")

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
