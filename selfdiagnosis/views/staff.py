"""Staff pages: campaigns, invitations, review, syntheses, questionnaire preview."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from common.access import StaffRequiredMixin, is_office_staff
from common.exports import csv_response

from .. import selectors, services
from ..exceptions import SelfDiagnosisError
from ..forms import CampaignForm, InviteEmailForm, InviteOffersForm, ReviewForm
from ..models import Assessment, Questionnaire
from .public import evidence_response


def _scope_context(request) -> dict:
    """For an antenna coordinator, the antennas their figures are limited to (shown in the nav)."""
    if is_office_staff(request.user):
        return {"scope_antennas": None}
    return {"scope_antennas": [str(a) for a in request.user.coordinated_antennas.order_by("name")]}


class CampaignListView(StaffRequiredMixin, ListView):
    template_name = "selfdiagnosis/staff/campaign_list.html"
    context_object_name = "campaigns"
    paginate_by = 30

    def get_queryset(self):
        return selectors.campaign_list(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["to_review"] = selectors.assessment_list_to_review(self.request.user)[:20]
        ctx["expiring"] = selectors.assessment_list_expiring(viewer=self.request.user)[:20]
        ctx["questionnaires"] = Questionnaire.objects.order_by("code", "-version")
        ctx.update(_scope_context(self.request))
        return ctx


class CampaignCreateView(StaffRequiredMixin, View):
    template_name = "selfdiagnosis/staff/campaign_form.html"

    def _form(self, data=None):
        initial = {"deadline": timezone.localdate() + dt.timedelta(days=30)}
        return CampaignForm(data, initial=initial, questionnaires=selectors.questionnaire_list_published())

    def get(self, request):
        return render(request, self.template_name, {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
            except SelfDiagnosisError as exc:
                form.add_error("questionnaire", exc.message)
            else:
                messages.success(request, _("Campagne créée : invitez maintenant les professionnels."))
                return redirect("selfdiagnosis_staff:campaign_detail", public_id=campaign.public_id)
        return render(request, self.template_name, {"form": form}, status=400)


class CampaignDetailView(StaffRequiredMixin, View):
    """Who has not started, who is in progress, who submitted; invitations and reminders."""

    template_name = "selfdiagnosis/staff/campaign_detail.html"

    def _context(self, campaign, offers_form=None, email_form=None):
        assessments = list(selectors.campaign_assessments(campaign, self.request.user))
        groups = [
            (_("Pas commencé"), [a for a in assessments if a.status == Assessment.Status.INVITED]),
            (
                _("En cours"),
                [
                    a
                    for a in assessments
                    if a.status in (Assessment.Status.IN_PROGRESS, Assessment.Status.CHANGES_REQUESTED)
                ],
            ),
            (
                _("Envoyé"),
                [
                    a
                    for a in assessments
                    if a.status in (Assessment.Status.SUBMITTED, Assessment.Status.VALIDATED)
                ],
            ),
        ]
        professional = campaign.questionnaire.kind == Questionnaire.Kind.PROFESSIONAL
        if professional and offers_form is None:
            offers_form = self._offers_form(campaign)
        return {
            "campaign": campaign,
            "groups": groups,
            "total": len(assessments),
            "offers_form": offers_form if professional else None,
            "email_form": email_form or InviteEmailForm(),
            "now": timezone.now(),
            "can_close": is_office_staff(self.request.user),
            **_scope_context(self.request),
        }

    def _offers_form(self, campaign, data=None):
        return InviteOffersForm(
            data,
            offers=selectors.campaign_candidate_offers(campaign, self.request.user),
            members=selectors.campaign_candidate_members(self.request.user, campaign=campaign),
        )

    def get(self, request, public_id):
        campaign = selectors.campaign_get(public_id=public_id)
        return render(request, self.template_name, self._context(campaign))

    def post(self, request, public_id):
        campaign = selectors.campaign_get(public_id=public_id)
        action = request.POST.get("action")
        if action == "invite_offers":
            form = self._offers_form(campaign, request.POST)
            if not form.is_valid():
                return render(
                    request, self.template_name, self._context(campaign, offers_form=form), status=400
                )
            invitations = services.invitations_for_offers(form.cleaned_data["offers"])
            invitations += [
                services.Invitation(member=m, email=m.email, name=m.contact_name)
                for m in form.cleaned_data["members"]
            ]
            return self._invite(request, campaign, invitations, offers_form=form)
        if action == "invite_email":
            form = InviteEmailForm(request.POST)
            if not form.is_valid():
                return render(
                    request, self.template_name, self._context(campaign, email_form=form), status=400
                )
            invitation = services.Invitation(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
            )
            return self._invite(request, campaign, [invitation], email_form=form)
        if action == "remind":
            sent = sum(
                services.assessment_send_reminder(assessment_id=a.pk, actor=request.user)
                for a in selectors.campaign_assessments(campaign, request.user).filter(
                    status__in=[Assessment.Status.INVITED, Assessment.Status.IN_PROGRESS]
                )
            )
            messages.success(request, _("%(n)d relance(s) envoyée(s).") % {"n": sent})
        elif action == "close":
            if not is_office_staff(request.user):
                # A campaign spans every antenna: only the office closes it.
                raise PermissionDenied
            services.campaign_close(campaign=campaign, actor=request.user)
            messages.success(request, _("Campagne close."))
        return redirect("selfdiagnosis_staff:campaign_detail", public_id=campaign.public_id)

    def _invite(self, request, campaign, invitations, **forms):
        try:
            created = services.campaign_invite(campaign=campaign, invitations=invitations, actor=request.user)
        except SelfDiagnosisError as exc:
            messages.error(request, exc.message)
            return render(request, self.template_name, self._context(campaign, **forms), status=400)
        messages.success(request, _("%(n)d invitation(s) envoyée(s).") % {"n": len(created)})
        return redirect("selfdiagnosis_staff:campaign_detail", public_id=campaign.public_id)


class AssessmentReviewView(StaffRequiredMixin, View):
    """Answers, evidence and scores; a comment per criterion; request changes or validate."""

    template_name = "selfdiagnosis/staff/assessment_review.html"

    def _context(self, assessment, form=None):
        answers = selectors.answers_by_indicator(assessment)
        sections = selectors.assessment_sections(assessment, answers)
        criteria = [c for s in sections for c in s.criteria]
        reviews = {r.criterion_id: r for r in assessment.criterion_reviews.all()}
        if form is None:
            initial = {f"criterion_{pk}": r.comment for pk, r in reviews.items()}
            initial["comment"] = assessment.review_comment
            form = ReviewForm(initial=initial, criteria=criteria)
        for criterion in criteria:
            criterion.comment_field = form[f"criterion_{criterion.pk}"]
        return {
            "assessment": assessment,
            "sections": sections,
            "form": form,
            "sheet": selectors.assessment_score_sheet(assessment),
            "progress": selectors.assessment_progress(sections),
            "signatures": assessment.signatures.all(),
            "can_review": assessment.status == Assessment.Status.SUBMITTED,
        }

    def get(self, request, public_id):
        assessment = selectors.assessment_get_for_staff(public_id=public_id, viewer=request.user)
        return render(request, self.template_name, self._context(assessment))

    def post(self, request, public_id):
        assessment = selectors.assessment_get_for_staff(public_id=public_id, viewer=request.user)
        action = request.POST.get("action")
        if action in ("extend", "remind", "withdraw", "renew"):
            return self._manage(request, assessment, action)
        criteria = [c for s in selectors.assessment_sections(assessment) for c in s.criteria]
        form = ReviewForm(request.POST, criteria=criteria)
        if not form.is_valid():
            return render(request, self.template_name, self._context(assessment, form), status=400)
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == "validate":
                services.assessment_validate(
                    assessment=assessment,
                    reviewer=request.user,
                    comment=comment,
                    criterion_comments=form.criterion_comments(),
                )
                messages.success(request, _("Autodiagnostic validé."))
            elif decision == "changes":
                services.assessment_request_changes(
                    assessment=assessment,
                    reviewer=request.user,
                    comment=comment,
                    criterion_comments=form.criterion_comments(),
                )
                messages.success(request, _("Modifications demandées : le répondant est prévenu par e-mail."))
            else:
                services.criterion_comments_save(
                    assessment=assessment, comments=form.criterion_comments(), author=request.user
                )
                messages.success(request, _("Commentaires enregistrés."))
        except SelfDiagnosisError as exc:
            messages.error(request, exc.message)
        return redirect("selfdiagnosis_staff:assessment_review", public_id=public_id)

    def _manage(self, request, assessment, action):
        try:
            if action == "extend":
                services.assessment_extend_link(assessment=assessment, days=30, actor=request.user)
                messages.success(request, _("Le lien est prolongé de 30 jours."))
            elif action == "remind":
                sent = services.assessment_send_reminder(assessment_id=assessment.pk, actor=request.user)
                messages.success(request, _("Relance envoyée.") if sent else _("Aucune relance à envoyer."))
            elif action == "withdraw":
                services.assessment_withdraw(assessment=assessment, actor=request.user)
                messages.success(request, _("Invitation annulée."))
            else:
                new = services.assessment_renew(previous=assessment, actor=request.user)
                messages.success(request, _("Invitation au renouvellement envoyée."))
                return redirect("selfdiagnosis_staff:assessment_review", public_id=new.public_id)
        except SelfDiagnosisError as exc:
            messages.error(request, exc.message)
        return redirect("selfdiagnosis_staff:assessment_review", public_id=assessment.public_id)


class EvidenceStaffView(StaffRequiredMixin, View):
    def get(self, request, public_id, code):
        assessment = selectors.assessment_get_for_staff(public_id=public_id, viewer=request.user)
        answer = assessment.answers.filter(indicator__code=code).exclude(evidence="").first()
        if answer is None:
            raise Http404
        return evidence_response(answer)


class QuestionnairePreviewView(StaffRequiredMixin, TemplateView):
    """What respondents will see, for staff building a questionnaire in the admin."""

    template_name = "selfdiagnosis/staff/questionnaire_preview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        questionnaire = get_object_or_404(Questionnaire, code=kwargs["code"], version=kwargs["version"])
        ctx["questionnaire"] = questionnaire
        ctx["dimensions"] = selectors.questionnaire_tree(questionnaire)
        return ctx


def _questionnaire_codes(kind: str) -> list[str]:
    return list(
        Questionnaire.objects.filter(kind=kind).values_list("code", flat=True).distinct().order_by("code")
    )


class SynthesisView(StaffRequiredMixin, TemplateView):
    """Network synthesis: per criterion, the share of respondents meeting it; per antenna and family."""

    template_name = "selfdiagnosis/staff/synthesis.html"

    def get(self, request, *args, **kwargs):
        codes = _questionnaire_codes(Questionnaire.Kind.PROFESSIONAL)
        code = request.GET.get("questionnaire") or (codes[0] if codes else "")
        if code and code not in codes:
            raise Http404
        data = selectors.network_synthesis(questionnaire_code=code, viewer=request.user) if code else None
        if request.GET.get("format") == "csv" and data is not None:
            return self._csv(code, data)
        return self.render_to_response(
            {"codes": codes, "code": code, "data": data, **_scope_context(request)}
        )

    def _csv(self, code, data) -> HttpResponse:
        response, writer = csv_response(filename=f"synthese-{code}.csv")
        writer.writerow(
            [_("Dimension"), _("Critère"), _("Répondants concernés"), _("Critère tenu"), _("Part (%)")]
        )
        for row in data["criteria"]:
            writer.writerow(
                [
                    row.criterion.dimension.title,
                    row.criterion.title,
                    row.respondents,
                    row.met,
                    row.share,
                ]
            )
        writer.writerow([])
        for title, groups in ((_("Antenne"), data["by_antenna"]), (_("Famille"), data["by_family"])):
            writer.writerow([title, _("Répondants"), _("Badges")] + [d.title for d in data["dimensions"]])
            for g in groups:
                writer.writerow([g["name"], g["respondents"], g["badges"]] + list(g["scores"]))
            writer.writerow([])
        return response


class OfficeSynthesisView(StaffRequiredMixin, TemplateView):
    """Tourism-office diagnostic: a shared "photograph" of the offices' organisations."""

    template_name = "selfdiagnosis/staff/office_synthesis.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        codes = _questionnaire_codes(Questionnaire.Kind.TOURISM_OFFICE)
        code = self.request.GET.get("questionnaire") or (codes[0] if codes else "")
        if code and code not in codes:
            raise Http404
        small = self.request.GET.get("small") == "1"
        ctx.update(
            codes=codes,
            code=code,
            small=small,
            data=selectors.office_synthesis(
                questionnaire_code=code, max_fte=10 if small else None, viewer=self.request.user
            )
            if code
            else None,
            **_scope_context(self.request),
        )
        return ctx
