"""Admin: settings and rules are editable; an item's state only changes through actions.py (read-only here)."""

from django.contrib import admin

from gongkai.portal.admin_display import data_field

from .models import Event, FeedbackSettings, Item, Reply, Route, Satisfaction, Survey

#: how the keys of an event's data (written by actions.py) read
EVENT_DATA_LABELS = {"owner_name": "承办人", "previous_name": "原承办人", "value": "评价", "due_on": "答复期限",
                     "owner": "承办人编号", "previous": "原承办人编号", "reply": "答复编号"}


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
    fields = readonly_fields = ["type", "actor", "at", "note", "data_shown"]
    data_shown = data_field("data", EVENT_DATA_LABELS, choices={"value": Satisfaction})


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
