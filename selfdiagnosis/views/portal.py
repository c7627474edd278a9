"""Member portal: the member's own assessments and results."""

from __future__ import annotations

from django.views.generic import DetailView, ListView

from common.access import MemberRequiredMixin

from .. import selectors


class AssessmentListView(MemberRequiredMixin, ListView):
    template_name = "selfdiagnosis/portal/assessment_list.html"
    context_object_name = "assessments"

    def get_queryset(self):
        return selectors.assessment_list_for_member(self.member)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["member"] = self.member
        ctx["member_badge"] = selectors.member_badge(self.member)
        return ctx


class AssessmentResultView(MemberRequiredMixin, DetailView):
    """Results of one of the member's assessments: scores, radar, commitments met."""

    template_name = "selfdiagnosis/portal/assessment_result.html"
    context_object_name = "assessment"

    def get_object(self, queryset=None):
        return selectors.assessment_get_for_member(member=self.member, public_id=self.kwargs["public_id"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        assessment = self.object
        answers = selectors.answers_by_indicator(assessment)
        ctx["sections"] = selectors.assessment_sections(assessment, answers)
        ctx["sheet"] = selectors.assessment_score_sheet(assessment)
        ctx["chart"] = selectors.assessment_chart_data(assessment)
        ctx["reviews"] = {r.criterion_id: r for r in assessment.criterion_reviews.all()}
        return ctx
