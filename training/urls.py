"""URL patterns by audience; mounted in config/urls.py under « formations/ »."""

from django.urls import path

from .views import portal, public, staff

public_patterns = [
    path("", public.TrainingListView.as_view(), name="training_list"),
    path("attestation/<token:token>/", public.CertificatePublicView.as_view(), name="certificate"),
    path("<slug:slug>/", public.TrainingDetailView.as_view(), name="training_detail"),
]

portal_patterns = [
    path("", portal.PortalTrainingListView.as_view(), name="training_list"),
    path("inscription/", portal.PortalRegisterView.as_view(), name="register"),
    path("attestations/<ref:reference>/", portal.PortalCertificateView.as_view(), name="certificate"),
    path("documents/", portal.PortalDocumentListView.as_view(), name="document_list"),
    path("documents/telecharger/", portal.PortalDocumentDownloadView.as_view(), name="document_download"),
]

staff_patterns = [
    path("", staff.StaffTrainingListView.as_view(), name="training_list"),
    path("nouvelle/", staff.StaffTrainingCreateView.as_view(), name="training_create"),
    path("seances/<uuid:public_id>/", staff.StaffAttendanceView.as_view(), name="attendance"),
    path("<slug:slug>/", staff.StaffTrainingEditView.as_view(), name="training_edit"),
]
