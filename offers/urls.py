"""URL patterns by audience; mounted in config/urls.py under the app's prefixes."""

from django.urls import path

from .views import portal, public, staff

public_patterns = [
    path("", public.OfferSearchView.as_view(), name="search"),
    path(
        "apidae/notification/<token:token>/",
        public.ApidaeNotificationView.as_view(),
        name="apidae_notification",
    ),
    path("<slug:slug>/", public.OfferDetailView.as_view(), name="detail"),
]
portal_patterns = [
    path("", portal.OfferListView.as_view(), name="offer_list"),
    path("nouvelle/", portal.OfferCreateView.as_view(), name="offer_create"),
    path("<slug:slug>/modifier/", portal.OfferUpdateView.as_view(), name="offer_update"),
    path("<slug:slug>/soumettre/", portal.OfferSubmitView.as_view(), name="offer_submit"),
    path("<slug:slug>/apercu/", portal.OfferPreviewView.as_view(), name="offer_preview"),
]
staff_patterns = [
    path("", staff.StaffOfferListView.as_view(), name="offer_list"),
    path("actions/", staff.StaffOfferBulkView.as_view(), name="offer_bulk"),
    path("imports/", staff.ImportRunListView.as_view(), name="import_list"),
    path("imports/<int:pk>/", staff.ImportRunDetailView.as_view(), name="import_detail"),
    path("correspondances/", staff.TypeMappingListView.as_view(), name="type_mapping_list"),
    path("correspondances/nouvelle/", staff.TypeMappingEditView.as_view(), name="type_mapping_create"),
    path("correspondances/<int:pk>/", staff.TypeMappingEditView.as_view(), name="type_mapping_edit"),
    path(
        "correspondances/<int:pk>/supprimer/",
        staff.TypeMappingDeleteView.as_view(),
        name="type_mapping_delete",
    ),
    path("<slug:slug>/", staff.StaffOfferDetailView.as_view(), name="offer_detail"),
    path("<slug:slug>/rattacher/", staff.StaffOfferLinkMemberView.as_view(), name="offer_link_member"),
    path("<slug:slug>/<slug:action>/", staff.StaffOfferTransitionView.as_view(), name="offer_transition"),
]
