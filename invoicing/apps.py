from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "invoicing"
    verbose_name = _("Factures")

    def ready(self) -> None:
        from common.panels import register

        from .panels import booking_invoice_panel

        register("workshop_booking_staff", booking_invoice_panel)
