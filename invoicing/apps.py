from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "invoicing"
    verbose_name = _("Factures")

    def ready(self) -> None:
        from common.panels import register
        from payments import hooks

        from . import receipts
        from .panels import (
            booking_invoice_panel,
            payment_documents_public_panel,
            payment_documents_staff_panel,
        )

        register("workshop_booking_staff", booking_invoice_panel)
        register("payment_staff", payment_documents_staff_panel)
        register("payment_public", payment_documents_public_panel)
        hooks.register("payment.succeeded", receipts.on_payment_succeeded)
        hooks.register("payment.refunded", receipts.on_payment_refunded)
        hooks.register("payment.documents", receipts.on_payment_documents)
        hooks.register("refund.documents", receipts.on_refund_documents)
