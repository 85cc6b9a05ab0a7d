from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("overview/", views.overview, name="overview"),
]
