"""Development: DEBUG on, console email, embedded PostgreSQL unless DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "0.0.0.0"])
# The demo staff accounts skip two-factor set-up so that a first visit is quick;
# the login page says so. Real staff accounts still need it.
STAFF_MFA_EXEMPT_EMAILS = env.list(
    "STAFF_MFA_EXEMPT_EMAILS",
    default=["accueil@maillage.demo", "coordination@maillage.demo", "admin@maillage.demo"],
)

# Eager Celery tasks log every run at INFO: keep the console readable.
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "celery.app.trace": {"level": "WARNING"}}}  # noqa: F405

# Development and demo only: a fictitious account of the office, so the demo's SEPA export works.
# Production takes OFFICE_IBAN / OFFICE_BIC from the environment (empty: export refused).
OFFICE_IBAN = env("OFFICE_IBAN", default="FR7610107001011234567890129")
OFFICE_BIC = env("OFFICE_BIC", default="BREDFRPPXXX")
