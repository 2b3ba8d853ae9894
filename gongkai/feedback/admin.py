"""Admin: settings and rules are editable; an item's state only changes through actions.py (read-only here)."""

from django.contrib import admin

from .models import Event, FeedbackSettings, Item, Reply, Route, Survey


@admin.register(FeedbackSettings)
class FeedbackSettingsAdmin(admin.ModelAdmin):
    list_display = ["agency", "inquiry_days", "complaint_days", "suggestion_days", "remind_days", "accepts_public"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["agency", "kind", "owner"]
    list_filter = ["kind"]


class ReplyInline(admin.TabularInline):
    model = Reply
    extra = 0
    can_delete = False
    readonly_fields = ["text", "replied_by", "created_at"]


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    readonly_fields = ["type", "actor", "at", "note", "data"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["number", "agency", "kind", "channel", "subject", "status", "owner", "received_on", "due_on"]
    list_filter = ["status", "kind", "channel", "agency"]
    search_fields = ["number", "subject"]
    inlines = [ReplyInline, EventInline]
    readonly_fields = [f.name for f in Item._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "opens_on", "closes_on", "state", "results_public"]
    readonly_fields = ["state", "launched_at", "created_by"]
