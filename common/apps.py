from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Commun")

    def ready(self) -> None:
        from . import converters  # noqa: F401  (registers the token/ref path converters)
        from .permissions import grant_staff_permissions

        # Permissions rows exist only once migrate has run; keep the groups' rights in step.
        post_migrate.connect(grant_staff_permissions, dispatch_uid="maillage_staff_permissions")
