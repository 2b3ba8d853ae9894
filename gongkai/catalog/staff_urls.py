from django.urls import path

from . import staff_views as v

app_name = "catalog_staff"
urlpatterns = [
    path("catalog/", v.items, name="items"),
    path("catalog/new/<slug:code>/", v.new_item, name="new"),
    path("catalog/late/", v.late, name="late"),
    path("catalog/searches/", v.searches, name="searches"),
    path("catalog/<int:pk>/", v.item, name="item"),
    path("catalog/<int:pk>/edit/", v.edit_item, name="edit"),
    path("catalog/<int:pk>/revise/", v.revise_item, name="revise"),
    path("catalog/<int:pk>/submit/", v.submit_item, name="submit"),
    path("catalog/<int:pk>/return/", v.return_item, name="return"),
    path("catalog/<int:pk>/publish/", v.publish_item, name="publish"),
    path("catalog/<int:pk>/withdraw/", v.withdraw_item, name="withdraw"),
    path("catalog/<int:pk>/screen/", v.confirm_screen, name="screen"),
    path("catalog/<int:pk>/attachments/", v.add_attachment, name="add_attachment"),
    path("catalog/attachments/<int:pk>/delete/", v.remove_attachment, name="remove_attachment"),
    path("catalog/attachments/<int:pk>/", v.download_attachment, name="download_attachment"),
    path("catalog/terms/<slug:code>/", v.terms, name="terms"),
    path("catalog/synonyms/<slug:code>/", v.synonyms, name="synonyms"),
    path("catalog/settings/<slug:code>/", v.settings_view, name="settings"),
    path("catalog/figures/<slug:code>/<int:year>/", v.figures, name="figures"),
]
