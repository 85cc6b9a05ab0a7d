"""The onboarding is wired into the project: beat schedule, sign-in URL, home page link."""

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from kyc_portal.celery import app
from kyc_portal.onboarding import views


def test_sweep_is_scheduled_and_registered():
    entry = settings.CELERY_BEAT_SCHEDULE["onboarding-sweep"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= 300  # well under the 5-minute stuck threshold


def test_login_url_is_our_sign_in():
    assert resolve(settings.LOGIN_URL).func is views.sign_in


@pytest.mark.django_db
def test_home_links_to_the_start(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("onboarding:start")}"' in html
