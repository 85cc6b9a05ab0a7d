from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _roles_sync_after_migrate(sender, **kwargs):
    from django.apps import apps

    from .roles import roles_sync

    roles_sync(apps=apps)


class ReviewConfig(AppConfig):
    name = "kyc_portal.review"
    label = "review"
    verbose_name = "Review"

    def ready(self):
        # Once per migrate/flush (sender filter), after every app's permissions exist.
        post_migrate.connect(
            _roles_sync_after_migrate, sender=self, dispatch_uid="review_roles_sync"
        )
