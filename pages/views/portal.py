from django.views.generic import TemplateView

from common.access import MemberRequiredMixin
from pages.sections import collect


class PortalHomeView(MemberRequiredMixin, TemplateView):
    template_name = "pages/portal/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["member"] = self.member
        ctx["sections"] = collect("portal", self.request, self.member)
        return ctx
