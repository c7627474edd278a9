"""Staff pages of the till (issue 15): reprints (DUPLICATA), returns, till sessions and cash
control, X report, Z / monthly / yearly closings, journal verification, signed archives, JET."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from .. import selectors, services
from ..exceptions import ShopError
from ..forms import CashMovementForm, PeriodCloseForm, ReturnForm, SessionCloseForm, SessionOpenForm
from ..models import DailyClosing, JournalEntry, PaymentMethod, PeriodClosing, Till, TillSession
from ..services.till import Event, reprint_count, session_expected_cash, till_open_session
from .staff import ShopStaffMixin

TILL_KEY = "shop_till_id"
SIGNED_IN_KEY = "shop_till_signed_in"


def current_till(request) -> Till:
    """The till this browser works at (chosen on the till page; default: the office's)."""
    till_id = request.session.get(TILL_KEY)
    till = Till.objects.filter(pk=till_id, is_active=True).first() if till_id else None
    return till or services.till_default()


def sign_in_once(request, till: Till) -> None:
    """Record the user's sign-in at this till once per login session (JET)."""
    key = f"{SIGNED_IN_KEY}_{till.pk}"
    if not request.session.get(key):
        services.till_sign_in(till=till, actor=request.user)
        request.session[key] = True


def method_rows(totals: dict) -> list[tuple[str, dict]]:
    labels = dict(PaymentMethod.choices)
    return [(labels.get(m, m), row) for m, row in totals.get("by_payment_method", {}).items()]


# --- Receipts: reprints -------------------------------------------------------------------------


class ReceiptReprintView(ShopStaffMixin, View):
    def post(self, request, reference):
        sale = selectors.sale_get(reference=reference)
        number = services.receipt_reprint(sale=sale, actor=request.user)
        return redirect("shop_staff:receipt_duplicate", reference=reference, number=number)


class ReceiptDuplicateView(ShopStaffMixin, TemplateView):
    """« DUPLICATA n° N »: only numbers recorded in the journal exist."""

    template_name = "shop/staff/receipt.html"

    def get_context_data(self, **kwargs):
        sale = selectors.sale_get(reference=self.kwargs["reference"])
        number = self.kwargs["number"]
        if number < 1 or number > reprint_count(sale.reference):
            raise Http404
        return super().get_context_data(duplicate=number, **selectors.receipt_context(sale=sale), **kwargs)


# --- Returns -----------------------------------------------------------------------------------


class SaleReturnView(ShopStaffMixin, FormView):
    """Return some units of a ticket's lines (partial correction): a return ticket, refund."""

    template_name = "shop/staff/sale_return.html"
    form_class = ReturnForm

    def get_sale(self):
        sale = selectors.sale_get(reference=self.kwargs["reference"])
        if sale.kind != "sale":
            raise Http404
        return sale

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["lines"] = selectors.returnable_lines(sale=self.get_sale())
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(sale=self.get_sale(), **kwargs)

    def form_valid(self, form):
        sale = self.get_sale()
        try:
            correction = services.sale_return(
                sale=sale,
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
                quantities=form.quantities(),
                refund_method=form.cleaned_data["refund_method"],
            )
        except ShopError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Retour enregistré : ticket %(ref)s, %(total)s remboursés.")
            % {"ref": correction.ticket_number, "total": f"{-correction.total:.2f}".replace(".", ",") + " €"},
        )
        return redirect("shop_staff:receipt", reference=correction.reference)


# --- Till sessions and cash control -----------------------------------------------------------


class TillView(ShopStaffMixin, TemplateView):
    """The till's session: choose the till, open with a float, cash in/out, count and close."""

    template_name = "shop/staff/till.html"

    def get_context_data(self, **kwargs):
        till = current_till(self.request)
        session = till_open_session(till)
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            till=till,
            tills=Till.objects.filter(is_active=True),
            session=session,
            expected=session_expected_cash(session) if session else None,
            open_form=kwargs.get("open_form") or SessionOpenForm(),
            move_form=kwargs.get("move_form") or CashMovementForm(),
            close_form=kwargs.get("close_form") or SessionCloseForm(),
            recent=TillSession.objects.filter(till=till, closed_at__isnull=False).select_related("till")[:10],
        )
        return ctx

    def post(self, request):
        till = current_till(request)
        action = request.POST.get("action")
        session = till_open_session(till)
        try:
            if action == "choose":
                chosen = get_object_or_404(Till, pk=request.POST.get("till") or 0, is_active=True)
                request.session[TILL_KEY] = chosen.pk
                sign_in_once(request, chosen)
                return redirect("shop_staff:till")
            if action == "open":
                form = SessionOpenForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(open_form=form))
                services.till_session_open(
                    till=till, actor=request.user, opening_float=form.cleaned_data["opening_float"]
                )
                messages.success(request, _("Session de caisse ouverte."))
            elif action == "move" and session:
                form = CashMovementForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(move_form=form))
                services.cash_movement_record(session=session, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Mouvement d'espèces enregistré."))
            elif action == "close" and session:
                form = SessionCloseForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(close_form=form))
                closed = services.till_session_close(
                    session=session, actor=request.user, counted_cash=form.cleaned_data["counted_cash"]
                )
                messages.success(
                    request,
                    _("Session fermée : %(counted)s comptés pour %(expected)s attendus, écart %(diff)s.")
                    % {
                        "counted": _euros(closed.counted_cash),
                        "expected": _euros(closed.expected_cash),
                        "diff": _euros(closed.difference),
                    },
                )
            else:
                raise Http404
        except ShopError as exc:
            messages.error(request, str(exc))
        return redirect("shop_staff:till")


