from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfdiagnosisConfig(AppConfig):
    name = "selfdiagnosis"
    verbose_name = _("Autodiagnostic")
