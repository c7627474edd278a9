from django.urls import path

from .views import portal, staff

public_patterns: list = []

portal_patterns = [
    path("", portal.PayoutListView.as_view(), name="home"),
    path("banque/", portal.BankEditView.as_view(), name="bank"),
]

staff_patterns = [
    path("", staff.PayoutMonthView.as_view(), name="month"),
    path("sepa/", staff.SepaExportCreateView.as_view(), name="sepa_create"),
    path("sepa/<uuid:public_id>/", staff.SepaDownloadView.as_view(), name="sepa_download"),
    path("banque/<slug:slug>/", staff.MemberBankView.as_view(), name="bank"),
    path("versement/<slug:member>/<ref:period>/", staff.PayoutRecordView.as_view(), name="record"),
]
