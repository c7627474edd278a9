from django.urls import path

from .views import portal, public, staff

app_name = "pages"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("artisans/<slug:slug>/", public.MemberPageView.as_view(), name="member_detail"),
    path("apres-connexion/", public.AfterLoginView.as_view(), name="after_login"),
    path("portail/", portal.PortalHomeView.as_view(), name="portal_home"),
    path("staff/", staff.StaffHomeView.as_view(), name="staff_home"),
]
