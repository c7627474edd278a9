"""The respondent's pages on a 390 px wide phone: accessible (axe), nothing wider than the screen,
large touch targets, the progress bar and the save status always in view.

Screenshots land in SELFDIAG_SCREENSHOTS (default /work/briefs/selfdiag/) to be looked at."""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories.selfdiagnosis import AssessmentFactory, OfferFactory, answer, build_questionnaire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("SELFDIAG_SCREENSHOTS", "/work/briefs/selfdiag"))


def _check(page, name):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the phone"
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _boxes(page, selector):
    return [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]


def test_respondent_pages_fit_a_phone(page, member):
    questionnaire = build_questionnaire()
    assessment = AssessmentFactory(
        questionnaire=questionnaire, member=member, offer=OfferFactory(member=member, title="Visite")
    )
    AssessmentFactory(
        questionnaire=questionnaire, member=member, offer=OfferFactory(member=member, title="Stage")
    )
    answer(assessment, "eau-oui", "oui")
    page.set_viewport_size(PHONE)

    page.goto(f"/autodiagnostic/r/{assessment.token}/")
    _check(page, "1-overview")

    page.goto(f"/autodiagnostic/r/{assessment.token}/section/environnement/")
    # Every radio choice is a large touch target spanning the width of the screen.
    for box in _boxes(page, ".sd-choices .sd-radio"):
        assert box["height"] >= 44 and box["width"] >= 0.75 * PHONE["width"], box
    page.locator("#id_matieres-part-value").fill("140")
    page.locator("#id_matieres-part-value").press("Tab")
    page.locator("#status-matieres-part").get_by_text(re.compile("entre 0 et 100")).wait_for()
    page.locator("#id_eau-oui-value_1").check()
    page.locator("#status-eau-oui").get_by_text(re.compile("Enregistré à")).wait_for()
    # The save status stays in view at the bottom of the screen, whatever the scroll.
    page.mouse.wheel(0, 5000)
    bar = page.locator("#sd-savebar")
    bar.get_by_text(re.compile("Enregistré à")).wait_for()
    box = bar.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] + 1 and box["y"] > PHONE["height"] / 2, box
    # The progress bar stays in view at the top.
    progress = page.locator(".sd-progress").bounding_box()
    assert progress["y"] >= -1 and progress["y"] < 120, progress
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "2b-section-scrolled.png"))
    page.mouse.wheel(0, -5000)
    _check(page, "2-section-environnement")

    page.goto(f"/autodiagnostic/r/{assessment.token}/section/economie-locale/")
    # The reason field appears only when "not concerned" is ticked.
    reason = page.locator("#id_fournisseurs-100km-na_reason")
    assert not reason.is_visible()
    page.get_by_label("Je ne suis pas concerné").check()
    assert reason.is_visible()
    page.get_by_label("Je ne suis pas concerné").uncheck()
    _check(page, "3-section-economie-locale")
    page.goto(f"/autodiagnostic/r/{assessment.token}/section/social/")
    _check(page, "4-section-social")
    page.goto(f"/autodiagnostic/r/{assessment.token}/signer/")
    _check(page, "5-sign")
