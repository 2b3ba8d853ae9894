"""Admin: the synonym list searched as one word (the vocabulary and query counts are read-only)."""

from django.contrib import admin

from .models import SearchQueryCount, SearchSynonym


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["words", "agency", "updated_at"]
    list_filter = ["agency"]
    search_fields = ["words"]


@admin.register(SearchQueryCount)
class SearchQueryCountAdmin(admin.ModelAdmin):
    list_display = ["month", "agency_code", "query", "searches", "empty"]
    list_filter = ["month", "agency_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
