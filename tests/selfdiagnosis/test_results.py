"""Results: the member's portal, the offer page for visitors, staff syntheses and home sections."""

import csv
import datetime as dt
import html
import io

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer
from selfdiagnosis import selectors, services
from selfdiagnosis.models import Assessment
from tests.factories.network import UserFactory
from tests.factories.selfdiagnosis import (
    AssessmentFactory,
    OfferFactory,
    answer,
    build_questionnaire,
    fill_all,
    submit,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("selfdiagnosis_portal:assessment_list")


def text(response) -> str:
    return html.unescape(response.content.decode())


def result_url(assessment):
    return reverse("selfdiagnosis_portal:assessment_result", kwargs={"public_id": assessment.public_id})


@pytest.fixture
def validated(assessment, staff_user):
    fill_all(assessment)
    submit(assessment)
    return services.assessment_validate(assessment=assessment, reviewer=staff_user)


def test_member_sees_only_their_own_assessments(member_client, assessment, other_assessment):
    page = text(member_client.get(LIST_URL))
    assert assessment.subject_label in page
    assert other_assessment.subject_label not in page
    assert f"/autodiagnostic/r/{assessment.token}/" in page
    assert other_assessment.token not in page


def test_another_members_result_page_is_404(member_client, other_client, validated):
    assert member_client.get(result_url(validated)).status_code == 200
    assert other_client.get(result_url(validated)).status_code == 404


def test_portal_pages_need_a_member_account(visitor, plain_client, validated):
    for url in (LIST_URL, result_url(validated)):
        assert visitor.get(url).status_code == 302
        assert plain_client.get(url).status_code == 403


def test_result_page_has_the_radar_with_last_year_and_network_average(member_client, validated, staff_user):
    renewal = services.assessment_renew(previous=validated, send=False)
    answer(renewal, "fournisseurs-100km", "parfois")
    submit(renewal)
    services.assessment_validate(assessment=renewal, reviewer=staff_user)
    renewal.refresh_from_db()
    data = selectors.assessment_chart_data(renewal)
    assert data["labels"] == ["Environnement", "Économie locale", "Social"]
    assert data["previous"] == [100.0, 100.0, 100.0]
    assert data["current"][1] == 50.0
    assert data["average"][1] == 75.0
    page = text(member_client.get(result_url(renewal)))
    assert 'id="sd-radar"' in page
    assert "chart.umd.js" in page


def test_portal_list_query_count_does_not_grow(
    member_client, member, questionnaire, django_assert_max_num_queries
):
    def load():
        with django_assert_max_num_queries(12):
            assert member_client.get(LIST_URL).status_code == 200

    AssessmentFactory(questionnaire=questionnaire, member=member)
    load()
    for _ in range(6):
        AssessmentFactory(questionnaire=questionnaire, member=member, offer=OfferFactory(member=member))
    load()


def test_published_offer_page_shows_the_badge_and_the_commitments_met(visitor, validated, offer):
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PUBLISHED)
    page = text(visitor.get(reverse("offers:detail", kwargs={"slug": offer.slug})))
    assert "Exemplaire" in page
    assert "Fait rencontrer les habitants" in page
    assert "Achète local" in page


def test_network_synthesis_shows_the_share_meeting_each_criterion(
    staff_client, questionnaire, member, staff_user
):
    for fournisseurs in ("toujours", "jamais"):
        a = AssessmentFactory(questionnaire=questionnaire, member=member, offer=OfferFactory(member=member))
        fill_all(a, fournisseurs=fournisseurs)
        submit(a)
        services.assessment_validate(assessment=a, reviewer=staff_user)
    data = selectors.network_synthesis(questionnaire_code="test")
    shares = {row.criterion.code: row.share for row in data["criteria"]}
    assert shares["fournisseurs"] == 50.0
    assert shares["eau"] == 100.0
    assert data["by_antenna"][0]["name"] == member.antenna.name
    assert data["by_antenna"][0]["badges"] == 1
    assert data["by_family"][0]["name"] == "Savoir-faire et patrimoine"
    page = text(staff_client.get(reverse("selfdiagnosis_staff:synthesis")))
    assert "Fournisseurs locaux" in page
    response = staff_client.get(reverse("selfdiagnosis_staff:synthesis") + "?questionnaire=test&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Économie locale", "Fournisseurs locaux", "2", "1", "50,0"] in rows


def test_office_synthesis_summarises_answers_and_filters_small_offices(staff_client, db, staff_user):
    office_q = next(q for q in services.questionnaire_install_defaults() if q.kind == "tourism_office")
    for name, fte, apidae in (("OT A", "4", "oui"), ("OT B", "25", "non")):
        a = AssessmentFactory(questionnaire=office_q, respondent_kind="tourism_office", organisation=name)
        for code, value in (
            ("statut-juridique", "association"),
            ("bureaux", "2"),
            ("communes", "12"),
            ("etp-permanents", fte),
            ("etp-saisonniers", "1"),
            ("budget-annuel", "300000"),
            ("taxe-sejour", "40"),
            ("recettes-propres", "10"),
            ("mission-accueil", "oui"),
            ("mission-promotion", "oui"),
            ("mission-commercialisation", "non"),
            ("mission-animation", "oui"),
            ("mission-observation", "non"),
            ("outil-apidae", apidae),
        ):
            answer(a, code, value)
        submit(a)
    data = selectors.office_synthesis(questionnaire_code="diagnostic-office")
    items = {i["indicator"].code: i for s in data["sections"] for i in s["items"]}
    assert data["offices"] == 2
    assert items["etp-permanents"]["mean"] == 14.5
    assert items["outil-apidae"]["share"] == 50.0
    small = selectors.office_synthesis(questionnaire_code="diagnostic-office", max_fte=10)
    assert small["offices"] == 1
    page = text(staff_client.get(reverse("selfdiagnosis_staff:office_synthesis") + "?small=1"))
    assert "Photographie commune de 1 office." in page


