from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from common.access import is_staff_user
from network import selectors as network_selectors
from pages.sections import collect


class HomeView(TemplateView):
    template_name = "pages/public/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sections"] = collect("home", self.request)
        ctx["antennas"] = network_selectors.antenna_list_with_counts()
        return ctx


class MemberPageView(TemplateView):
    """A member's public page: profile, then what each app has of theirs."""

    template_name = "pages/public/member_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        member = network_selectors.member_get_public(slug=self.kwargs["slug"])
        ctx["member"] = member
        ctx["sections"] = collect("member_page", self.request, member)
        return ctx


class AfterLoginView(View):
    """Send each audience to its own part of the site after signing in."""

    def get(self, request):
        user = request.user
        if not user.is_authenticated:
            return redirect("account_login")
        if is_staff_user(user):
            return redirect("pages:staff_home")
        if getattr(user, "member", None) is not None:
            return redirect("pages:portal_home")
        return redirect("pages:home")
