"""Data placed inside <script> blocks cannot close the block (JSON escaped like json_script)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selfdiagnosis.models import Dimension
from tests.factories.selfdiagnosis import AssessmentFactory, build_questionnaire

pytestmark = pytest.mark.django_db

PAYLOAD = "Environnement</script><script>alert(document.cookie)</script>"


def test_radar_data_cannot_close_its_script_block(member, member_client):
    questionnaire = build_questionnaire()
    Dimension.objects.filter(questionnaire=questionnaire, code="environnement").update(title=PAYLOAD)
    assessment = AssessmentFactory(member=member, questionnaire=questionnaire)
    url = reverse("selfdiagnosis_portal:assessment_result", kwargs={"public_id": assessment.public_id})
    page = member_client.get(url).content.decode()
    assert 'id="sd-radar-data"' in page
    assert "<script>alert(document.cookie)" not in page
    assert "\\u003C/script\\u003E" in page
