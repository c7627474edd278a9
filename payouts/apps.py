from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayoutsConfig(AppConfig):
    name = "payouts"
    verbose_name = _("Versements aux membres")

    def ready(self) -> None:
        from shop.services.statements import register_row_source

        from .selectors import workshop_statement_rows

        # Workshop seats paid online enter the member's monthly statement beside shop sales,
        # so shop's ``statement_compute`` stays the one computation of gross, commission, net.
        register_row_source(workshop_statement_rows)
