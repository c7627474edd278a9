"""Staff pages: applications queue and decisions, members, charter follow-up, inventory.

Coordinators see and decide only for their antennas (selectors scope every lookup).
"""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from common.access import OfficeStaffRequiredMixin, StaffRequiredMixin, is_office_staff, is_staff_user
from common.audit import audit_entries_for
from common.exports import csv_response, csv_safe_row
from common.net import client_ip

from .. import selectors, services
from ..exceptions import NetworkError
from ..forms import (
    CapacityRuleForm,
    CharterDraftForm,
    CharterDraftPublishForm,
    CharterPublishForm,
    ContactForm,
    DecisionForm,
    DecisionTemplateForm,
    MemberStatusForm,
)
from ..models import DecisionTemplate, Member

LIST_PAGE_SIZE = 50


class ApplicationListView(StaffRequiredMixin, TemplateView):
    template_name = "network/staff/application_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = selectors.application_list_for_staff(user=self.request.user, params=self.request.GET)
        page = Paginator(filterset.qs, LIST_PAGE_SIZE).get_page(self.request.GET.get("page"))
        applications = list(page.object_list)
        ctx.update(
            filter=filterset,
            page=page,
            applications=applications,
            positions=selectors.waitlist_positions(),
            freed=selectors.freed_places_with_waitlist(user=self.request.user),
        )
        for application in applications:
            application.position = ctx["positions"].get(application.pk)
        return ctx


