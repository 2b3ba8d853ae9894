from django.urls import path

from . import staff_views

app_name = "disclosure_staff"
urlpatterns = [
    path("applications/", staff_views.work_list, name="list"),
    path("applications/register/", staff_views.register, name="register"),
    path("applications/identity-log/", staff_views.identity_log, name="identity_log"),
    path("applications/<slug:number>/", staff_views.case, name="case"),
    path("applications/<slug:number>/steps/<slug:step>/", staff_views.take_step, name="step"),
    path("applications/<slug:number>/assign/", staff_views.assign, name="assign"),
    path("applications/<slug:number>/letters/<int:letter_id>.<str:fmt>", staff_views.letter, name="letter"),
    path("applications/<slug:number>/releases/", staff_views.upload_release, name="upload_release"),
    path("applications/<slug:number>/releases/<int:release_id>/", staff_views.release, name="release"),
    path("applications/<slug:number>/corrections/files/<int:attachment_id>", staff_views.correction_file,
         name="correction_file"),
]
