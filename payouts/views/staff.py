"""Staff pages of payouts (office staff only): the month's nets per member, payouts recorded by
hand, the SEPA file of the month, and a member's bank details."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from common.access import OfficeStaffRequiredMixin, is_office_staff
from network.models import Member
from shop.services.statements import month_start

from .. import selectors, services
from ..banking import bank_status
from ..exceptions import PayoutError
from ..forms import BankForm, PayoutRecordForm, SepaExportForm
from ..models import SepaExport


def parse_month(value: str | None) -> datetime.date:
    """``AAAA-MM`` → first day; anything else → last month (the one usually paid)."""
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return month_start(month_start(timezone.localdate()) - datetime.timedelta(days=1))


def _month_url(period: datetime.date) -> str:
    return f"{reverse('payouts_staff:month')}?mois={period:%Y-%m}"


class PayoutMonthView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "payouts/staff/month.html"

    def get_context_data(self, **kwargs):
        period = parse_month(self.request.GET.get("mois"))
        months = selectors.month_figures(period=period)
        to_pay, skipped = services.sepa_payable(months)
        return super().get_context_data(
            period=period,
            previous=month_start(period - datetime.timedelta(days=1)),
            following=month_start(period + datetime.timedelta(days=32)),
            months=months,
            totals=selectors.month_totals(months),
            to_pay=to_pay,
            skipped=skipped,
            record_form=PayoutRecordForm(),
            sepa_form=SepaExportForm(initial={"period": f"{period:%Y-%m}"}),
            exports=selectors.sepa_export_list(period=period),
            office_account=services.office_account_label(),
            **kwargs,
        )


class PayoutRecordView(OfficeStaffRequiredMixin, View):
    """Record a payout made outside the SEPA file (a transfer typed at the bank, a cheque)."""

    def post(self, request, member: str, period: str):
        member_obj = get_object_or_404(Member, slug=member)
        month = parse_month(period)
        form = PayoutRecordForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(_month_url(month))
        try:
            services.payout_record(
                member=member_obj,
                period=month,
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
                method=form.cleaned_data["method"],
                actor=request.user,
            )
        except PayoutError as exc:
            messages.error(request, f"{member_obj.name} : {exc.message}")
        else:
            messages.success(request, _("Versement enregistré pour %(name)s.") % {"name": member_obj.name})
        return redirect(_month_url(month))


class SepaExportCreateView(OfficeStaffRequiredMixin, View):
    def post(self, request):
        form = SepaExportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Indiquez un mois et une date d'exécution valides."))
            return redirect("payouts_staff:month")
        period = form.cleaned_data["period"]
        try:
            result = services.sepa_export_create(
                period=period, actor=request.user, execution_date=form.cleaned_data["execution_date"]
            )
        except PayoutError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Fichier SEPA créé : %(count)s virement(s), %(total)s €. Téléchargez-le ci-dessous.")
                % {"count": result.export.count, "total": f"{result.export.total:.2f}".replace(".", ",")},
            )
            if result.skipped:
                messages.warning(
                    request,
                    _("Sans IBAN valide, non inclus : %(names)s.")
                    % {"names": ", ".join(m.member.name for m in result.skipped)},
                )
        return redirect(_month_url(period))


class SepaDownloadView(OfficeStaffRequiredMixin, View):
    def get(self, request, public_id):
        export = get_object_or_404(SepaExport, public_id=public_id)
        response = HttpResponse(export.xml, content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response


class MemberBankView(OfficeStaffRequiredMixin, FormView):
    template_name = "payouts/bank_form.html"
    form_class = BankForm

    def dispatch(self, request, *args, **kwargs):
        # Looked up only for office staff: everyone else gets the mixin's login redirect or 403.
        if is_office_staff(request.user):
            self.member = get_object_or_404(Member, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"iban": self.member.iban, "bic": self.member.bic, "holder": self.member.bank_holder}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            member=self.member,
            bank=bank_status(self.member),
            layout="layouts/staff.html",
            back_url=reverse("payouts_staff:month"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.member_bank_update(member=self.member, actor=self.request.user, **form.cleaned_data)
        except PayoutError as exc:
            form.add_error(exc.field, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Coordonnées bancaires de %(name)s enregistrées.") % {"name": self.member.name}
        )
        return redirect("payouts_staff:bank", slug=self.member.slug)
