from django.contrib import admin
from django.urls import include, path

from kyc_portal.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("backend/api/v1/", include("ocr.urls")),
]
