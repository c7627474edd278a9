from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = "Paiements"

    def ready(self) -> None:
        from django.conf import settings

        # A secret key without a webhook secret would take money without ever learning the
        # outcome from the provider: refuse to start rather than run half-configured.
        if settings.STRIPE_SECRET_KEY and not settings.STRIPE_WEBHOOK_SECRET:
            raise ImproperlyConfigured("STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set.")
