from django.views.generic import TemplateView

from common.access import StaffRequiredMixin, is_office_staff
from pages.sections import collect


class StaffHomeView(StaffRequiredMixin, TemplateView):
    template_name = "pages/staff/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sections"] = collect("staff", self.request)
        ctx["office_staff"] = is_office_staff(self.request.user)
        return ctx
