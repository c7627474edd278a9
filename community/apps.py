from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Éclaireurs et greeters")

    def ready(self) -> None:
        from common.panels import register

        from .panels import offer_advice, workshop_advice

        register("workshop_public", workshop_advice)
        register("offer_public", offer_advice)
