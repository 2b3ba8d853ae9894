from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("agencies/<slug:code>/apply/", views.apply, name="apply"),
    path("agencies/<slug:code>/apply/matches", views.apply_matches, name="apply_matches"),
    path("applications/submitted/", views.submitted, name="submitted"),
    path("applications/track/", views.track, name="track"),
    path("applications/track/<slug:number>/", views.track_detail, name="track_detail"),
    path("applications/track/<slug:number>/export.zip", views.track_export, name="track_export"),
    path("applications/track/<slug:number>/letters/<int:letter_id>.<str:fmt>", views.track_letter,
         name="track_letter"),
    path("applications/track/<slug:number>/correction/", views.track_correction, name="track_correction"),
    path("applications/track/<slug:number>/released/<int:release_id>.pdf", views.track_release,
         name="track_release"),
    path("account/", views.my_applications, name="my_applications"),
]
