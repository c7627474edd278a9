"""Member portal: « Mes versements » (own payouts and closed statements) and bank details."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from common.access import MemberRequiredMixin

from .. import selectors, services
from ..banking import bank_status
from ..exceptions import PayoutError
from ..forms import BankForm


class PayoutListView(MemberRequiredMixin, TemplateView):
    template_name = "payouts/portal/home.html"

    def get_context_data(self, **kwargs):
        statements = list(selectors.statement_list_for_member(member=self.member)[:24])
        return super().get_context_data(
            member=self.member,
            bank=bank_status(self.member),
            payouts=selectors.payout_list_for_member(member=self.member)[:24],
            statements=statements,
            **kwargs,
        )


class BankEditView(MemberRequiredMixin, FormView):
    template_name = "payouts/bank_form.html"
    form_class = BankForm

    def get_initial(self):
        return {"iban": self.member.iban, "bic": self.member.bic, "holder": self.member.bank_holder}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            member=self.member,
            bank=bank_status(self.member),
            layout="layouts/portal.html",
            back_url=reverse("payouts_portal:home"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.member_bank_update(member=self.member, actor=self.request.user, **form.cleaned_data)
        except PayoutError as exc:
            form.add_error(exc.field, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Vos coordonnées bancaires sont enregistrées."))
        return redirect("payouts_portal:home")
