"""URL patterns by audience; mounted in config/urls.py under « relations/ »."""

from django.urls import path

from .views import public, staff

public_patterns = [
    path("lettre/", public.NewsletterSignupView.as_view(), name="newsletter"),
    path("lettre/<str:token>/", public.NewsletterConfirmView.as_view(), name="newsletter_confirm"),
    path("desinscription/<str:token>/", public.OneClickUnsubscribeView.as_view(), name="one_click"),
    path("enquetes/<str:token>/", public.SurveysOptOutView.as_view(), name="surveys_opt_out"),
    path("sejour/<str:token>/", public.StaySurveyView.as_view(), name="stay_survey"),
    path("donnees-personnelles/", public.PurposesView.as_view(), name="purposes"),
]

portal_patterns: list = []

staff_patterns = [
    path("", staff.ContactListView.as_view(), name="contact_list"),
    path("contacts/<int:pk>/", staff.ContactDetailView.as_view(), name="contact_detail"),
    path("doublons/", staff.DuplicateListView.as_view(), name="duplicates"),
    path("doublons/fusionner/", staff.MergeView.as_view(), name="merge"),
    path("segments/", staff.SegmentListView.as_view(), name="segment_list"),
    path("segments/nouveau/", staff.SegmentEditView.as_view(), name="segment_create"),
    path("segments/compter/", staff.SegmentCountView.as_view(), name="segment_count"),
    path("segments/<int:pk>/", staff.SegmentEditView.as_view(), name="segment_edit"),
    path("campagnes/", staff.CampaignListView.as_view(), name="campaign_list"),
    path("campagnes/nouvelle/", staff.CampaignEditView.as_view(), name="campaign_create"),
    path("campagnes/codes/", staff.PromoCodeView.as_view(), name="promo_codes"),
    path("campagnes/<uuid:public_id>/", staff.CampaignDetailView.as_view(), name="campaign_detail"),
    path("campagnes/<uuid:public_id>/modifier/", staff.CampaignEditView.as_view(), name="campaign_edit"),
    path("campagnes/<uuid:public_id>/apercu/", staff.CampaignPreviewView.as_view(), name="campaign_preview"),
    path("satisfaction/", staff.SatisfactionView.as_view(), name="satisfaction"),
    path("rgpd/", staff.GdprView.as_view(), name="gdpr"),
    path("rgpd/export.zip", staff.GdprExportView.as_view(), name="gdpr_export"),
    path("rgpd/effacer/", staff.GdprEraseView.as_view(), name="gdpr_erase"),
    path("reglages/", staff.SettingsView.as_view(), name="settings"),
]
