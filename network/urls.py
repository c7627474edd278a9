"""URL patterns by audience; mounted in config/urls.py under the app's prefixes."""

from django.urls import path

from .views import portal, public, staff

public_patterns = [
    path("", public.DirectoryView.as_view(), name="directory"),
    path("charte/", public.CharterView.as_view(), name="charter"),
    path("charte/v<int:number>/", public.CharterView.as_view(), name="charter_version"),
    path("rejoindre/", public.ApplyView.as_view(), name="apply"),
    path("candidature/<token:token>/", public.ApplicationStatusView.as_view(), name="application_status"),
    path(
        "contacts/desinscription/<token:token>/",
        public.ContactUnsubscribeView.as_view(),
        name="contact_unsubscribe",
    ),
]

portal_patterns = [
    path("profil/", portal.ProfileEditView.as_view(), name="profile"),
    path("photos/", portal.PhotoListView.as_view(), name="photos"),
    path("photos/<int:pk>/supprimer/", portal.PhotoDeleteView.as_view(), name="photo_delete"),
    path("emplacement/", portal.LocationView.as_view(), name="location"),
    path("collegues/", portal.ColleagueInviteView.as_view(), name="colleagues"),
    path("charte/", portal.CharterSignView.as_view(), name="charter"),
    path("renouvellement/", portal.RenewalView.as_view(), name="renewal"),
]

staff_patterns = [
    path("candidatures/", staff.ApplicationListView.as_view(), name="application_list"),
    path("candidatures/<ref:reference>/", staff.ApplicationDetailView.as_view(), name="application_detail"),
    path(
        "candidatures/<ref:reference>/prendre-en-charge/",
        staff.ApplicationTakeChargeView.as_view(),
        name="application_take_charge",
    ),
    path(
        "candidatures/<ref:reference>/pieces/<int:pk>/",
        staff.ApplicationDocumentView.as_view(),
        name="application_document",
    ),
    path("membres/", staff.MemberListView.as_view(), name="member_list"),
    path("membres/export.csv", staff.MemberExportView.as_view(), name="member_export"),
    path("membres/<slug:slug>/", staff.MemberDetailView.as_view(), name="member_detail"),
    path("charte/", staff.CharterStatusView.as_view(), name="charter_status"),
    path("charte/publier/", staff.CharterPublishView.as_view(), name="charter_publish"),
    path("charte/brouillon/", staff.CharterDraftView.as_view(), name="charter_draft"),
    path("charte/brouillon/publier/", staff.CharterDraftPublishView.as_view(), name="charter_draft_publish"),
    path(
        "charte/brouillon/abandonner/", staff.CharterDraftDiscardView.as_view(), name="charter_draft_discard"
    ),
    path("capacites/", staff.CapacityRuleListView.as_view(), name="capacity_list"),
    path("capacites/<int:pk>/supprimer/", staff.CapacityRuleDeleteView.as_view(), name="capacity_delete"),
    path("modeles-de-reponse/", staff.DecisionTemplateListView.as_view(), name="template_list"),
    path("modeles-de-reponse/<int:pk>/", staff.DecisionTemplateEditView.as_view(), name="template_edit"),
    path(
        "modeles-de-reponse/<int:pk>/supprimer/",
        staff.DecisionTemplateDeleteView.as_view(),
        name="template_delete",
    ),
    path("savoir-faire/", staff.CraftInventoryView.as_view(), name="inventory"),
    path("contacts/", staff.ContactListView.as_view(), name="contact_list"),
    path("contacts/export.csv", staff.ContactExportView.as_view(), name="contact_export"),
]
