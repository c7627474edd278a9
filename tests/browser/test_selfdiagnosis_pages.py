"""Accessibility (axe) of the self-assessment pages, and the radar drawn by Chart.js."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from selfdiagnosis import services
from tests.conftest import _with_totp
from tests.factories.network import StaffUserFactory
from tests.factories.selfdiagnosis import (
    AssessmentFactory,
    CampaignFactory,
    build_questionnaire,
    fill_all,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_respondent_and_staff_pages_are_accessible(page, live_server, member):
    questionnaire = build_questionnaire()
    campaign = CampaignFactory(questionnaire=questionnaire)
    staff = _with_totp(StaffUserFactory(email="staff@example.org"))
    assessment = AssessmentFactory(questionnaire=questionnaire, member=member, campaign=campaign)
    fill_all(assessment)

    page.goto(f"/autodiagnostic/r/{assessment.token}/")
    _no_violations(page)
    page.goto(f"/autodiagnostic/r/{assessment.token}/signer/")
    _no_violations(page)

    submit(assessment)
    _login(page, live_server, staff)
    page.goto(f"/staff/autodiagnostic/evaluations/{assessment.public_id}/")
    _no_violations(page)
    page.goto(f"/staff/autodiagnostic/campagnes/{campaign.public_id}/")
    _no_violations(page)
    page.goto("/staff/autodiagnostic/synthese/")
    _no_violations(page)

    services.assessment_validate(assessment=assessment, reviewer=staff)
    page.goto(f"/autodiagnostic/r/{assessment.token}/")
    page.wait_for_function("() => window.Chart && Chart.getChart('sd-radar') !== undefined")
    _no_violations(page)
