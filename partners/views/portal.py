"""Portal: « Intégrer mes ateliers sur mon site » — the widget snippet for the member's own site."""

from __future__ import annotations

from django.conf import settings
from django.views.generic import TemplateView

from common.access import MemberRequiredMixin

from .public import widget_snippet


class EmbedView(MemberRequiredMixin, TemplateView):
    template_name = "partners/portal/embed.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        lang = self.request.GET.get("lang", "fr")
        lang = lang if lang in {code for code, _n in settings.LANGUAGES} else "fr"
        ctx.update(
            member=self.member,
            site_url=settings.SITE_URL.rstrip("/"),
            lang=lang,
            snippet=widget_snippet(member_slug=self.member.slug, lang=lang),
            api_url=settings.SITE_URL.rstrip("/") + f"/api/v1/workshops?member={self.member.slug}",
        )
        return ctx
