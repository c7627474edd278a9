"""Double clicks and parallel tabs: an assessment is signed exactly once."""

import threading

import pytest
from django.db import connection

from selfdiagnosis.exceptions import SelfDiagnosisError
from selfdiagnosis.models import Assessment, Signature
from tests.factories.network import MemberFactory
from tests.factories.selfdiagnosis import AssessmentFactory, build_questionnaire, fill_all, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_submissions_sign_exactly_once():
    assessment = AssessmentFactory(questionnaire=build_questionnaire(), member=MemberFactory())
    fill_all(assessment)
    results: list[str] = []
    barrier = threading.Barrier(6)

    def worker():
        try:
            barrier.wait()
            submit(Assessment.objects.get(pk=assessment.pk))
            results.append("ok")
        except SelfDiagnosisError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert results.count("refused") == 5
    assert Signature.objects.filter(assessment=assessment).count() == 1
