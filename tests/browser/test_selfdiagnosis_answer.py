"""A professional answers from a phone-sized screen: fills, autosaves, reloads, signs and submits."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from selfdiagnosis.models import Answer, Assessment
from tests.factories.selfdiagnosis import AssessmentFactory, build_questionnaire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _saved(page, code):
    page.locator(f"#status-{code}").get_by_text(re.compile("Enregistré à")).wait_for()


def test_fill_autosave_reload_sign_and_submit(page, member):
    assessment = AssessmentFactory(
        questionnaire=build_questionnaire(), member=member, respondent_email="alice@example.org"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/autodiagnostic/r/{assessment.token}/")
    page.get_by_role("link", name="Commencer").click()
    page.wait_for_url("**/section/environnement/")

    page.get_by_label("Oui").first.check()
    _saved(page, "eau-oui")
    page.locator("#id_matieres-part-value").fill("40")
    page.locator("#id_matieres-part-value").press("Tab")
    _saved(page, "matieres-part")

    page.reload()
    assert page.locator("#id_eau-oui-value_0").is_checked()
    assert page.locator("#id_matieres-part-value").input_value() == "40"
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/section/economie-locale/")
    page.get_by_label("Toujours").check()
    _saved(page, "fournisseurs-100km")

    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/section/social/")
    page.locator("#id_rencontre-echange-value_0").check()
    _saved(page, "rencontre-echange")
    page.locator("#id_rencontre-echange-evidence").set_input_files(
        files=[{"name": "animation.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}]
    )
    page.locator("#status-rencontre-echange").get_by_text("Justificatif joint").wait_for()

    page.get_by_role("button", name="Enregistrer et relire").click()
    page.wait_for_url("**/signer/")
    assert "Il reste des réponses obligatoires" not in page.content()
    page.get_by_label("Nom et prénom").fill("Alice Martin")
    page.get_by_label("Fonction").fill("gérante")
    page.get_by_label("Je certifie sur l'honneur").check()
    page.get_by_role("button", name="Signer et envoyer").click()
    page.wait_for_url(f"**/autodiagnostic/r/{assessment.token}/")
    assert "Vos réponses ont été signées et envoyées" in page.content()

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.signatures.get().signer_name == "Alice Martin"
    assert Answer.objects.get(assessment=assessment, indicator__code="matieres-part").number_value == 40
    assert Answer.objects.get(assessment=assessment, indicator__code="rencontre-echange").evidence
