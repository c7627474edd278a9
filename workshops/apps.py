from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Ateliers")

    def ready(self) -> None:
        from common.panels import register

        from .panels import offer_member_workshops

        register("offer_public", offer_member_workshops)