class ApplicationDetailView(StaffRequiredMixin, FormView):
    template_name = "network/staff/application_detail.html"
    form_class = DecisionForm

    def dispatch(self, request, *args, **kwargs):
        if is_staff_user(request.user):
            self.application = selectors.application_get_for_staff(
                user=request.user, reference=kwargs["reference"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        application = self.application
        crafts = list(application.crafts.all())
        ctx.update(
            application=application,
            crafts=crafts,
            capacity=selectors.capacity_for(
                antenna_id=application.antenna_id, craft_ids=[c.pk for c in crafts]
            ),
            templates=DecisionTemplate.objects.all(),
            position=selectors.waitlist_positions().get(application.pk),
            audit=audit_entries_for(application),
            map_config={"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
        )
        return ctx

    def form_valid(self, form):
        action, message = form.cleaned_data["action"], form.cleaned_data["message"]
        user, application = self.request.user, self.application
        try:
            if action == "accept":
                member = services.application_accept(application=application, actor=user, message=message)
                messages.success(
                    self.request,
                    _("Candidature acceptée : %(name)s est membre, une invitation lui a été envoyée.")
                    % {"name": member.name},
                )
            elif action == "info":
                services.application_request_info(application=application, actor=user, message=message)
                messages.success(self.request, _("Demande d'informations envoyée."))
            elif action == "waitlist":
                services.application_waitlist(application=application, actor=user, message=message)
                messages.success(self.request, _("Candidature mise en liste d'attente."))
            else:
                services.application_refuse(application=application, actor=user, reason=message)
                messages.success(self.request, _("Refus envoyé au candidat."))
        except NetworkError as exc:
            form.add_error("message" if action in ("info", "refuse") else None, exc.message)
            return self.form_invalid(form)
        return redirect("network_staff:application_detail", reference=application.reference)


class ApplicationTakeChargeView(StaffRequiredMixin, View):
    """« Prendre en charge »: the application goes under review, with this staff member as reviewer."""

    def post(self, request, reference: str):
        application = selectors.application_get_for_staff(user=request.user, reference=reference)
        try:
            services.application_take_charge(application=application, actor=request.user)
        except NetworkError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Vous examinez cette candidature : le candidat voit qu'elle est en cours d'examen."),
            )
        return redirect("network_staff:application_detail", reference=application.reference)


INLINE_DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


class ApplicationDocumentView(StaffRequiredMixin, View):
    """Evidence is private: served only to staff who may see the application."""

    def get(self, request, reference: str, pk: int):
        application = selectors.application_get_for_staff(user=request.user, reference=reference)
        document = application.documents.filter(pk=pk).first()
        if document is None:
            raise Http404
        # Shown in the browser only when stored as a verified PDF or image; anything else is a download.
        content_type = mimetypes.guess_type(document.file.name)[0]
        inline = content_type in INLINE_DOCUMENT_TYPES
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=not inline,
            filename=document.original_name,
            content_type=content_type if inline else "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class MemberListView(StaffRequiredMixin, TemplateView):
    template_name = "network/staff/member_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = selectors.member_list_for_staff(user=self.request.user, params=self.request.GET)
        page = Paginator(filterset.qs, LIST_PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(filter=filterset, page=page, members=page.object_list, current=selectors.charter_current())
        return ctx


class MemberExportView(StaffRequiredMixin, View):
    """CSV of the members the user may see, with the list's filters (Excel-friendly: ; and BOM)."""

    def get(self, request):
        filterset = selectors.member_list_for_staff(user=request.user, params=request.GET)
        stamp = timezone.localdate().isoformat()
        response, writer = csv_response(filename=f"membres-{stamp}.csv")
        writer.writerow(
            [
                _("Nom"),
                _("Identifiant"),
                _("Statut"),
                _("Savoir-faire"),
                _("Antenne"),
                _("Commune"),
                _("Code postal"),
                _("Contact"),
                _("E-mail"),
                _("Téléphone"),
                _("SIRET"),
                _("Adhésion"),
                _("Renouvellement dû"),
                _("Charte en vigueur signée"),
            ]
        )
        for m in filterset.qs:
            writer.writerow(
                csv_safe_row(
                    [
                        m.name,
                        m.slug,
                        m.get_status_display(),
                        ", ".join(c.name for c in m.crafts.all()),
                        m.antenna.name,
                        m.commune.name,
                        m.commune.postcode,
                        m.contact_name,
                        m.email,
                        m.phone,
                        m.siret,
                        m.joined_on.strftime("%d/%m/%Y") if m.joined_on else "",
                        m.renewal_due_on.strftime("%d/%m/%Y") if m.renewal_due_on else "",
                        _("oui") if m.signed_current else _("non"),
                    ]
                )
            )
        return response


class MemberDetailView(StaffRequiredMixin, FormView):
    template_name = "network/staff/member_detail.html"
    form_class = MemberStatusForm

    def dispatch(self, request, *args, **kwargs):
        if is_staff_user(request.user):
            self.member = selectors.member_get_for_staff(user=request.user, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"status": self.member.status}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        member = self.member
        ctx.update(
            member=member,
            current=selectors.charter_current(),
            signed_current=selectors.member_has_signed_current_charter(member),
            audit=audit_entries_for(member),
            waiting=selectors.waitlist_first_for(antenna=member.antenna, crafts=member.crafts.all())
            if member.status != Member.Status.ACTIVE
            else None,
        )
        return ctx

    def form_valid(self, form):
        try:
            first = services.member_set_status(
                member=self.member, status=form.cleaned_data["status"], actor=self.request.user
            )
        except NetworkError as exc:
            form.add_error("status", exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Statut mis à jour."))
        if first is not None:
            messages.info(
                self.request,
                _(
                    "Une place se libère : %(name)s (%(ref)s) attend depuis le plus longtemps pour ce "
                    "savoir-faire dans cette antenne."
                )
                % {"name": first.business_name, "ref": first.reference},
            )
        return redirect("network_staff:member_detail", slug=self.member.slug)


class CharterStatusView(StaffRequiredMixin, TemplateView):
    """Who has not signed the current charter (overdue first), and publishing a new version."""

    template_name = "network/staff/charter_status.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            current=selectors.charter_current(),
            unsigned=selectors.members_without_current_signature(user=self.request.user),
            publish_form=kwargs.get("publish_form") or CharterPublishForm(),
            can_publish=is_office_staff(self.request.user),
        )
        return ctx


class CharterPublishView(OfficeStaffRequiredMixin, View):
    def post(self, request):
        form = CharterPublishForm(request.POST)
        if not form.is_valid():
            view = CharterStatusView()
            view.setup(request)
            return view.render_to_response(view.get_context_data(publish_form=form))
        try:
            version = services.charter_version_publish(
                version=form.cleaned_data["version"],
                actor=request.user,
                sign_deadline=form.cleaned_data["sign_deadline"],
            )
        except NetworkError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Charte v%(n)s publiée : les membres actifs sont invités à la signer.")
                % {"n": version.number},
            )
        return redirect("network_staff:charter_status")


def _move_line(lines: list[str], move: str) -> list[str]:
    """Apply an editor button (« up-3 », « down-3 », « remove-3 », « add ») to the lines."""
    lines = list(lines)
    action, _sep, index = move.partition("-")
    if action == "add":
        return [*lines, ""]
    if not index.isdigit() or not 1 <= int(index) <= len(lines):
        return lines
    i = int(index) - 1
    if action == "up" and i > 0:
        lines[i - 1], lines[i] = lines[i], lines[i - 1]
    elif action == "down" and i < len(lines) - 1:
        lines[i + 1], lines[i] = lines[i], lines[i + 1]
    elif action == "remove":
        del lines[i]
    return lines


class CharterDraftView(OfficeStaffRequiredMixin, TemplateView):
    """The charter editor: the open draft, or the current version copied as its starting point.

    Buttons move or remove a line without saving (no JavaScript needed); « Enregistrer » saves
    the draft (a new version number the first time), then the page previews what members will see.
    """

    template_name = "network/staff/charter_draft.html"

    def get(self, request, *args, **kwargs):
        draft, current = selectors.charter_draft(), selectors.charter_current()
        source = draft or current
        form = CharterDraftForm(
            initial={
                "title": source.title if source else "",
                "preamble": source.preamble if source else "",
                "changes_summary": draft.changes_summary if draft else "",
                "effective_on": draft.effective_on if draft else None,
            }
        )
        lines = list(source.commitments) if source else []
        return self.render_to_response(self.get_context_data(form=form, lines=lines))

    def post(self, request, *args, **kwargs):
        form = CharterDraftForm(request.POST)
        lines = [" ".join(t.split()) for t in request.POST.getlist("commitment")]
        move = request.POST.get("move", "")
        if move:
            # Reordering is not a save: the page comes back with the lines moved, nothing stored.
            lines = _move_line([t for t in lines if t] if move != "add" else lines, move)
            return self.render_to_response(self.get_context_data(form=form, lines=lines, moved=True))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, lines=lines))
        data = form.cleaned_data
        try:
            draft = services.charter_draft_save(
                actor=request.user,
                title=data["title"],
                preamble=data["preamble"],
                commitments=data["commitments"],
                changes_summary=data["changes_summary"],
                effective_on=data["effective_on"],
            )
        except NetworkError as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form, lines=lines))
        messages.success(
            request,
            _("Brouillon de la version %(n)s enregistré : vérifiez l'aperçu avant de publier.")
            % {"n": draft.number},
        )
        return redirect("network_staff:charter_draft")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        draft, current = selectors.charter_draft(), selectors.charter_current()
        lines = ctx.get("lines") or []
        if not ctx.get("moved"):
            lines = [t for t in lines if t]
        ctx.update(
            draft=draft,
            current=current,
            number=draft.number if draft else selectors.charter_next_number(),
            lines=lines,
            blank_lines=range(len(lines) + 1, len(lines) + 3),
            changes=selectors.charter_commitment_changes(current, draft) if draft else None,
            publish_form=kwargs.get("publish_form") or CharterDraftPublishForm(),
            active_members=Member.objects.filter(status=Member.Status.ACTIVE).count(),
            audit=audit_entries_for(draft) if draft else [],
        )
        return ctx


