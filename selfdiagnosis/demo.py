"""Demo data: the default questionnaires, two campaigns, and assessments at every stage.

Idempotent: assessments are found again by (campaign, member, offer) or organisation, and each
is moved forward through the services only if it has not reached its target stage yet.
Runs after the network and offers demos; uses the demo members' offers when there are some,
otherwise assesses the member's business itself.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from network.models import Member
from offers import selectors as offer_selectors
from offers import services as offer_services

from . import services
from .models import Assessment, Campaign, Questionnaire, RespondentKind

S = Assessment.Status
FULL = {
    "eau-equipements": "oui",
    "eau-suivi": "toujours",
    "energie-renouvelable": "oui",
    "energie-sobriete": "parfois",
    "dechets-tri": "oui",
    "dechets-jetable": "parfois",
    "mobilite-info": "oui",
    "mobilite-accueil": "non",
    "nature-produits": "oui",
    "nature-sites": "oui",
    "matieres-part": "60",
    "fournisseurs-100km": "toujours",
    "fournisseurs-part": "70",
    "emploi-local": "oui",
    "emploi-apprentissage": "oui",
    "produits-vente": "oui",
    "reseau-recommandation": "oui",
    "reseau-collectif": "oui",
    "retombees-services": "parfois",
    "remuneration-juste": "oui",
    "remuneration-prix": "oui",
    "accessibilite-handicap": "partiel",
    "tarifs-reduits": "oui",
    "rencontre-echange": "oui",
    "rencontre-habitants": "oui",
    "conditions-formation": "non",
}
# Last year's answers for the expired badge: fewer commitments, so progress shows on the radar.
MODEST = {
    **FULL,
    "energie-renouvelable": "non",
    "dechets-jetable": "jamais",
    "matieres-part": "20",
    "fournisseurs-part": "35",
    "emploi-apprentissage": "non",
    "reseau-collectif": "non",
    "remuneration-juste": "non",
    "tarifs-reduits": "non",
    "rencontre-habitants": "non",
}
PARTIAL = {k: FULL[k] for k in ("eau-equipements", "eau-suivi", "energie-renouvelable", "dechets-tri")}

# member slug, target stage, answers, signer role
PROFESSIONALS = [
    ("atelier-du-tourneur", "validated", FULL, "tourneur, gérant"),
    ("rucher-des-cimes", "in_progress", PARTIAL, ""),
    ("ferme-du-col", "submitted", FULL, "exploitant agricole"),
    ("confitures-du-granier", "invited", {}, ""),
    ("fil-de-chartreuse", "validated", MODEST, "tisserande"),
]
SHARED_BUSINESS = "rucher-des-cimes"
EXPIRED = ("terre-de-guiers", MODEST, "potière")

OFFICES = [
    (
        "Office de tourisme Cœur de Chartreuse",
        "direction@ot-chartreuse.example",
        "Nathalie Arnaud",
        {
            "statut-juridique": "epic",
            "bureaux": "3",
            "communes": "17",
            "etp-permanents": "8,5",
            "etp-saisonniers": "3",
            "budget-annuel": "620000",
            "taxe-sejour": "45",
            "recettes-propres": "18",
            "mission-accueil": "oui",
            "mission-promotion": "oui",
            "mission-commercialisation": "oui",
            "mission-animation": "oui",
            "mission-observation": "non",
            "outil-apidae": "oui",
            "outil-billetterie": "oui",
            "outil-boutique": "oui",
            "outil-crm": "non",
            "outils-priorites": "Un outil de relation client partagé avec les artisans.",
        },
    ),
    (
        "Office de tourisme des Entremonts",
        "contact@ot-entremonts.example",
        "Paul Dufour",
        {
            "statut-juridique": "association",
            "bureaux": "1",
            "communes": "4",
            "etp-permanents": "2,5",
            "etp-saisonniers": "1",
            "budget-annuel": "180000",
            "taxe-sejour": "30",
            "recettes-propres": "12",
            "mission-accueil": "oui",
            "mission-promotion": "oui",
            "mission-commercialisation": "non",
            "mission-animation": "oui",
            "mission-observation": "non",
            "outil-apidae": "oui",
            "outil-billetterie": "non",
            "outil-boutique": "oui",
            "outil-crm": "non",
            "outils-priorites": "Une billetterie mutualisée.",
        },
    ),
]


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"    {text}")


def _campaign(title: str, questionnaire: Questionnaire, deadline: dt.date) -> Campaign:
    campaign, _ = Campaign.objects.update_or_create(
        title=title,
        defaults={
            "questionnaire": questionnaire,
            "deadline": deadline,
            "reminder_days": [7, 14],
            "message": "Merci de prendre une demi-heure pour faire le point sur vos engagements.",
        },
    )
    return campaign


def _subject(member: Member):
    offer = offer_selectors.offer_list_for_member(member).first()
    return offer


def _assessment(
    *,
    campaign: Campaign,
    member: Member | None = None,
    offer=None,
    organisation: str = "",
    email: str,
    name: str,
    kind: str,
    invited_days_ago: int,
) -> Assessment:
    lookup = {"campaign": campaign, "member": member, "offer": offer, "organisation": organisation}
    assessment = Assessment.objects.filter(**lookup).first()
    if assessment is None:
        assessment = Assessment.objects.create(
            **lookup,
            questionnaire=campaign.questionnaire,
            respondent_kind=kind,
            respondent_email=email,
            respondent_name=name,
            invited_at=timezone.now() - dt.timedelta(days=invited_days_ago),
            token_expires_at=timezone.now() + dt.timedelta(days=60),
        )
    return assessment


def _answer_all(assessment: Assessment, answers: dict[str, str]) -> None:
    if not assessment.is_editable:
        return
    indicators = {i.code: i for i in assessment.questionnaire.indicators.prefetch_related("choices")}
    for code, value in answers.items():
        if code in indicators:
            services.answer_save(
                assessment=assessment, indicator=indicators[code], data=services.AnswerInput(value=value)
            )


def _advance(assessment: Assessment, target: str, answers: dict[str, str], role: str, reviewer) -> Assessment:
    _answer_all(assessment, answers)
    assessment.refresh_from_db()
    if target in ("submitted", "validated") and assessment.is_editable:
        services.assessment_submit(
            assessment=assessment, signer_name=assessment.respondent_name, signer_role=role, accepted=True
        )
        assessment.refresh_from_db()
    if target == "validated" and assessment.status == S.SUBMITTED:
        services.assessment_validate(
            assessment=assessment, reviewer=reviewer, comment="Merci pour ces réponses précises."
        )
        assessment.refresh_from_db()
    return assessment


def load(stdout=None) -> None:
    from network.models import User

    reviewer = User.objects.filter(email="accueil@maillage.demo").first()
    professional, office = services.questionnaire_install_defaults(actor=reviewer)
    today = timezone.localdate()
    campaign = _campaign("Offres bienveillantes 2026", professional, today + dt.timedelta(days=30))
    last_year = _campaign("Offres bienveillantes 2025", professional, today - dt.timedelta(days=360))
    members = {
        m.slug: m for m in Member.objects.filter(slug__in=[p[0] for p in PROFESSIONALS] + [EXPIRED[0]])
    }

    for slug, target, answers, role in PROFESSIONALS:
        member = members.get(slug)
        if member is None:
            continue
        assessment = _assessment(
            campaign=campaign,
            member=member,
            offer=_subject(member),
            email=member.email or f"contact@{slug}.example",
            name=member.contact_name,
            kind=RespondentKind.MEMBER,
            invited_days_ago=12,
        )
        assessment = _advance(assessment, target, answers, role, reviewer)
        _say(stdout, f"{assessment.subject_label} : {assessment.get_status_display()}")

    # The business itself, besides its offer: the questions about the business are answered once
    # and shared by both assessments (the in-progress one shows them as already answered).
    member = members.get(SHARED_BUSINESS)
    if member is not None:
        business = _assessment(
            campaign=campaign,
            member=member,
            email=member.email or f"contact@{SHARED_BUSINESS}.example",
            name=member.contact_name,
            kind=RespondentKind.MEMBER,
            invited_days_ago=12,
        )
        if not business.answers.exists():
            services.assessment_prefill_shared_answers(assessment=business)
        _say(stdout, f"{business.subject_label} (entreprise) : réponses communes reprises")

    member = members.get(EXPIRED[0])
    if member is not None:
        old = _assessment(
            campaign=last_year,
            member=member,
            offer=_subject(member),
            email=member.email or "contact@terre-de-guiers.example",
            name=member.contact_name,
            kind=RespondentKind.MEMBER,
            invited_days_ago=400,
        )
        if old.status != S.VALIDATED:
            old = _advance(old, "validated", EXPIRED[1], EXPIRED[2], reviewer)
            expired_on = today - dt.timedelta(days=20)
            Assessment.objects.filter(pk=old.pk).update(
                submitted_at=timezone.now() - dt.timedelta(days=390),
                reviewed_at=timezone.now() - dt.timedelta(days=385),
                badge_expires_on=expired_on,
            )
            if old.offer_id and old.badge_level:
                offer_services.offer_set_badge(
                    offer=old.offer,
                    level=old.badge_label,
                    expires_on=expired_on,
                    scores=old.offer.badge_scores,
                    actor=reviewer,
                    awarded_on=expired_on - dt.timedelta(days=365),
                )
            old.refresh_from_db()
        if not old.renewals.exists():
            services.assessment_renew(previous=old, actor=reviewer, send=False)
        _say(stdout, f"{old.subject_label} : badge expiré, renouvellement pré-rempli")

    office_campaign = _campaign("Photographie des offices 2026", office, today + dt.timedelta(days=45))
    for organisation, email, name, answers in OFFICES:
        assessment = _assessment(
            campaign=office_campaign,
            organisation=organisation,
            email=email,
            name=name,
            kind=RespondentKind.TOURISM_OFFICE,
            invited_days_ago=20,
        )
        _advance(assessment, "validated", answers, "directeur ou directrice", reviewer)
    _say(stdout, f"{len(OFFICES)} diagnostics d'offices")
