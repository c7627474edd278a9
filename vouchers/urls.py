from django.urls import path

from .views import public, staff

public_patterns = [
    path("", public.PurchaseView.as_view(), name="purchase"),
    path("solde/", public.BalanceView.as_view(), name="balance"),
    path("commande/<uuid:key>/", public.OrderView.as_view(), name="order"),
    path("commande/<uuid:key>/pdf/", public.OrderPdfView.as_view(), name="order_pdf"),
    path("commande/<uuid:key>/payer/", public.OrderPayView.as_view(), name="order_pay"),
]

portal_patterns: list = []

staff_patterns = [
    path("", staff.VoucherListView.as_view(), name="list"),
    path("utiliser/", staff.VoucherRedeemView.as_view(), name="redeem"),
    path("<uuid:public_id>/", staff.VoucherDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/prolonger/", staff.VoucherExtendView.as_view(), name="extend"),
    path("<uuid:public_id>/annuler/", staff.VoucherCancelView.as_view(), name="cancel"),
    path("<uuid:public_id>/recrediter/", staff.VoucherRecreditView.as_view(), name="recredit"),
    path("<uuid:public_id>/encaisser/", staff.VoucherIssueView.as_view(), name="issue"),
    path("<uuid:public_id>/pdf/", staff.VoucherPdfView.as_view(), name="pdf"),
]
