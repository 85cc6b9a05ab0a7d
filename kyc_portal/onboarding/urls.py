from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("accounts/signup/", views.sign_up, name="sign_up"),
    path("accounts/signin/", views.sign_in, name="sign_in"),
    path("accounts/signout/", views.sign_out, name="sign_out"),
    path("accounts/resume/", views.resume_request, name="resume_request"),
    path("accounts/resume/continue/", views.resume_continue, name="resume_continue"),
    path("accounts/resume/<str:token>/", views.resume_link, name="resume_link"),
    path("onboarding/", views.next_step, name="next"),
    path("onboarding/start/", views.start, name="start"),
    path("onboarding/consent/", views.consent, name="consent"),
    path("onboarding/document/", views.document, name="document"),
    path("onboarding/capture/<str:side>/", views.capture, name="capture"),
    path("onboarding/processing/", views.processing, name="processing"),
    path("onboarding/processing/status/", views.processing_status, name="processing_status"),
    path("onboarding/images/<int:image_id>/", views.image_file, name="image_file"),
    path("onboarding/images/<int:image_id>/retry/", views.image_retry, name="image_retry"),
    path("onboarding/confirm/", views.confirm, name="confirm"),
    path("onboarding/status/", views.status, name="status"),
]
