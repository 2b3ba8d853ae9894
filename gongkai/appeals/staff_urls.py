from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("appeals/", views.appeal_list, name="list"),
    path("appeals/new/", views.appeal_new, name="new"),
    path("appeals/<int:pk>/", views.appeal_detail, name="detail"),
]
