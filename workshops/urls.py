"""URL patterns by audience; mounted in config/urls.py under the app's prefixes."""

from django.urls import path

from .views import portal, public, staff

public_patterns = [
    path("", public.CatalogueView.as_view(), name="catalogue"),
    path("reservation/<token:token>/", public.BookingManageView.as_view(), name="booking_manage"),
    path("reservation/<token:token>/atelier.ics", public.BookingIcsView.as_view(), name="booking_ics"),
    path("reservation/<token:token>/avis/", public.ReviewView.as_view(), name="review"),
    path("liste-attente/<token:token>/", public.WaitlistClaimView.as_view(), name="waitlist_claim"),
    path("groupes/<token:token>/", public.GroupProposalView.as_view(), name="group_proposal"),
    path("agenda/<token:token>.ics", public.MemberFeedView.as_view(), name="member_feed"),
    path("<slug:slug>/", public.WorkshopDetailView.as_view(), name="workshop_detail"),
    path("<slug:slug>/groupe/", public.GroupRequestView.as_view(), name="group_request"),
    path(
        "<slug:slug>/seances/<uuid:public_id>/reserver/",
        public.BookingCreateView.as_view(),
        name="booking_create",
    ),
    path(
        "<slug:slug>/seances/<uuid:public_id>/liste-attente/",
        public.WaitlistJoinView.as_view(),
        name="waitlist_join",
    ),
]

portal_patterns = [
    path("", portal.WorkshopListView.as_view(), name="workshop_list"),
    path("nouvel-atelier/", portal.WorkshopCreateView.as_view(), name="workshop_create"),
    path("groupes/", portal.GroupRequestListView.as_view(), name="group_request_list"),
    path("groupes/<uuid:public_id>/", portal.GroupRequestProposeView.as_view(), name="group_request_propose"),
    path("avis/", portal.ReviewListView.as_view(), name="review_list"),
    path("agenda/", portal.CalendarFeedView.as_view(), name="calendar_feed"),
    path("seances/<uuid:public_id>/", portal.SessionDetailView.as_view(), name="session_detail"),
    path("seances/<uuid:public_id>/annuler/", portal.SessionCancelView.as_view(), name="session_cancel"),
    path("seances/<uuid:public_id>/decision/", portal.SessionDecideView.as_view(), name="session_decide"),
    path("seances/<uuid:public_id>/places/", portal.SessionCapacityView.as_view(), name="session_capacity"),
    path("seances/<uuid:public_id>/presence/", portal.BookingAttendanceView.as_view(), name="attendance"),
    path(
        "seances/<uuid:public_id>/tous-presents/",
        portal.SessionAllPresentView.as_view(),
        name="all_present",
    ),
    path(
        "seances/<uuid:public_id>/participants/",
        portal.ParticipantsPrintView.as_view(),
        name="participants_print",
    ),
    path(
        "seances/<uuid:public_id>/participants.csv",
        portal.ParticipantsCsvView.as_view(),
        name="participants_csv",
    ),
    path("<slug:slug>/", portal.WorkshopSessionsView.as_view(), name="workshop_sessions"),
    path("<slug:slug>/modifier/", portal.WorkshopUpdateView.as_view(), name="workshop_update"),
    path("<slug:slug>/photos/", portal.WorkshopPhotosView.as_view(), name="workshop_photos"),
]

staff_patterns = [
    path("", staff.DeskView.as_view(), name="desk"),
    path("chiffres/", staff.FiguresView.as_view(), name="figures"),
    path("avis/", staff.StaffReviewListView.as_view(), name="review_list"),
    path("contacts.csv", staff.ContactsCsvView.as_view(), name="contacts_csv"),
    path("groupes/", staff.StaffGroupRequestListView.as_view(), name="group_request_list"),
    path(
        "groupes/<uuid:public_id>/",
        staff.StaffGroupRequestProposeView.as_view(),
        name="group_request_propose",
    ),
    path("seances/<uuid:public_id>/", staff.StaffSessionView.as_view(), name="session_detail"),
    path("reservations/<ref:reference>/", staff.StaffBookingView.as_view(), name="booking_detail"),
]
