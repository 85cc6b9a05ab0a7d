"""The eKYC portal Django project. Importing it loads the Celery app for shared tasks."""

from .celery import app as celery_app

__all__ = ["celery_app"]
