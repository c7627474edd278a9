"""URL patterns by audience; mounted in config/urls.py under « habitants/ »."""

from django.urls import path

from .views import public, staff

public_patterns = [
    path("", public.MeetView.as_view(), name="meet"),
    path("balade/", public.WalkRequestView.as_view(), name="walk_request"),
    path("balade/<token:token>/", public.WalkStatusView.as_view(), name="walk_status"),
    path("balade/<token:token>/avis/", public.WalkFeedbackView.as_view(), name="walk_feedback"),
    path("eclaireurs/rejoindre/", public.EclaireurApplyView.as_view(), name="apply"),
    path("espace/<token:token>/", public.EclaireurSpaceView.as_view(), name="space"),
    path("espace/<token:token>/absences/", public.GreeterAbsenceAddView.as_view(), name="absence_add"),
    path(
        "espace/<token:token>/absences/retirer/",
        public.GreeterAbsenceRemoveView.as_view(),
        name="absence_remove",
    ),
    path(
        "espace/<token:token>/balades/<uuid:public_id>/accepter/",
        public.WalkAcceptView.as_view(),
        name="walk_accept",
    ),
]

portal_patterns: list = []

staff_patterns = [
    path("", staff.StaffCommunityView.as_view(), name="home"),
    path(
        "eclaireurs/<uuid:public_id>/valider/",
        staff.StaffEclaireurApproveView.as_view(),
        name="eclaireur_approve",
    ),
    path(
        "conseils/<uuid:public_id>/",
        staff.StaffRecommendationModerateView.as_view(),
        name="recommendation_moderate",
    ),
    path("balades/<uuid:public_id>/attribuer/", staff.StaffWalkAssignView.as_view(), name="walk_assign"),
]
