"""URL patterns by audience; mounted in config/urls.py. The API itself is at /api/v1/."""

from django.urls import path

from .views import portal, public

public_patterns = [
    path("donnees-ouvertes/<slug:kind>.jsonld", public.FeedView.as_view(), name="feed"),
    path("widget/ateliers/", public.WidgetListView.as_view(), name="widget_list"),
    path(
        "widget/ateliers/<slug:slug>/seances/<uuid:public_id>/",
        public.WidgetBookView.as_view(),
        name="widget_book",
    ),
    path("widget/reservation/<token:token>/", public.WidgetDoneView.as_view(), name="widget_done"),
]

portal_patterns = [
    path("integrer/", portal.EmbedView.as_view(), name="embed"),
]

staff_patterns: list = []
