"""Answering, autosave, evidence and signing: services and the respondent's pages."""

import datetime as dt
import html

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from selfdiagnosis import exceptions as e
from selfdiagnosis import services
from selfdiagnosis.exceptions import AnswerError, SelfDiagnosisError
from selfdiagnosis.models import Answer, Assessment
from tests.factories.selfdiagnosis import AssessmentFactory, answer, fill_all, pdf_upload, png_upload, submit

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(name, assessment, **kwargs):
    return reverse(f"selfdiagnosis:{name}", kwargs={"token": assessment.token, **kwargs})


# --- services ---------------------------------------------------------------------------------


def test_answer_save_starts_the_assessment_and_stores_the_value(assessment):
    saved = answer(assessment, "eau-oui", "oui")
    assessment.refresh_from_db()
    assert saved.bool_value is True
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.started_at is not None


def test_answer_save_accepts_a_french_decimal(assessment):
    assert answer(assessment, "matieres-part", "12,5").number_value == pytest.approx(12.5)


@pytest.mark.parametrize(
    ("raw", "message"),
    [("150", e.NUMBER_OUT_OF_RANGE), ("-1", e.NUMBER_OUT_OF_RANGE), ("beaucoup", e.NOT_A_NUMBER)],
)
def test_answer_save_refuses_a_bad_number_and_keeps_the_previous_answer(assessment, raw, message):
    answer(assessment, "matieres-part", "40")
    with pytest.raises(AnswerError) as exc:
        answer(assessment, "matieres-part", raw)
    assert exc.value.field == "matieres-part"
    assert str(message).split("%")[0] in str(exc.value.message)
    assert Answer.objects.get(assessment=assessment, indicator__code="matieres-part").number_value == 40


def test_not_applicable_needs_a_reason(assessment):
    with pytest.raises(AnswerError) as exc:
        answer(assessment, "eau-oui", not_applicable=True, na_reason=" ")
    assert exc.value.message == e.NOT_APPLICABLE_REASON
    saved = answer(assessment, "eau-oui", not_applicable=True, na_reason="Pas d'eau courante à l'atelier")
    assert saved.not_applicable and saved.has_value


def test_not_applicable_is_refused_where_the_questionnaire_forbids_it(assessment):
    with pytest.raises(AnswerError) as exc:
        answer(assessment, "rencontre-echange", not_applicable=True, na_reason="non")
    assert exc.value.message == e.NOT_APPLICABLE_FORBIDDEN


def test_unknown_choice_is_refused(assessment):
    with pytest.raises(AnswerError):
        answer(assessment, "fournisseurs-100km", "souvent")


def test_submit_requires_every_mandatory_indicator(assessment):
    answer(assessment, "eau-oui", "oui")
    with pytest.raises(SelfDiagnosisError) as exc:
        submit(assessment)
    assert "J'achète à moins de 100 km." in str(exc.value.message)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.signatures.count() == 0
    assert assessment.answers.count() == 1  # the autosaved answer survives


def test_submit_requires_the_mandatory_evidence(assessment):
    answer(assessment, "eau-oui", "oui")
    answer(assessment, "fournisseurs-100km", "parfois")
    answer(assessment, "rencontre-echange", "oui")
    with pytest.raises(SelfDiagnosisError) as exc:
        submit(assessment)
    assert "Un justificatif est obligatoire" in str(exc.value.message)


def test_submit_requires_a_complete_signature(assessment):
    fill_all(assessment)
    for kwargs in ({"signer_name": ""}, {"signer_role": " "}, {"accepted": False}):
        with pytest.raises(SelfDiagnosisError) as exc:
            submit(assessment, **kwargs)
        assert exc.value.message == e.SIGNATURE_INCOMPLETE


