from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Open to partners: the read-only public API, the open-data feed and the booking widget."""

    name = "partners"
    verbose_name = _("Partenaires : API, données ouvertes, widget")
    default_auto_field = "django.db.models.BigAutoField"
