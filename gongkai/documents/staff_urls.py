from django.urls import path

from . import staff_views

app_name = "documents"
urlpatterns = [
    path("letters/", staff_views.letters_home, name="letters"),
    path("letters/<slug:code>/", staff_views.agency_letters, name="agency"),
    path("letters/<slug:code>/numbering/<slug:kind>/", staff_views.edit_pattern, name="pattern"),
    path("letters/<slug:code>/<slug:kind>/", staff_views.edit_template, name="template"),
    path("letters/<slug:code>/<slug:kind>/sample.<str:fmt>", staff_views.sample_file, name="sample"),
    path("letters/<slug:code>/<slug:kind>/<slug:variant>/", staff_views.edit_template, name="template"),
    path("letters/<slug:code>/<slug:kind>/<slug:variant>/sample.<str:fmt>", staff_views.sample_file, name="sample"),
]
