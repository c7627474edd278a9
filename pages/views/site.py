"""The site's own pages: legal texts and contact (public), their editors and the offices (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from common.access import OfficeStaffRequiredMixin
from network.models import Office
from network.selectors import office_list, office_main

from .. import site
from ..models import LegalPage
from ..site_forms import LegalPageForm, OfficeForm


class LegalPageView(TemplateView):
    template_name = "pages/public/legal.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(page=get_object_or_404(LegalPage, slug=self.kwargs["slug"]), office=office_main())
        return ctx


class ContactView(TemplateView):
    template_name = "pages/public/contact.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["offices"] = list(office_list())
        return ctx


class SiteSettingsView(OfficeStaffRequiredMixin, TemplateView):
    """Staff: the legal pages and the offices, edited here rather than in the admin."""

    template_name = "pages/staff/site.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(pages=LegalPage.objects.select_related("updated_by"), offices=office_list())
        return ctx


class LegalPageEditView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "pages/staff/legal_form.html"

    def get(self, request, *args, **kwargs):
        # Looked up here, after the access check of dispatch: no 404 hint to the anonymous.
        self.page = get_object_or_404(LegalPage, slug=kwargs["slug"])
        initial = {"title": self.page.title, "body": self.page.body, "compliance": self.page.compliance}
        return self.render_to_response(
            self.get_context_data(form=LegalPageForm(initial=initial, page=self.page))
        )

    def post(self, request, *args, **kwargs):
        self.page = get_object_or_404(LegalPage, slug=kwargs["slug"])
        form = LegalPageForm(request.POST, page=self.page)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        site.legal_page_update(page=self.page, actor=request.user, data=form.cleaned_data)
        messages.success(
            request, _("Page « %(title)s » enregistrée.") % {"title": form.cleaned_data["title"]}
        )
        return redirect("pages:site_settings")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page"] = self.page
        return ctx


class OfficeEditView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "pages/staff/office_form.html"

    def load(self, kwargs) -> None:
        self.office = get_object_or_404(Office, pk=kwargs["pk"]) if "pk" in kwargs else None

    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        return self.render_to_response(self.get_context_data(form=OfficeForm(instance=self.office)))

    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        form = OfficeForm(request.POST, instance=self.office)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        office = site.office_save(actor=request.user, data=form.cleaned_data, office=self.office)
        messages.success(request, _("Office « %(name)s » enregistré.") % {"name": office.name})
        return redirect("pages:site_settings")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["office"] = self.office
        return ctx