class CharterDraftDiscardView(OfficeStaffRequiredMixin, TemplateView):
    """Abandon the draft: the page asks first (what is lost), the POST deletes it."""

    template_name = "network/staff/charter_discard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(draft=selectors.charter_draft(), current=selectors.charter_current())
        return ctx

    def post(self, request):
        draft = selectors.charter_draft()
        if draft is not None:
            try:
                services.charter_draft_discard(actor=request.user, version=draft)
            except NetworkError as exc:
                messages.error(request, exc.message)
                return redirect("network_staff:charter_draft")
            messages.success(request, _("Brouillon de la version %(n)s abandonné.") % {"n": draft.number})
        return redirect("network_staff:charter_status")


class CharterDraftPublishView(OfficeStaffRequiredMixin, View):
    """Publish the saved draft after the explicit confirmation that members will sign again."""

    def post(self, request):
        draft = selectors.charter_draft()
        if draft is None:
            messages.error(request, _("Aucun brouillon à publier : enregistrez d'abord une version."))
            return redirect("network_staff:charter_draft")
        form = CharterDraftPublishForm(request.POST)
        if not form.is_valid():
            view = CharterDraftView()
            view.setup(request)
            source_lines = list(draft.commitments)
            form_draft = CharterDraftForm(
                initial={
                    "title": draft.title,
                    "preamble": draft.preamble,
                    "changes_summary": draft.changes_summary,
                    "effective_on": draft.effective_on,
                }
            )
            return view.render_to_response(
                view.get_context_data(form=form_draft, lines=source_lines, publish_form=form)
            )
        try:
            version = services.charter_draft_publish(
                version=draft, actor=request.user, sign_deadline=form.cleaned_data["sign_deadline"]
            )
        except NetworkError as exc:
            messages.error(request, exc.message)
            return redirect("network_staff:charter_draft")
        messages.success(
            request,
            _("Charte v%(n)s publiée : les membres actifs sont invités à la signer.") % {"n": version.number},
        )
        return redirect("network_staff:charter_status")


