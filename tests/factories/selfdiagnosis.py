"""Factories for the self-assessment: a small questionnaire whose scores are easy to reason about."""

from __future__ import annotations

import datetime as dt
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from offers.models import Offer
from selfdiagnosis import services
from selfdiagnosis.models import (
    Assessment,
    Campaign,
    Choice,
    Criterion,
    Dimension,
    Indicator,
    Questionnaire,
    RespondentKind,
)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    slug = factory.Sequence(lambda n: f"offre-{n}")
    title = factory.Sequence(lambda n: f"Visite de l'atelier {n}")
    families = factory.LazyFunction(lambda: ["heritage"])
    short_description = "Une visite commentée."
    status = Offer.Status.PRESELECTED
    email = factory.Sequence(lambda n: f"offre{n}@example.org")


def build_questionnaire(*, code: str = "test", version: int = 1, publish: bool = True) -> Questionnaire:
    """Three scored dimensions, each with one mandatory criterion, plus a few extras:

    - environnement: ``eau`` (mandatory, yes/no ``eau-oui``), ``matieres`` (number 0–100,
      target 50, optional evidence), ``mobilite`` (offer scope, yes/no);
    - economie-locale: ``fournisseurs`` (mandatory, choice jamais 0 / parfois 1 / toujours 2);
    - social: ``rencontre`` (mandatory, yes/no with required evidence, N/A not allowed).
    """
    q = Questionnaire.objects.create(
        code=code,
        version=version,
        title="Questionnaire de test",
        introduction="Bienvenue.",
        statement="Je certifie que tout est vrai.",
    )
    env = Dimension.objects.create(questionnaire=q, code="environnement", title="Environnement", order=0)
    eco = Dimension.objects.create(questionnaire=q, code="economie-locale", title="Économie locale", order=1)
    soc = Dimension.objects.create(questionnaire=q, code="social", title="Social", order=2)
    eau = Criterion.objects.create(
        dimension=env,
        code="eau",
        title="Économiser l'eau",
        public_label="Économise l'eau",
        mandatory=True,
        order=0,
    )
    Indicator.objects.create(criterion=eau, code="eau-oui", statement="J'économise l'eau.")
    matieres = Criterion.objects.create(dimension=env, code="matieres", title="Matières", order=1)
    Indicator.objects.create(
        criterion=matieres,
        code="matieres-part",
        statement="Part de matières bio.",
        answer_kind=Indicator.AnswerKind.NUMBER,
        number_min=0,
        number_max=100,
        number_target=50,
        unit="%",
        evidence=Indicator.Evidence.OPTIONAL,
    )
    mobilite = Criterion.objects.create(
        dimension=env, code="mobilite", title="Mobilité", scope=Criterion.Scope.OFFER, order=2
    )
    Indicator.objects.create(criterion=mobilite, code="mobilite-info", statement="J'indique les bus.")
    fournisseurs = Criterion.objects.create(
        dimension=eco,
        code="fournisseurs",
        title="Fournisseurs locaux",
        public_label="Achète local",
        mandatory=True,
    )
    ind = Indicator.objects.create(
        criterion=fournisseurs,
        code="fournisseurs-100km",
        statement="J'achète à moins de 100 km.",
        answer_kind=Indicator.AnswerKind.CHOICE,
    )
    for n, (code, label, points) in enumerate(
        [("jamais", "Jamais", 0), ("parfois", "Parfois", 1), ("toujours", "Toujours", 2)]
    ):
        Choice.objects.create(indicator=ind, code=code, label=label, points=points, order=n)
    rencontre = Criterion.objects.create(
        dimension=soc,
        code="rencontre",
        title="Rencontre",
        public_label="Fait rencontrer les habitants",
        mandatory=True,
    )
    Indicator.objects.create(
        criterion=rencontre,
        code="rencontre-echange",
        statement="Je fais rencontrer.",
        evidence=Indicator.Evidence.REQUIRED,
        allow_not_applicable=False,
    )
    if publish:
        q = services.questionnaire_publish(questionnaire=q, actor=None)
    return q


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = "Campagne de printemps"
    questionnaire = factory.LazyFunction(build_questionnaire)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    reminder_days = factory.LazyFunction(lambda: [7, 14])


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    questionnaire = factory.LazyFunction(build_questionnaire)
    respondent_kind = RespondentKind.MEMBER
    respondent_email = factory.Sequence(lambda n: f"repondant{n}@example.org")
    respondent_name = "Alice Martin"
    token_expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


def pdf_upload(name: str = "facture.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n% test\n" + b"0" * size
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def answer(assessment, code: str, value: str = "", **kwargs):
    indicator = assessment.questionnaire.indicators.get(code=code)
    evidence = kwargs.pop("evidence", None)
    return services.answer_save(
        assessment=assessment,
        indicator=indicator,
        data=services.AnswerInput(value=value, **kwargs),
        evidence=evidence,
    )


def fill_all(
    assessment,
    *,
    fournisseurs: str = "toujours",
    eau: str = "oui",
    rencontre: str = "oui",
    matieres: str = "50",
    mobilite: str = "oui",
):
    """Answer every indicator (with the required evidence)."""
    answer(assessment, "eau-oui", eau)
    answer(assessment, "matieres-part", matieres)
    if assessment.offer_id:
        answer(assessment, "mobilite-info", mobilite)
    answer(assessment, "fournisseurs-100km", fournisseurs)
    answer(assessment, "rencontre-echange", rencontre, evidence=pdf_upload())
    assessment.refresh_from_db()
    return assessment


def submit(assessment, **kwargs):
    params = {"signer_name": "Alice Martin", "signer_role": "gérante", "accepted": True, **kwargs}
    return services.assessment_submit(assessment=assessment, **params)
