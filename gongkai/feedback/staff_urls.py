from django.urls import path

from . import staff_views as v

app_name = "feedback_staff"
urlpatterns = [
    path("feedback/", v.items, name="items"),
    path("feedback/new/", v.register, name="register"),
    path("feedback/dashboard/", v.dashboard, name="dashboard"),
    path("feedback/settings/<slug:code>/", v.settings_view, name="settings"),
    path("feedback/<str:number>/", v.item, name="item"),
    path("feedback/<str:number>/assign/", v.assign, name="assign"),
    path("feedback/<str:number>/reply/", v.reply, name="reply"),
    path("feedback/<str:number>/publish/", v.publish, name="publish"),
    path("feedback/<str:number>/unpublish/", v.unpublish, name="unpublish"),
    path("feedback/<str:number>/close/", v.close, name="close"),
    path("feedback/<str:number>/reopen/", v.reopen, name="reopen"),
    path("feedback/<str:number>/attachments/<int:pk>/", v.attachment, name="attachment"),
    path("surveys/", v.surveys, name="surveys"),
    path("surveys/new/", v.survey_new, name="survey_new"),
    path("surveys/<int:pk>/", v.survey, name="survey"),
    path("surveys/<int:pk>/edit/", v.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/questions/", v.survey_question, name="survey_question"),
    path("surveys/<int:pk>/questions/<int:qid>/delete/", v.survey_question_delete, name="survey_question_delete"),
    path("surveys/<int:pk>/launch/", v.survey_launch, name="survey_launch"),
    path("surveys/<int:pk>/close/", v.survey_close, name="survey_close"),
    path("surveys/<int:pk>/export.<str:fmt>", v.survey_export, name="survey_export"),
]