def test_signing_stores_the_statement_version_and_answers_then_freezes_them(assessment):
    fill_all(assessment)
    submit(assessment, ip_address="203.0.113.5")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    signature = assessment.signatures.get()
    assert signature.statement == "Je certifie que tout est vrai."
    assert signature.questionnaire_label.endswith("test v1")
    assert signature.signer_role == "gérante"
    assert len(signature.answers_digest) == 64
    assert {a["indicator"] for a in signature.answers_snapshot} >= {"eau-oui", "rencontre-echange"}
    assert assessment.scores["environnement"] > 0
    with pytest.raises(SelfDiagnosisError) as exc:
        answer(assessment, "eau-oui", "non")
    assert exc.value.message == e.ALREADY_SUBMITTED
    assert Answer.objects.get(assessment=assessment, indicator__code="eau-oui").bool_value is True
    with pytest.raises(SelfDiagnosisError):
        submit(assessment)  # a second click does not sign twice
    assert assessment.signatures.count() == 1


def test_an_expired_link_refuses_edits_but_keeps_the_answers(assessment):
    answer(assessment, "eau-oui", "oui")
    Assessment.objects.filter(pk=assessment.pk).update(
        token_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assessment.refresh_from_db()
    with pytest.raises(SelfDiagnosisError) as exc:
        answer(assessment, "eau-oui", "non")
    assert exc.value.message == e.LINK_EXPIRED
    services.assessment_extend_link(assessment=assessment, actor=None)
    assessment.refresh_from_db()
    assert answer(assessment, "eau-oui", "non").bool_value is False


def test_tokens_are_long_random_and_distinct(questionnaire):
    tokens = {AssessmentFactory(questionnaire=questionnaire).token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(t) >= 43 for t in tokens)


# --- respondent pages ---------------------------------------------------------------------------


def test_respondent_overview_needs_no_account(visitor, assessment):
    response = visitor.get(url("respond", assessment))
    assert response.status_code == 200
    assert "Questionnaire de test" in text(response)


def test_unknown_or_truncated_token_gives_404(visitor, assessment):
    assert visitor.get(reverse("selfdiagnosis:respond", kwargs={"token": "x" * 43})).status_code == 404
    assert (
        visitor.get(reverse("selfdiagnosis:respond", kwargs={"token": assessment.token[:-1]})).status_code
        == 404
    )


def test_a_withdrawn_invitation_link_gives_404(visitor, assessment):
    services.assessment_withdraw(assessment=assessment, actor=None)
    assert visitor.get(url("respond", assessment)).status_code == 404


def test_a_token_only_opens_its_own_assessment(visitor, assessment, other_assessment):
    response = visitor.get(url("respond", other_assessment))
    assert "Atelier d'Alice" not in text(response)
    assert visitor.get(url("section", other_assessment, code="environnement")).status_code == 200
    # the offer-scoped criterion applies only to assessments of an offer
    assert "Mobilité" not in text(visitor.get(url("section", other_assessment, code="environnement")))
    assert "Mobilité" in text(visitor.get(url("section", assessment, code="environnement")))


def test_section_page_shows_fields_with_autosave(visitor, assessment):
    response = visitor.get(url("section", assessment, code="environnement"))
    html = text(response)
    assert response.status_code == 200
    assert 'hx-post="' + url("autosave", assessment, code="eau-oui") in html
    assert "htmx.min.js" in html


def test_unknown_section_gives_404(visitor, assessment):
    assert visitor.get(url("section", assessment, code="inconnue")).status_code == 404


def test_autosave_returns_a_saved_fragment(visitor, assessment):
    response = visitor.post(
        url("autosave", assessment, code="eau-oui"), {"eau-oui-value": "oui"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Enregistré à" in text(response)
    assert Answer.objects.get(assessment=assessment).bool_value is True


def test_autosave_of_a_number_out_of_range_names_the_limits_and_keeps_the_old_value(visitor, assessment):
    answer(assessment, "matieres-part", "30")
    response = visitor.post(url("autosave", assessment, code="matieres-part"), {"matieres-part-value": "140"})
    assert "Le nombre doit être compris entre 0 et 100." in text(response)
    assert Answer.objects.get(assessment=assessment).number_value == 30


def test_autosave_uploads_evidence(visitor, assessment):
    response = visitor.post(
        url("autosave", assessment, code="rencontre-echange"),
        {"rencontre-echange-value": "oui", "rencontre-echange-evidence": png_upload()},
    )
    assert "Justificatif joint" in text(response)
    saved = Answer.objects.get(assessment=assessment)
    assert saved.evidence.name.endswith(".png")
    download = visitor.get(url("evidence", assessment, code="rencontre-echange"))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"


def test_evidence_of_the_wrong_type_is_refused(visitor, assessment):
    fake = SimpleUploadedFile("photo.jpg", b"hello, not an image", content_type="image/jpeg")
    response = visitor.post(
        url("autosave", assessment, code="rencontre-echange"),
        {"rencontre-echange-value": "oui", "rencontre-echange-evidence": fake},
    )
    assert "doit être un PDF ou une image" in text(response)
    assert not Answer.objects.filter(assessment=assessment).exists()


@override_settings(MAX_DOCUMENT_UPLOAD_BYTES=1024)
def test_evidence_too_large_is_refused(visitor, assessment):
    response = visitor.post(
        url("autosave", assessment, code="rencontre-echange"),
        {"rencontre-echange-value": "oui", "rencontre-echange-evidence": pdf_upload(size=4096)},
    )
    assert "est trop lourd" in text(response)
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_section_post_saves_good_answers_and_keeps_what_was_typed_for_bad_ones(visitor, assessment):
    response = visitor.post(
        url("section", assessment, code="environnement"),
        {"eau-oui-value": "oui", "matieres-part-value": "deux cents", "next": "next"},
    )
    assert response.status_code == 400
    html = text(response)
    assert "Saisissez un nombre" in html
    assert 'value="deux cents"' in html
    assert Answer.objects.get(assessment=assessment, indicator__code="eau-oui").bool_value is True


def test_section_post_moves_to_the_next_section(visitor, assessment):
    response = visitor.post(
        url("section", assessment, code="environnement"),
        {"eau-oui-value": "oui", "matieres-part-value": "60", "next": "next"},
    )
    assert response.status_code == 302
    assert response.url == url("section", assessment, code="economie-locale")


def test_sign_page_lists_missing_mandatory_answers(visitor, assessment):
    html = text(visitor.get(url("sign", assessment)))
    assert "Il reste des réponses obligatoires" in html
    assert "J'économise l'eau." in html


def test_signing_with_missing_answers_changes_nothing(visitor, assessment):
    answer(assessment, "eau-oui", "oui")
    response = visitor.post(
        url("sign", assessment), {"signer_name": "Alice", "signer_role": "gérante", "accepted": "on"}
    )
    assert response.status_code == 400
    assert "Il manque des réponses obligatoires" in text(response)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.answers.count() == 1


def test_signing_from_the_page_submits_and_makes_the_pages_read_only(visitor, assessment):
    fill_all(assessment)
    response = visitor.post(
        url("sign", assessment),
        {"signer_name": "Alice Martin", "signer_role": "gérante", "accepted": "on"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.signatures.get().ip_address == "198.51.100.7"
    section = text(visitor.get(url("section", assessment, code="environnement")))
    assert str(e.ALREADY_SUBMITTED) in section.replace("&#x27;", "'")
    assert "hx-post" not in section
    late = visitor.post(url("autosave", assessment, code="eau-oui"), {"eau-oui-value": "non"})
    assert "déjà été signé" in text(late)
    assert Answer.objects.get(assessment=assessment, indicator__code="eau-oui").bool_value is True
    again = visitor.post(
        url("sign", assessment), {"signer_name": "Alice", "signer_role": "x", "accepted": "on"}
    )
    assert again.status_code == 400
    assert assessment.signatures.count() == 1
    assert mail.outbox == [] or all("Autodiagnostic à relire" not in m.subject for m in mail.outbox)


def test_an_expired_link_shows_a_clear_message(visitor, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(token_expires_at=timezone.now() - dt.timedelta(days=1))
    html = text(visitor.get(url("respond", assessment)))
    assert "Ce lien a expiré" in html
    response = visitor.post(url("section", assessment, code="environnement"), {"eau-oui-value": "oui"})
    assert response.status_code == 302
    assert not Answer.objects.filter(assessment=assessment).exists()
