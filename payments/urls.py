from django.urls import path

from .views import public, staff

public_patterns = [
    path("payer/<uuid:key>/", public.PayView.as_view(), name="pay"),
    path("payer/<uuid:key>/confirmer/", public.PayConfirmView.as_view(), name="pay_confirm"),
    path("payer/<uuid:key>/etat/", public.PayStatusView.as_view(), name="pay_status"),
    path("webhook/<slug:provider>/", public.webhook, name="webhook"),
]

portal_patterns: list = []

staff_patterns = [
    path("", staff.PaymentListView.as_view(), name="payment_list"),
    path("<uuid:key>/", staff.PaymentDetailView.as_view(), name="payment_detail"),
    path("<uuid:key>/rembourser/", staff.RefundCreateView.as_view(), name="refund_create"),
]
