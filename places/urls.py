"""URL patterns by audience; mounted in config/urls.py under « maison/ »."""

from django.urls import path

from .views import portal, public, staff

public_patterns = [
    path("", public.SpaceListView.as_view(), name="space_list"),
    path("visite-scolaire/", public.SchoolVisitView.as_view(), name="school_visit"),
    path("demande/<token:token>/", public.RequestStatusView.as_view(), name="request_status"),
    path("demande/<token:token>/annuler/", public.RequestCancelView.as_view(), name="request_cancel"),
    path("<slug:slug>/", public.SpaceDetailView.as_view(), name="space_detail"),
    path("<slug:slug>/demander/", public.SpaceRequestView.as_view(), name="space_request"),
]

portal_patterns = [
    path("", portal.PortalSpaceListView.as_view(), name="space_list"),
    path(
        "reservations/<uuid:public_id>/annuler/",
        portal.PortalBookingCancelView.as_view(),
        name="booking_cancel",
    ),
    path("reserver/", portal.PortalBookView.as_view(), name="book"),
]

staff_patterns = [
    path("", staff.StaffRequestListView.as_view(), name="request_list"),
    path("semaine/", staff.StaffWeekView.as_view(), name="week"),
    path("occupation/", staff.StaffOccupancyView.as_view(), name="occupancy"),
    path("demandes/<uuid:public_id>/", staff.StaffRequestDecideView.as_view(), name="request_detail"),
]