class CapacityRuleListView(StaffRequiredMixin, FormView):
    """Capacity rules per craft × antenna: coordinators read their antennas' rules; office staff
    set them (a rule for the same craft and antenna is replaced)."""

    template_name = "network/staff/capacity_list.html"
    form_class = CapacityRuleForm

    def post(self, request, *args, **kwargs):
        if not is_office_staff(request.user):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"antenna": self.request.GET.get("antenne"), "craft": self.request.GET.get("savoir_faire")}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            lines=selectors.capacity_rule_list_for_staff(user=self.request.user),
            can_edit=is_office_staff(self.request.user),
        )
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        rule = services.capacity_rule_set(
            antenna=data["antenna"],
            craft=data["craft"],
            max_members=data["max_members"],
            actor=self.request.user,
        )
        messages.success(self.request, _("Règle enregistrée : %(rule)s.") % {"rule": rule})
        return redirect("network_staff:capacity_list")


class CapacityRuleDeleteView(OfficeStaffRequiredMixin, TemplateView):
    """Removing a limit asks for confirmation first (GET shows what will change)."""

    template_name = "network/staff/capacity_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if is_office_staff(request.user):
            self.rule = selectors.capacity_rule_get_for_staff(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(rule=self.rule, audit=audit_entries_for(self.rule))
        return ctx

    def post(self, request, pk: int):
        label = str(self.rule)
        services.capacity_rule_delete(actor=request.user, rule=self.rule)
        messages.success(request, _("Règle supprimée : %(rule)s.") % {"rule": label})
        return redirect("network_staff:capacity_list")


class DecisionTemplateListView(OfficeStaffRequiredMixin, FormView):
    """Reusable wordings of decisions (refusal, waitlist, request for information)."""

    template_name = "network/staff/template_list.html"
    form_class = DecisionTemplateForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(templates=DecisionTemplate.objects.order_by("kind", "title"))
        return ctx

    def form_valid(self, form):
        try:
            template = services.decision_template_save(actor=self.request.user, **form.cleaned_data)
        except NetworkError as exc:
            form.add_error("title", exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Modèle créé : %(title)s.") % {"title": template.title})
        return redirect("network_staff:template_list")


class DecisionTemplateEditView(OfficeStaffRequiredMixin, FormView):
    template_name = "network/staff/template_edit.html"
    form_class = DecisionTemplateForm

    def dispatch(self, request, *args, **kwargs):
        if is_office_staff(request.user):
            self.template = get_object_or_404(DecisionTemplate, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"kind": self.template.kind, "title": self.template.title, "body": self.template.body}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(template=self.template, audit=audit_entries_for(self.template))
        return ctx

    def form_valid(self, form):
        try:
            services.decision_template_save(
                actor=self.request.user, template=self.template, **form.cleaned_data
            )
        except NetworkError as exc:
            form.add_error("title", exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Modèle enregistré."))
        return redirect("network_staff:template_edit", pk=self.template.pk)


class DecisionTemplateDeleteView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "network/staff/template_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if is_office_staff(request.user):
            self.template = get_object_or_404(DecisionTemplate, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(template=self.template)
        return ctx

    def post(self, request, pk: int):
        title = self.template.title
        services.decision_template_delete(actor=request.user, template=self.template)
        messages.success(request, _("Modèle supprimé : %(title)s.") % {"title": title})
        return redirect("network_staff:template_list")


class CraftInventoryView(StaffRequiredMixin, TemplateView):
    template_name = "network/staff/inventory.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        antennas, rows = selectors.craft_inventory()
        ctx.update(
            antennas=antennas,
            rows=rows,
            gaps=sum(1 for row in rows for _a, count, _cap in row.cells if count == 0),
        )
        return ctx


class ContactListView(OfficeStaffRequiredMixin, FormView):
    """Contacts of the network (office staff only): filters, consent, manual add, CSV export."""

    template_name = "network/staff/contact_list.html"
    form_class = ContactForm
    prefix = "contact"  # the filter form on the same page has its own « kind » and « consent »

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = selectors.contact_list_for_staff(params=self.request.GET)
        page = Paginator(filterset.qs, LIST_PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(filter=filterset, page=page, contacts=page.object_list)
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            contact = services.contact_record(
                email=data["email"],
                name=data["name"],
                phone=data["phone"],
                language=data["language"],
                kind=data["kind"],
                source="staff",
                consent=True if data["consent"] else None,
                legal_basis=data["legal_basis"],
                actor=self.request.user,
                ip_address=client_ip(self.request),
            )
        except NetworkError as exc:
            form.add_error("email", exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Contact enregistré : %(email)s.") % {"email": contact.email})
        return redirect("network_staff:contact_list")


class ContactExportView(OfficeStaffRequiredMixin, View):
    """CSV of CONSENTING contacts only (with the list's other filters), each with its unsubscribe link."""

    def get(self, request):
        stamp = timezone.localdate().isoformat()
        response, writer = csv_response(filename=f"contacts-consentants-{stamp}.csv")
        writer.writerow(
            [
                _("E-mail"),
                _("Nom"),
                _("Téléphone"),
                _("Langue"),
                _("Type"),
                _("Consentement donné le"),
                _("Origine du consentement"),
                _("Origines"),
                _("Lien de désinscription"),
            ]
        )
        for c in selectors.contact_export_consenting(params=request.GET).iterator(chunk_size=500):
            writer.writerow(
                csv_safe_row(
                    [
                        c.email,
                        c.name,
                        c.phone,
                        c.language,
                        c.get_kind_display(),
                        timezone.localtime(c.consent_given_at).strftime("%d/%m/%Y %H:%M"),
                        c.consent_source,
                        ", ".join(c.sources),
                        request.build_absolute_uri(c.get_unsubscribe_url()),
                    ]
                )
            )
        return response
