"""URLs, grouped by audience: public site, member portal (/portail/), staff pages (/staff/)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

import community.urls
import invoicing.urls
import network.urls
import offers.urls
import partners.urls
import payments.urls
import payouts.urls
import places.urls
import relations.urls
import selfdiagnosis.urls
import shop.urls
import training.urls
import vouchers.urls
import workshops.urls
from common import views as common_views
from partners.api import api as partners_api

admin.site.site_header = "Maillage — administration"
admin.site.site_title = "Maillage"

APPS = {
    # app label: (module, public prefix)
    "network": (network.urls, "reseau/"),
    "offers": (offers.urls, "offres/"),
    "workshops": (workshops.urls, "ateliers/"),
    "shop": (shop.urls, "boutique/"),
    "selfdiagnosis": (selfdiagnosis.urls, "autodiagnostic/"),
    "partners": (partners.urls, "partenaires/"),
    "places": (places.urls, "maison/"),
    "community": (community.urls, "habitants/"),
    "training": (training.urls, "formations/"),
    "payments": (payments.urls, "paiements/"),
    "vouchers": (vouchers.urls, "bons-cadeaux/"),
    "invoicing": (invoicing.urls, "factures/"),
    "payouts": (payouts.urls, "versements/"),
    "relations": (relations.urls, "relations/"),
}

urlpatterns = [
    path("healthz", common_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", partners_api.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("pages.urls")),
]

for label, (module, prefix) in APPS.items():
    urlpatterns += [
        path(prefix, include((module.public_patterns, label))),
        path(f"portail/{prefix}", include((module.portal_patterns, f"{label}_portal"))),
        path(f"staff/{prefix}", include((module.staff_patterns, f"{label}_staff"))),
    ]

if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    # Bounce and complaint reports of the sending service, basic-auth secret. Only the configured
    # service's tracking webhook is mounted: anymail's other views need keys we do not have and
    # answered any call with a 500.
    from common.mail_webhooks import tracking_webhook_view

    urlpatterns.append(
        path(
            f"anymail/{settings.ANYMAIL_ESP}/tracking/",
            tracking_webhook_view(settings.ANYMAIL_ESP),
            name=f"anymail_{settings.ANYMAIL_ESP}_tracking_webhook",
        )
    )

handler400 = "common.views.error_400"
handler403 = "common.views.error_403"
handler404 = "common.views.error_404"
handler500 = "common.views.error_500"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
