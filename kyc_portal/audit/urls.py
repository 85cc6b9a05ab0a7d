from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("history/", views.history, name="history"),
    path("history/export.csv", views.export_csv, name="export"),
    path("timeline/<int:application_id>/", views.timeline, name="timeline"),
]