def test_synthesis_pages_are_for_staff_only(visitor, member_client, questionnaire):
    for url in (
        reverse("selfdiagnosis_staff:synthesis"),
        reverse("selfdiagnosis_staff:office_synthesis"),
        reverse("selfdiagnosis_staff:questionnaire_preview", kwargs={"code": "test", "version": 1}),
    ):
        assert visitor.get(url).status_code == 302
        assert member_client.get(url).status_code == 403


def test_questionnaire_preview_shows_every_indicator(staff_client, questionnaire):
    page = text(
        staff_client.get(
            reverse("selfdiagnosis_staff:questionnaire_preview", kwargs={"code": "test", "version": 1})
        )
    )
    for statement in questionnaire.indicators.values_list("statement", flat=True):
        assert statement in page


def test_portal_and_staff_home_sections(member_client, staff_client, assessment, validated):
    assert "Autodiagnostic" in text(member_client.get(reverse("pages:portal_home")))
    renewal = services.assessment_renew(previous=validated, send=False)
    assert renewal.subject_label in text(member_client.get(reverse("pages:portal_home")))
    AssessmentFactory(
        questionnaire=assessment.questionnaire,
        organisation="Gîte à relire",
        status=Assessment.Status.SUBMITTED,
    )
    assert "Gîte à relire" in text(staff_client.get(reverse("pages:staff_home")))


def test_admin_lists_and_freezes_published_questionnaires(db, questionnaire, assessment):
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(admin)
    for name in ("questionnaire", "campaign", "assessment", "indicator", "criterion"):
        assert client.get(reverse(f"admin:selfdiagnosis_{name}_changelist")).status_code == 200
    indicator = questionnaire.indicators.first()
    response = client.post(
        reverse("admin:selfdiagnosis_indicator_change", args=[indicator.pk]), {"statement": "Modifié"}
    )
    assert response.status_code == 403
    assert (
        client.get(reverse("admin:selfdiagnosis_assessment_change", args=[assessment.pk])).status_code == 200
    )


def test_members_public_page_shows_their_business_badge_and_commitments(
    visitor, member, questionnaire, staff_user
):
    business = AssessmentFactory(questionnaire=questionnaire, member=member)
    fill_all(business)
    submit(business)
    services.assessment_validate(assessment=business, reviewer=staff_user)
    page = text(visitor.get(reverse("pages:member_detail", kwargs={"slug": member.slug})))
    assert "Entreprise bienveillante · Exemplaire" in page
    assert "Achète local" in page


def test_admin_change_pages_of_a_published_questionnaire_open_read_only(db, questionnaire):
    admin = UserFactory(email="root2@example.org", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(admin)
    dimension = questionnaire.dimensions.first()
    criterion = dimension.criteria.first()
    indicator = criterion.indicators.first()
    for name, pk in (
        ("questionnaire", questionnaire.pk),
        ("dimension", dimension.pk),
        ("criterion", criterion.pk),
        ("indicator", indicator.pk),
    ):
        response = client.get(reverse(f"admin:selfdiagnosis_{name}_change", args=[pk]))
        assert response.status_code == 200
        assert 'name="_save"' not in response.content.decode()


def test_admin_actions_publish_and_create_a_new_version(db, questionnaire):
    admin = UserFactory(email="root3@example.org", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(admin)
    url = reverse("admin:selfdiagnosis_questionnaire_changelist")
    client.post(url, {"action": "new_version", "_selected_action": [questionnaire.pk]})
    draft = questionnaire.next_versions.get()
    assert draft.status == "draft"
    response = client.get(reverse("admin:selfdiagnosis_questionnaire_change", args=[draft.pk]))
    assert 'name="_save"' in response.content.decode()
    client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "published"


def test_periodic_tasks_send_reminders_and_renewals(assessment, campaign, django_capture_on_commit_callbacks):
    from selfdiagnosis import tasks

    Assessment.objects.filter(pk=assessment.pk).update(invited_at=timezone.now() - dt.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_reminders() == 1
        assert tasks.renew_expiring_badges() == 0


def test_staff_build_a_draft_questionnaire_in_the_admin(db):
    admin = UserFactory(email="root4@example.org", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(admin)
    draft = build_questionnaire(code="brouillon", publish=False)
    dimension = draft.dimensions.get(code="social")
    response = client.post(
        reverse("admin:selfdiagnosis_criterion_add"),
        {
            "dimension": dimension.pk,
            "code": "benevolat",
            "title": "Bénévolat",
            "public_label": "Soutient le bénévolat",
            "scope": "business",
            "weight": 2,
            "respondent_kinds": ["member", "tourism_office"],
            "order": 5,
            "indicators-TOTAL_FORMS": 0,
            "indicators-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    criterion = dimension.criteria.get(code="benevolat")
    assert criterion.respondent_kinds == ["member", "tourism_office"]