def _euros(value) -> str:
    from common.templatetags.maillage import money

    return money(value)


class XReportView(ShopStaffMixin, TemplateView):
    """The X report: today's running figures without closing anything."""

    template_name = "shop/staff/z_report.html"

    def get_context_data(self, **kwargs):
        day = timezone.localdate()
        totals = selectors.closing_totals(day=day)
        gt, gt_abs = selectors.grand_totals(through=day)
        sessions = [
            (s, session_expected_cash(s))
            for s in TillSession.objects.filter(closed_at__isnull=True).select_related("till")
        ]
        return super().get_context_data(
            report="X",
            title=_("Rapport X du %(day)s (sans clôture)") % {"day": day.strftime("%d/%m/%Y")},
            totals=totals,
            methods=method_rows(totals),
            grand_total=gt,
            grand_total_abs=gt_abs,
            sessions=sessions,
            printed_at=timezone.now(),
            **kwargs,
        )


class ZReportView(ShopStaffMixin, TemplateView):
    """The Z report of a closed day, printable."""

    template_name = "shop/staff/z_report.html"

    def get_context_data(self, **kwargs):
        try:
            day = datetime.date.fromisoformat(self.kwargs["day"])
        except ValueError:
            raise Http404 from None
        closing = get_object_or_404(DailyClosing.objects.select_related("closed_by"), day=day)
        return super().get_context_data(
            report="Z",
            title=_("Rapport Z — clôture du %(day)s") % {"day": day.strftime("%d/%m/%Y")},
            closing=closing,
            totals=closing.totals,
            methods=method_rows(closing.totals),
            grand_total=closing.grand_total,
            grand_total_abs=closing.grand_total_abs,
            printed_at=timezone.now(),
            **kwargs,
        )


class PeriodClosingListView(ShopStaffMixin, FormView):
    """Monthly and yearly closings (each into the chain, signed); the form closes a period."""

    template_name = "shop/staff/period_closings.html"
    form_class = PeriodCloseForm

    def get_initial(self):
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        return {"kind": "month", "period": f"{last_month:%Y-%m}"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            closings=PeriodClosing.objects.select_related("closed_by").order_by("-start", "kind")[:60],
            **kwargs,
        )

    def form_valid(self, form):
        start = form.cleaned_data["start"]
        try:
            if form.cleaned_data["kind"] == "year":
                closing = services.closing_year(year=start.year, actor=self.request.user)
            else:
                closing = services.closing_month(month=start, actor=self.request.user)
        except ShopError as exc:
            form.add_error("period", str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Clôture %(kind)s %(period)s enregistrée (écriture n° %(seq)s du journal).")
            % {"kind": closing.get_kind_display(), "period": str(closing), "seq": closing.journal_sequence},
        )
        return redirect("shop_staff:period_closings")


class PeriodClosingDetailView(ShopStaffMixin, TemplateView):
    template_name = "shop/staff/z_report.html"

    def get_context_data(self, **kwargs):
        closing = get_object_or_404(PeriodClosing, pk=self.kwargs["pk"])
        return super().get_context_data(
            report=closing.kind,
            title=_("Clôture %(kind)s %(period)s")
            % {"kind": closing.get_kind_display(), "period": str(closing)},
            closing=closing,
            totals=closing.totals,
            methods=method_rows(closing.totals),
            grand_total=closing.grand_total,
            grand_total_abs=closing.grand_total_abs,
            printed_at=timezone.now(),
            **kwargs,
        )


class ArchiveView(ShopStaffMixin, View):
    """Download the signed archive of a closed month or year (the export is journalled)."""

    def post(self, request, pk):
        closing = get_object_or_404(PeriodClosing, pk=pk)
        from ..services.archives import archive_build, archive_filename

        try:
            data = archive_build(closing=closing, actor=request.user)
        except ShopError as exc:
            messages.error(request, str(exc))
            return redirect("shop_staff:period_closings")
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{archive_filename(closing)}"'
        return response


# --- Journal: verification and technical events --------------------------------------------------


class JournalVerifyView(ShopStaffMixin, TemplateView):
    """Run verify_journal from a staff page; every result is chained into the journal."""

    template_name = "shop/staff/journal_verify.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(events=selectors.till_events(event=Event.VERIFY, limit=10), **kwargs)

    def post(self, request):
        check = services.journal_check_record(actor=request.user, source="staff")
        (messages.success if check.ok else messages.error)(request, check.message)
        return redirect(reverse("shop_staff:journal_verify"))


class JournalEventsView(ShopStaffMixin, TemplateView):
    """The technical events journal (JET), most recent first."""

    template_name = "shop/staff/journal_events.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            events=selectors.till_events(limit=200),
            event_kind=JournalEntry.Kind.EVENT,
            **kwargs,
        )
