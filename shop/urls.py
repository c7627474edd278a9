"""URL patterns by audience; mounted in config/urls.py under the app's prefixes."""

from django.urls import path

from .views import portal, public, staff, till

public_patterns = [
    path("", public.CatalogueView.as_view(), name="catalogue"),
    path("producteurs/<slug:slug>/", public.ProducerView.as_view(), name="producer"),
    path("produits/<slug:slug>/", public.ProductDetailView.as_view(), name="product_detail"),
    path("produits/<slug:slug>/ajouter/", public.BasketAddView.as_view(), name="basket_add"),
    path("panier/", public.BasketView.as_view(), name="basket"),
    path("commander/", public.CheckoutView.as_view(), name="checkout"),
    path("commande/<uuid:token>/", public.OrderDetailView.as_view(), name="order_detail"),
]

portal_patterns = [
    path("", portal.ProductListView.as_view(), name="product_list"),
    path("produits/nouveau/", portal.ProductCreateView.as_view(), name="product_create"),
    path("produits/<slug:slug>/", portal.ProductDetailView.as_view(), name="product_detail"),
    path("produits/<slug:slug>/modifier/", portal.ProductUpdateView.as_view(), name="product_update"),
    path("depots/", portal.DepositListView.as_view(), name="deposit_list"),
    path("depots/nouveau/", portal.DepositRequestView.as_view(), name="deposit_request"),
    path("depots/<ref:reference>/", portal.DepositDetailView.as_view(), name="deposit_detail"),
    path("ventes/", portal.SalesView.as_view(), name="sales"),
    path("releves/", portal.StatementListView.as_view(), name="statement_list"),
    path("releves/<ref:period>/", portal.StatementDetailView.as_view(), name="statement_detail"),
    path("releves/<ref:period>/pdf/", portal.StatementPdfView.as_view(), name="statement_pdf"),
    path("releves/<ref:period>/csv/", portal.StatementCsvView.as_view(), name="statement_csv"),
]

staff_patterns = [
    path("caisse/", staff.CounterView.as_view(), name="counter"),
    path("caisse/recherche/", staff.CounterSearchView.as_view(), name="counter_search"),
    path("caisse/scan/", staff.CounterScanView.as_view(), name="counter_scan"),
    path("caisse/ajouter/", staff.CounterAddView.as_view(), name="counter_add"),
    path("caisse/ligne/", staff.CounterLineView.as_view(), name="counter_line"),
    path("caisse/vider/", staff.CounterClearView.as_view(), name="counter_clear"),
    path("caisse/encaisser/", staff.CounterCheckoutView.as_view(), name="counter_checkout"),
    path("tickets/", staff.SaleListView.as_view(), name="sale_list"),
    path("tickets/<ref:reference>/", staff.ReceiptView.as_view(), name="receipt"),
    path("tickets/<ref:reference>/annuler/", staff.SaleReverseView.as_view(), name="sale_reverse"),
    path("tickets/<ref:reference>/reimprimer/", till.ReceiptReprintView.as_view(), name="receipt_reprint"),
    path(
        "tickets/<ref:reference>/duplicata/<int:number>/",
        till.ReceiptDuplicateView.as_view(),
        name="receipt_duplicate",
    ),
    path("tickets/<ref:reference>/retour/", till.SaleReturnView.as_view(), name="sale_return"),
    path("caisse/session/", till.TillView.as_view(), name="till"),
    path("caisse/rapport-x/", till.XReportView.as_view(), name="x_report"),
    path("clotures/jour/<ref:day>/", till.ZReportView.as_view(), name="z_report"),
    path("clotures/periodes/", till.PeriodClosingListView.as_view(), name="period_closings"),
    path("clotures/periodes/<int:pk>/", till.PeriodClosingDetailView.as_view(), name="period_closing"),
    path("clotures/periodes/<int:pk>/archive/", till.ArchiveView.as_view(), name="period_archive"),
    path("journal/verification/", till.JournalVerifyView.as_view(), name="journal_verify"),
    path("journal/evenements/", till.JournalEventsView.as_view(), name="journal_events"),
    path("commandes/", staff.OrderListView.as_view(), name="order_list"),
    path("commandes/<ref:reference>/", staff.OrderDetailView.as_view(), name="order_detail"),
    path("commandes/<ref:reference>/<slug:action>/", staff.OrderActionView.as_view(), name="order_action"),
    path("depots/", staff.DepositListView.as_view(), name="deposit_list"),
    path("depots/<ref:reference>/", staff.DepositDetailView.as_view(), name="deposit_detail"),
    path("produits/", staff.ProductListView.as_view(), name="product_list"),
    path("produits/<slug:slug>/stock/", staff.ProductStockView.as_view(), name="product_stock"),
    path("produits/<slug:slug>/modifier/", staff.ProductEditView.as_view(), name="product_edit"),
    path("clotures/", staff.ClosingListView.as_view(), name="closing_list"),
    path("releves/", staff.StatementListView.as_view(), name="statement_list"),
    path("releves/<slug:member>/<ref:period>/", staff.StatementDetailView.as_view(), name="statement_detail"),
    path("releves/<slug:member>/<ref:period>/pdf/", staff.StatementPdfView.as_view(), name="statement_pdf"),
    path("releves/<slug:member>/<ref:period>/csv/", staff.StatementCsvView.as_view(), name="statement_csv"),
    path("tableau-de-bord/", staff.DashboardView.as_view(), name="dashboard"),
    path("tableau-de-bord/export.csv", staff.DashboardCsvView.as_view(), name="dashboard_csv"),
    path("frequentation/", staff.FootfallView.as_view(), name="footfall"),
]
