from django.urls import path

from . import site_error, views

app_name = "feedback"
urlpatterns = [
    path("agencies/<slug:code>/feedback/", views.submit, name="submit"),
    path("agencies/<slug:code>/questions/", views.questions, name="questions"),
    path("agencies/<slug:code>/surveys/", views.agency_surveys, name="agency_surveys"),
    path("feedback/site-error/", site_error.report, name="site_error"),
    path("feedback/submitted", views.submitted, name="submitted"),
    path("feedback/track", views.track, name="track"),
    path("feedback/rate/<str:token>/", views.rate, name="rate"),
    path("surveys/<int:pk>/", views.answer, name="answer"),
    path("surveys/<int:pk>/results/", views.results, name="results"),
    path("surveys/<int:pk>/qr.svg", views.qr, name="qr"),
]
