from django.contrib import admin
from django.urls import include, path

from kyc_portal.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("kyc_portal.onboarding.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/audit/", include("kyc_portal.audit.urls")),
    path("staff/review/", include("kyc_portal.review.urls")),
    path("backend/api/v1/", include("ocr.urls")),
]
