from django.contrib import admin

from .models import DocumentsEvent, LetterCounter, LetterTemplate, NumberPattern


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
    readonly_fields = [f.name for f in DocumentsEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
