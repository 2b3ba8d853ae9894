from django.contrib import admin

from gongkai.portal.admin_display import data_field

from .kinds import Remedy
from .letters import SOURCE_LABELS
from .models import DocumentsEvent, LetterCounter, LetterTemplate, NumberPattern

#: the keys of a template's or pattern's snapshot (actions.py) and how they read
SNAPSHOT_LABELS = {"title": "标题", "body": "正文", "closing": "结束语", "remedy": "救济条款", "source": "来源",
                   "pattern": "文号格式"}
SNAPSHOT_CHOICES = {"remedy": Remedy, "source": SOURCE_LABELS}


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Platform defaults (agency empty) are edited here; agencies edit theirs under /staff/letters/."""

    list_display = ("title", "agency", "kind", "variant", "remedy", "updated_at", "updated_by")
    list_filter = ("kind", ("agency", admin.EmptyFieldListFilter))
    search_fields = ("title", "body", "agency__name")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(NumberPattern)
class NumberPatternAdmin(admin.ModelAdmin):
    list_display = ("agency", "kind", "pattern", "updated_at")
    list_filter = ("kind",)


@admin.register(LetterCounter)
class LetterCounterAdmin(admin.ModelAdmin):
    """Counters are read-only: changing one by hand would issue a 文号 twice."""

    list_display = ("agency", "kind", "year", "last")
    list_filter = ("kind", "year")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentsEvent)
class DocumentsEventAdmin(admin.ModelAdmin):
    list_display = ("at", "agency", "actor", "action", "kind", "variant")
    list_filter = ("action", "kind")
    fields = readonly_fields = [{"before": "before_shown", "after": "after_shown"}.get(f.name, f.name)
                                for f in DocumentsEvent._meta.fields]
    before_shown = data_field("before", SNAPSHOT_LABELS, "修改前", SNAPSHOT_CHOICES)
    after_shown = data_field("after", SNAPSHOT_LABELS, "修改后", SNAPSHOT_CHOICES)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
