from django.views.generic import TemplateView

from common.access import StaffRequiredMixin
from pages.sections import collect


class StaffHomeView(StaffRequiredMixin, TemplateView):
    template_name = "pages/staff/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sections"] = collect("staff", self.request)
        return ctx
