"""URL patterns by audience; mounted in config/urls.py under the app's prefixes."""

from django.urls import path

from .views import portal, public, staff

public_patterns: list = [
    path("label-bienveillant/", public.BadgeExplainedView.as_view(), name="badge"),
    path("r/<token:token>/", public.AssessmentRespondView.as_view(), name="respond"),
    path("r/<token:token>/signer/", public.AssessmentSignView.as_view(), name="sign"),
    path("r/<token:token>/section/<slug:code>/", public.AssessmentSectionView.as_view(), name="section"),
    path("r/<token:token>/enregistrer/<slug:code>/", public.AnswerAutosaveView.as_view(), name="autosave"),
    path("r/<token:token>/justificatif/<slug:code>/", public.EvidenceDownloadView.as_view(), name="evidence"),
]
portal_patterns: list = [
    path("", portal.AssessmentListView.as_view(), name="assessment_list"),
    path("<uuid:public_id>/", portal.AssessmentResultView.as_view(), name="assessment_result"),
]
staff_patterns: list = [
    path("", staff.CampaignListView.as_view(), name="campaign_list"),
    path("campagnes/nouvelle/", staff.CampaignCreateView.as_view(), name="campaign_create"),
    path("campagnes/<uuid:public_id>/", staff.CampaignDetailView.as_view(), name="campaign_detail"),
    path("evaluations/<uuid:public_id>/", staff.AssessmentReviewView.as_view(), name="assessment_review"),
    path(
        "evaluations/<uuid:public_id>/justificatif/<slug:code>/",
        staff.EvidenceStaffView.as_view(),
        name="evidence",
    ),
    path(
        "questionnaires/<slug:code>/v<int:version>/",
        staff.QuestionnairePreviewView.as_view(),
        name="questionnaire_preview",
    ),
    path("synthese/", staff.SynthesisView.as_view(), name="synthesis"),
    path("offices/", staff.OfficeSynthesisView.as_view(), name="office_synthesis"),
]
