"""Respondent pages, reached through the private link (no account needed)."""

from __future__ import annotations

import mimetypes
import os

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.net import client_ip

from .. import exceptions as e
from .. import selectors, services
from ..exceptions import AnswerError, SelfDiagnosisError
from ..forms import IndicatorForm, SignForm
from ..models import Assessment


class BadgeExplainedView(TemplateView):
    """Public page: what the « bienveillant » badge means (levels, dimensions, how it is given)."""

    template_name = "selfdiagnosis/public/badge.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.badge_rules())
        return ctx


def _client_ip(request) -> str | None:
    return client_ip(request)


class RespondentMixin:
    """Looks the assessment up by its private token; an unknown token → 404."""

    def dispatch(self, request, *args, **kwargs):
        self.assessment = selectors.assessment_get_by_token(token=kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def blocking_message(self) -> str | None:
        """Why the answers cannot be changed now, or None when they can."""
        a = self.assessment
        if a.status in (Assessment.Status.SUBMITTED, Assessment.Status.VALIDATED):
            return str(e.ALREADY_SUBMITTED)
        if not a.is_editable:
            return str(e.NOT_EDITABLE)
        if a.link_expired:
            return str(e.LINK_EXPIRED)
        return None

    def base_context(self, **extra) -> dict:
        answers = selectors.answers_by_indicator(self.assessment)
        sections = selectors.assessment_sections(self.assessment, answers)
        ctx = {
            "assessment": self.assessment,
            "sections": sections,
            "answers": answers,
            "progress": selectors.assessment_progress(sections),
            "token": self.assessment.token,
            "blocked": self.blocking_message(),
            "reviews": {r.criterion_id: r for r in self.assessment.criterion_reviews.all()},
            # Business-scope answers also apply to these (the respondent's other open assessments).
            "shared_with": list(selectors.assessment_open_siblings(self.assessment))
            if self.assessment.is_editable
            else [],
        }
        ctx.update(extra)
        return ctx


class AssessmentRespondView(RespondentMixin, View):
    """Overview: introduction, sections with progress, then results once validated."""

    def get(self, request, token):
        ctx = self.base_context()
        if self.assessment.status == Assessment.Status.VALIDATED and self.assessment.scores:
            ctx["chart"] = selectors.assessment_chart_data(self.assessment)
            # JSONB does not keep key order: list the scores in the questionnaire's order.
            ctx["scores"] = {
                s.dimension.code: self.assessment.scores[s.dimension.code]
                for s in ctx["sections"]
                if s.dimension.code in self.assessment.scores
            }
        return render(request, "selfdiagnosis/public/respond.html", ctx)


class AssessmentSectionView(RespondentMixin, View):
    """One dimension: every applicable indicator, autosaved one by one, or all at once on submit."""

    def _section(self, sections, code):
        for index, section in enumerate(sections):
            if section.dimension.code == code:
                following = sections[index + 1] if index + 1 < len(sections) else None
                previous = sections[index - 1] if index > 0 else None
                return section, previous, following
        raise Http404

    def _forms(self, section, answers, data=None, files=None):
        forms = {}
        for criterion in section.criteria:
            for indicator in criterion.indicators.all():
                forms[indicator.pk] = IndicatorForm(
                    data, files, indicator=indicator, answer=answers.get(indicator.pk)
                )
        return forms

    def _render(self, request, ctx, section, previous, following, forms, status=200):
        ctx.update(section=section, previous=previous, following=following, forms=forms)
        return render(request, "selfdiagnosis/public/section.html", ctx, status=status)

    def get(self, request, token, code):
        ctx = self.base_context()
        section, previous, following = self._section(ctx["sections"], code)
        return self._render(request, ctx, section, previous, following, self._forms(section, ctx["answers"]))

    def post(self, request, token, code):
        ctx = self.base_context()
        section, previous, following = self._section(ctx["sections"], code)
        if ctx["blocked"]:
            messages.error(request, ctx["blocked"])
            return redirect("selfdiagnosis:respond", token=token)
        forms = self._forms(section, ctx["answers"], request.POST, request.FILES)
        failed = False
        for form in forms.values():
            if not form.is_valid():
                failed = True
                continue
            try:
                _save(self.assessment, form)
            except AnswerError as exc:
                form.add_error("value", str(exc.message))
                failed = True
            except SelfDiagnosisError as exc:
                messages.error(request, exc.message)
                return redirect("selfdiagnosis:respond", token=token)
        if failed:
            messages.error(
                request,
                _(
                    "Certaines réponses n'ont pas été enregistrées : corrigez les champs "
                    "signalés. Les autres réponses sont enregistrées."
                ),
            )
            ctx = self.base_context()
            section, previous, following = self._section(ctx["sections"], code)
            return self._render(request, ctx, section, previous, following, forms, status=400)
        messages.success(request, _("Vos réponses sont enregistrées."))
        if request.POST.get("next") == "stay" or following is None:
            if following is None:
                return redirect("selfdiagnosis:sign", token=token)
            return redirect("selfdiagnosis:section", token=token, code=code)
        return redirect("selfdiagnosis:section", token=token, code=following.dimension.code)


def _save(assessment: Assessment, form: IndicatorForm):
    data = form.cleaned_data
    return services.answer_save(
        assessment=assessment,
        indicator=form.indicator,
        data=services.AnswerInput(
            value=data.get("value") or "",
            not_applicable=bool(data.get("na")),
            na_reason=data.get("na_reason") or "",
        ),
        evidence=data.get("evidence"),
        remove_evidence=bool(data.get("remove_evidence")),
    )


class AnswerAutosaveView(RespondentMixin, View):
    """htmx: save one indicator when it changes; answers a small status fragment."""

    def post(self, request, token, code):
        indicator = next(
            (
                i
                for i in self.assessment.questionnaire.indicators.prefetch_related("choices")
                if i.code == code
            ),
            None,
        )
        if indicator is None:
            raise Http404
        answer = self.assessment.answers.filter(indicator=indicator).select_related("choice").first()
        form = IndicatorForm(request.POST, request.FILES, indicator=indicator, answer=answer)
        ctx = {"indicator": indicator, "token": token, "saved_at": None, "error": None, "answer": answer}
        if not form.is_valid():
            ctx["error"] = " ".join(str(m) for errors in form.errors.values() for m in errors)
        else:
            try:
                ctx["answer"] = _save(self.assessment, form)
                ctx["saved_at"] = timezone.localtime()
            except SelfDiagnosisError as exc:
                ctx["error"] = str(exc.message)
        # 200 even on a refused value: htmx swaps the fragment so the message shows next to the field.
        return render(request, "selfdiagnosis/partials/_save_status.html", ctx)


class AssessmentSignView(RespondentMixin, View):
    """Summary of the answers, what is missing, and the signed statement of truthfulness."""

    def _render(self, request, form, status=200):
        missing, evidence_missing = selectors.assessment_missing(self.assessment)
        ctx = self.base_context(
            form=form,
            missing=missing,
            evidence_missing=evidence_missing,
            sheet=selectors.assessment_score_sheet(self.assessment),
        )
        return render(request, "selfdiagnosis/public/sign.html", ctx, status=status)

    def get(self, request, token):
        initial = {"signer_name": self.assessment.respondent_name, "action_plan": self.assessment.action_plan}
        return self._render(request, SignForm(initial=initial))

    def post(self, request, token):
        form = SignForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            services.assessment_submit(
                assessment=self.assessment,
                signer_name=form.cleaned_data["signer_name"],
                signer_role=form.cleaned_data["signer_role"],
                accepted=form.cleaned_data["accepted"],
                action_plan=form.cleaned_data["action_plan"],
                ip_address=_client_ip(request),
            )
        except SelfDiagnosisError as exc:
            form.add_error(None, exc.message)
            return self._render(request, form, status=400)
        messages.success(request, _("Merci ! Vos réponses sont signées et envoyées à l'office de tourisme."))
        return redirect("selfdiagnosis:respond", token=token)


class EvidenceDownloadView(RespondentMixin, View):
    def get(self, request, token, code):
        answer = self.assessment.answers.filter(indicator__code=code).exclude(evidence="").first()
        if answer is None:
            raise Http404
        return evidence_response(answer)


def evidence_response(answer) -> FileResponse:
    name = os.path.basename(answer.evidence.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        answer.evidence.open("rb"), content_type=content_type, as_attachment=True, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
