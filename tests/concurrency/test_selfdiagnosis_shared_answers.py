"""A professional answers the same business question from several offers' pages at once: no
deadlock, no duplicate row, and every open assessment ends with the same (last) answer."""

import threading

import pytest
from django.db import connection

from selfdiagnosis import services
from selfdiagnosis.models import Answer, Assessment
from tests.factories.network import MemberFactory
from tests.factories.selfdiagnosis import (
    AssessmentFactory,
    OfferFactory,
    build_questionnaire,
    fill_all,
    submit,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_business_answers_from_several_offers_converge():
    questionnaire = build_questionnaire()
    member = MemberFactory()
    assessments = [
        AssessmentFactory(questionnaire=questionnaire, member=member, offer=OfferFactory(member=member))
        for _ in range(4)
    ]
    indicator = questionnaire.indicators.get(code="fournisseurs-100km")
    values = ["jamais", "parfois", "toujours", "parfois"]
    errors: list[Exception] = []
    barrier = threading.Barrier(len(assessments) * 2)

    def worker(assessment_id, value):
        try:
            barrier.wait(timeout=10)
            services.answer_save(
                assessment=Assessment.objects.get(pk=assessment_id),
                indicator=indicator,
                data=services.AnswerInput(value=value),
            )
        except Exception as exc:  # noqa: BLE001 - any error (a deadlock) fails the test below
            errors.append(exc)
        finally:
            connection.close()

    # Each page saves twice (a change, then a double click), all at the same time.
    threads = [
        threading.Thread(target=worker, args=(a.pk, v))
        for a, v in zip(assessments * 2, values * 2, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    rows = Answer.objects.filter(indicator=indicator).select_related("choice")
    assert rows.count() == len(assessments)
    assert len({r.choice.code for r in rows}) == 1


def test_a_submission_during_a_shared_save_keeps_what_it_signed():
    questionnaire = build_questionnaire()
    member = MemberFactory()
    first, second = (
        AssessmentFactory(questionnaire=questionnaire, member=member, offer=OfferFactory(member=member))
        for _ in range(2)
    )
    fill_all(first, fournisseurs="toujours")
    indicator = questionnaire.indicators.get(code="fournisseurs-100km")
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def sign():
        try:
            barrier.wait(timeout=10)
            submit(Assessment.objects.get(pk=first.pk))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    def change():
        try:
            barrier.wait(timeout=10)
            services.answer_save(
                assessment=Assessment.objects.get(pk=second.pk),
                indicator=indicator,
                data=services.AnswerInput(value="jamais"),
            )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign), threading.Thread(target=change)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    first.refresh_from_db()
    assert first.status == Assessment.Status.SUBMITTED
    signed = {r["indicator"]: r["answer"] for r in first.signatures.get().answers_snapshot}
    current = Answer.objects.get(assessment=first, indicator=indicator).display_value
    # Whichever came first, the signed answers are the ones stored in the submitted assessment.
    assert signed["fournisseurs-100km"] == current
