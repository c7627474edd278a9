"""Benchmark of the self-assessment: answering, signing and the network synthesis at scale.

Seeds the default questionnaire, 3,000 members' offers with validated assessments (about 75,000
answers) and one assessment in progress, then times: the respondent's section page, one
autosave, signing (with scoring), the staff review page, the network synthesis and its CSV
export. Run against its own database (the script empties the selfdiagnosis tables first):

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench_selfdiagnosis'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_selfdiagnosis \\
        .venv/bin/python bench/selfdiagnosis_bench.py [--assessments 3000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from common.access import COORDINATOR_GROUP  # noqa: E402
from network.models import Antenna, Commune, Member, Territory, User  # noqa: E402
from offers.models import Offer  # noqa: E402
from selfdiagnosis import selectors, services  # noqa: E402
from selfdiagnosis.models import Answer, Assessment, Indicator, RespondentKind  # noqa: E402


def timed(label: str, func, repeat: int = 5):
    durations, queries = [], 0
    result = None
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        result = func()
        durations.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
    print(
        f"{label:<48} median {statistics.median(durations):8.1f} ms   max {max(durations):8.1f} ms   "
        f"{queries:4d} queries"
    )
    return result


def seed(n: int) -> tuple[Assessment, Assessment]:
    rng = random.Random(42)
    call_command("migrate", verbosity=0)
    Assessment.objects.all().delete()
    Offer.objects.filter(slug__startswith="bench-").delete()
    Member.objects.filter(slug__startswith="bench-").delete()
    territory, _ = Territory.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    antennas = [
        Antenna.objects.get_or_create(
            slug=f"bench-{i}",
            defaults={
                "territory": territory,
                "name": f"Antenne bench {i}",
                "latitude": 45.3,
                "longitude": 5.8,
            },
        )[0]
        for i in range(4)
    ]
    communes = [
        Commune.objects.get_or_create(
            insee_code=f"99{i:03d}",
            defaults={
                "name": f"Commune {i}",
                "postcode": "38000",
                "latitude": 45.3,
                "longitude": 5.8,
                "antenna": antennas[i % 4],
            },
        )[0]
        for i in range(20)
    ]
    questionnaire = services.questionnaire_install_defaults()[0]
    members = Member.objects.bulk_create(
        [
            Member(
                slug=f"bench-{i}",
                name=f"Atelier {i}",
                antenna=communes[i % 20].antenna,
                commune=communes[i % 20],
                latitude=45.3,
                longitude=5.8,
                email=f"m{i}@bench.example",
            )
            for i in range(n)
        ]
    )
    families = ["outdoor", "heritage", "food", "wine", "wellbeing"]
    offers = Offer.objects.bulk_create(
        [
            Offer(
                slug=f"bench-{i}",
                title=f"Offre {i}",
                member=m,
                families=[families[i % 5]],
                status=Offer.Status.ASSESSED,
            )
            for i, m in enumerate(members)
        ]
    )
    indicators = list(questionnaire.indicators.prefetch_related("choices"))
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                questionnaire=questionnaire,
                member=m,
                offer=o,
                respondent_email=m.email,
                respondent_kind=RespondentKind.MEMBER,
                status=Assessment.Status.VALIDATED,
                token_expires_at=now + dt.timedelta(days=30),
                reviewed_at=now,
                submitted_at=now,
            )
            for m, o in zip(members, offers, strict=True)
        ]
    )
    answers = []
    for a in assessments:
        for ind in indicators:
            row = Answer(assessment=a, indicator=ind)
            if ind.answer_kind == Indicator.AnswerKind.YES_NO:
                row.bool_value = rng.random() < 0.7
            elif ind.answer_kind == Indicator.AnswerKind.CHOICE:
                row.choice = rng.choice(list(ind.choices.all()))
            elif ind.answer_kind == Indicator.AnswerKind.NUMBER:
                row.number_value = rng.randint(0, 100)
            answers.append(row)
    Answer.objects.bulk_create(answers, batch_size=5000)
    for a in assessments:  # stored scores, as validation would leave them
        sheet = selectors.assessment_score_sheet(a)
        a.scores, a.met_criteria = sheet.dimensions, list(sheet.met_criteria)
        a.badge_level = sheet.badge_level or ""
    Assessment.objects.bulk_update(assessments, ["scores", "met_criteria", "badge_level"], batch_size=1000)
    live = Assessment.objects.create(
        questionnaire=questionnaire,
        member=members[0],
        offer=offers[0],
        respondent_email="live@bench.example",
        respondent_name="Live",
        token_expires_at=now + dt.timedelta(days=30),
    )
    for ind in indicators:
        value = {
            "yes_no": "oui",
            "choice": ind.choices.first().code if ind.choices.exists() else "",
            "number": "50",
            "text": "ok",
        }[ind.answer_kind]
        services.answer_save(assessment=live, indicator=ind, data=services.AnswerInput(value=value))
    return assessments[0], live


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assessments", type=int, default=3000)
    args = parser.parse_args()
    start = time.perf_counter()
    with override_settings(DEBUG=True, STAFF_REQUIRE_MFA=False, ALLOWED_HOSTS=["*"]):
        sample, live = seed(args.assessments)
        print(
            f"seeded {args.assessments} validated assessments, {Answer.objects.count()} answers "
            f"in {time.perf_counter() - start:.1f} s"
        )
        client = Client()
        staff = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
            "bench-admin@bench.example", "bench-password-123"
        )
        staff_client = Client()
        staff_client.force_login(staff)
        section = f"/autodiagnostic/r/{live.token}/section/environnement/"
        timed("respondent section page (GET)", lambda: client.get(section))
        indicator = live.questionnaire.indicators.get(code="matieres-part")
        timed(
            "autosave one answer (service)",
            lambda: services.answer_save(
                assessment=live, indicator=indicator, data=services.AnswerInput(value="42")
            ),
        )
        timed(
            "autosave one answer (htmx POST)",
            lambda: client.post(
                f"/autodiagnostic/r/{live.token}/enregistrer/matieres-part/", {"matieres-part-value": "43"}
            ),
        )
        # The same professional has five other offers being assessed: business answers are shared.
        siblings = [
            Assessment.objects.create(
                questionnaire=live.questionnaire,
                member=live.member,
                offer=Offer.objects.create(
                    slug=f"bench-extra-{i}",
                    title=f"Autre offre {i}",
                    member=live.member,
                    families=["outdoor"],
                    status=Offer.Status.PRESELECTED,
                ),
                respondent_email=live.respondent_email,
                token_expires_at=timezone.now() + dt.timedelta(days=30),
            )
            for i in range(5)
        ]
        business = (
            live.questionnaire.indicators.filter(criterion__scope="business", answer_kind="yes_no")
            .order_by("pk")
            .first()
        )
        answers = iter(["oui", "non"] * 10)
        timed(
            "autosave one business answer, shared with 5 offers",
            lambda: services.answer_save(
                assessment=live, indicator=business, data=services.AnswerInput(value=next(answers))
            ),
        )
        timed(
            "pre-fill a new invitation with shared answers",
            lambda: services.assessment_prefill_shared_answers(assessment=siblings[0]),
        )
        timed("score sheet of one assessment", lambda: selectors.assessment_score_sheet(live))
        timed(
            "sign and submit (scoring included)",
            lambda: services.assessment_submit(
                assessment=live, signer_name="Live", signer_role="gérant", accepted=True
            ),
            repeat=1,
        )
        timed(
            "staff review page (GET)",
            lambda: staff_client.get(f"/staff/autodiagnostic/evaluations/{live.public_id}/"),
        )
        timed(
            "network synthesis (selector)",
            lambda: selectors.network_synthesis(questionnaire_code=live.questionnaire.code),
            repeat=3,
        )
        coordinator, _ = User.objects.get_or_create(
            email="bench-coordinator@bench.example", defaults={"is_staff": True}
        )
        coordinator.groups.add(Group.objects.get_or_create(name=COORDINATOR_GROUP)[0])
        live.member.antenna.coordinators.add(coordinator)
        timed(
            "network synthesis, one antenna's coordinator",
            lambda: selectors.network_synthesis(
                questionnaire_code=live.questionnaire.code, viewer=coordinator
            ),
            repeat=3,
        )
        coordinator_client = Client()
        coordinator_client.force_login(coordinator)
        timed(
            "campaign list, coordinator (scoped counters)",
            lambda: coordinator_client.get("/staff/autodiagnostic/"),
            repeat=3,
        )
        timed(
            "network synthesis CSV export",
            lambda: staff_client.get("/staff/autodiagnostic/synthese/?format=csv"),
            repeat=3,
        )
        timed("radar data (network average)", lambda: selectors.assessment_chart_data(sample), repeat=3)


if __name__ == "__main__":
    main()
