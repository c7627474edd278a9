from django.urls import path

from .views import public, staff

public_patterns = [
    path("document/<str:token>/", public.InvoiceSharedDocumentView.as_view(), name="document"),
]
portal_patterns: list = []

staff_patterns = [
    path("", staff.InvoiceListView.as_view(), name="list"),
    path("<uuid:public_id>/", staff.InvoiceDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/document/", staff.InvoiceDocumentView.as_view(), name="document"),
    path("<uuid:public_id>/payee/", staff.InvoiceMarkPaidView.as_view(), name="mark_paid"),
    path("<uuid:public_id>/avoir/", staff.CreditNoteView.as_view(), name="credit_note"),
    path("reservation/<str:reference>/", staff.BookingInvoiceView.as_view(), name="booking_invoice"),
]
