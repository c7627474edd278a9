from django.urls import path

from .views import portal, public, site, staff, stay

app_name = "pages"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("contact/", site.ContactView.as_view(), name="contact"),
    # The four legal pages at their usual French addresses (only these: the root belongs to apps).
    path(
        "mentions-legales/", site.LegalPageView.as_view(), {"slug": "mentions-legales"}, name="legal_notice"
    ),
    path(
        "conditions-de-vente/",
        site.LegalPageView.as_view(),
        {"slug": "conditions-de-vente"},
        name="legal_sales",
    ),
    path("confidentialite/", site.LegalPageView.as_view(), {"slug": "confidentialite"}, name="legal_privacy"),
    path(
        "accessibilite/", site.LegalPageView.as_view(), {"slug": "accessibilite"}, name="legal_accessibility"
    ),
    path("staff/site/", site.SiteSettingsView.as_view(), name="site_settings"),
    path("staff/site/pages/<slug:slug>/", site.LegalPageEditView.as_view(), name="legal_edit"),
    path("staff/site/offices/nouveau/", site.OfficeEditView.as_view(), name="office_create"),
    path("staff/site/offices/<int:pk>/", site.OfficeEditView.as_view(), name="office_edit"),
    path("artisans/<slug:slug>/", public.MemberPageView.as_view(), name="member_detail"),
    path("apres-connexion/", public.AfterLoginView.as_view(), name="after_login"),
    path("portail/", portal.PortalHomeView.as_view(), name="portal_home"),
    path("staff/", staff.StaffHomeView.as_view(), name="staff_home"),
]

urlpatterns += [
    path("sejour/", stay.StayView.as_view(), name="stay"),
    path("sejour/seances/ajouter/", stay.StaySeatAddView.as_view(), name="stay_seat_add"),
    path("sejour/produits/ajouter/", stay.StayProductAddView.as_view(), name="stay_product_add"),
    path("sejour/retirer/", stay.StayRemoveView.as_view(), name="stay_remove"),
    path("sejour/valider/", stay.StayCheckoutView.as_view(), name="stay_checkout"),
    path("sejour/confirmation/<uuid:key>/", stay.StayConfirmationView.as_view(), name="stay_confirmation"),
    path("staff/sejour/", stay.DeskStayView.as_view(), name="desk_stay"),
    path("staff/sejour/seances/ajouter/", stay.DeskSeatAddView.as_view(), name="desk_stay_seat_add"),
    path("staff/sejour/produits/ajouter/", stay.DeskProductAddView.as_view(), name="desk_stay_product_add"),
    path("staff/sejour/retirer/", stay.DeskRemoveView.as_view(), name="desk_stay_remove"),
    path("staff/sejour/valider/", stay.DeskCheckoutView.as_view(), name="desk_stay_checkout"),
    path(
        "staff/sejour/confirmation/<uuid:key>/",
        stay.DeskConfirmationView.as_view(),
        name="desk_stay_confirmation",
    ),
]
