"""Every portal and staff URL of the project, checked for its audience.

The URL names are walked from the resolver and compared with the tables below: a new portal or
staff view fails ``test_every_*_url_is_in_the_inventory`` until it gets a row here, so its access
rules are tested from day one.

- staff pages: anonymous → login, a member or a signed-in user without member → 403;
- portal pages: anonymous → login, a signed-in user without member → 403;
- portal pages about an object: its owner (member A) opens it, another member (B) gets 403/404
  on GET and POST, and B's POST changes nothing in the database;
- public token links: a wrong token of the right shape → 404.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from common.models import ActionLog
from network.models import MemberPhoto
from shop import services as shop_services
from shop.models import Statement
from tests.factories.network import ApplicationFactory, StaffUserFactory
from tests.factories.offers import OfferFactory
from tests.factories.selfdiagnosis import AssessmentFactory
from tests.factories.shop import ProductFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from workshops.models import GroupRequest

LOGIN_PREFIX = "/comptes/login/"
PROJECT_APPS = ("network", "offers", "workshops", "shop", "selfdiagnosis", "pages", "common", "partners")
PROJECT_APPS += ("places", "community", "training")
PROJECT_APPS += ("payments",)
PROJECT_APPS += ("vouchers", "invoicing")
PROJECT_APPS += ("relations",)
PROJECT_APPS += ("payouts",)


# --------------------------------------------------------------------------- URL walk


def _walk_routes(resolver, namespace=None, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns and namespace:
                ns = f"{namespace}:{ns}"
            yield from _walk_routes(pattern, ns or namespace, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern, prefix + str(pattern.pattern)


def _walk(resolver, namespace=None):
    for name, pattern, _route in _walk_routes(resolver, namespace):
        yield name, pattern


def _patterns() -> dict[str, URLPattern]:
    return dict(_walk(get_resolver()))


def _routes() -> dict[str, str]:
    return {name: route for name, _pattern, route in _walk_routes(get_resolver())}


def _is_portal(name: str) -> bool:
    """Everything under /portail/, whichever app serves it."""
    return _routes()[name].startswith("portail/")


def _is_staff(name: str) -> bool:
    """Everything under /staff/ (the admin has its own checks and tests)."""
    return _routes()[name].startswith("staff/")


DUMMY_BY_CONVERTER = {
    "UUIDConverter": lambda: uuid.uuid4(),
    "IntConverter": lambda: 999999,
    "SlugConverter": lambda: "nexiste-pas",
    "StringConverter": lambda: "NEXISTEPAS",
    "PathConverter": lambda: "nexiste/pas",
    "TokenConverter": lambda: "NEXISTEPAS",
    "ReferenceConverter": lambda: "NEXISTEPAS",
}


def _dummy_kwargs(pattern: URLPattern) -> dict:
    converters = pattern.pattern.converters
    return {key: DUMMY_BY_CONVERTER[type(conv).__name__]() for key, conv in converters.items()}


# --------------------------------------------------------------------------- owned objects of member A
# Each builder gets (member, user) and returns (URL kwargs, the model instance to watch).


def _photo(member, user):
    photo = MemberPhoto.objects.create(member=member, image="members/bol.jpg", caption="Bol en hêtre")
    return {"pk": photo.pk}, photo


def _offer(member, user):
    offer = OfferFactory(member=member, status="draft", published_at=None)
    return {"slug": offer.slug}, offer


def _workshop(member, user):
    workshop = WorkshopFactory(member=member)
    return {"slug": workshop.slug}, workshop


def _session(member, user):
    session = SessionFactory(workshop=WorkshopFactory(member=member))
    BookingFactory(session=session)
    return {"public_id": session.public_id}, session


def _group_request(member, user):
    group = GroupRequest.objects.create(
        workshop=WorkshopFactory(member=member),
        group_type=GroupRequest.GroupType.SCHOOL,
        organisation="École du Bourg",
        contact_name="Mme Durand",
        email="ecole@example.org",
        size=12,
        preferred_dates="Un mardi de mai",
    )
    return {"public_id": group.public_id}, group


def _product(member, user):
    product = ProductFactory(member=member)
    return {"slug": product.slug}, product


def _deposit(member, user):
    product = ProductFactory(member=member)
    slip = shop_services.deposit_request(member=member, actor=user, quantities={product.pk: 3})
    return {"reference": slip.reference}, slip


def _statement(member, user):
    period = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    statement = Statement.objects.create(
        member=member,
        period=period,
        status=Statement.Status.CLOSED,
        number=9001,
        closed_at=timezone.now(),
        gross=Decimal("120.00"),
        net_due=Decimal("96.00"),
    )
    return {"period": period.strftime("%Y-%m")}, statement


def _space_booking(member, user):
    from tests.factories.places import SpaceBookingFactory

    booking = SpaceBookingFactory(status="confirmed", requester="member", member=member, email=user.email)
    return {"public_id": booking.public_id}, booking


def _training_certificate(member, user):
    from tests.factories.training import TrainingFactory

    training = TrainingFactory(workshop__member=member)
    booking = BookingFactory(
        session=SessionFactory(workshop=training.workshop),
        email=user.email,
        party_size=1,
        attendance="present",
    )
    return {"reference": booking.reference}, booking


def _assessment(member, user):
    assessment = AssessmentFactory(member=member, respondent_email="alice@example.org")
    return {"public_id": assessment.public_id}, assessment


# name → builder of A's object (None: a page about the signed-in member only).
PORTAL = {
    "pages:portal_home": None,
    "network_portal:profile": None,
    "network_portal:photos": None,
    "network_portal:photo_delete": _photo,
    "network_portal:location": None,
    "network_portal:colleagues": None,
    "network_portal:charter": None,
    "network_portal:renewal": None,
    "offers_portal:offer_list": None,
    "offers_portal:offer_create": None,
    "offers_portal:offer_update": _offer,
    "offers_portal:offer_submit": _offer,
    "offers_portal:offer_preview": _offer,
    "workshops_portal:workshop_list": None,
    "workshops_portal:workshop_create": None,
    "workshops_portal:group_request_list": None,
    "workshops_portal:group_request_propose": _group_request,
    "workshops_portal:review_list": None,
    "workshops_portal:calendar_feed": None,
    "workshops_portal:session_detail": _session,
    "workshops_portal:session_cancel": _session,
    "workshops_portal:session_decide": _session,
    "workshops_portal:session_capacity": _session,
    "workshops_portal:attendance": _session,
    "workshops_portal:all_present": _session,
    "workshops_portal:participants_print": _session,
    "workshops_portal:participants_csv": _session,
    "workshops_portal:workshop_sessions": _workshop,
    "workshops_portal:workshop_update": _workshop,
    "workshops_portal:workshop_photos": _workshop,
    "shop_portal:product_list": None,
    "shop_portal:product_create": None,
    "shop_portal:product_detail": _product,
    "shop_portal:product_update": _product,
    "shop_portal:deposit_list": None,
    "shop_portal:deposit_request": None,
    "shop_portal:deposit_detail": _deposit,
    "shop_portal:sales": None,
    "shop_portal:statement_list": None,
    "shop_portal:statement_detail": _statement,
    "shop_portal:statement_pdf": _statement,
    "shop_portal:statement_csv": _statement,
    "selfdiagnosis_portal:assessment_list": None,
    "selfdiagnosis_portal:assessment_result": _assessment,
    "partners_portal:embed": None,
    "places_portal:space_list": None,
    "places_portal:book": None,
    "places_portal:booking_cancel": _space_booking,
    "training_portal:training_list": None,
    "training_portal:register": None,
    "training_portal:certificate": _training_certificate,
    "training_portal:document_list": None,
    "training_portal:document_download": None,
    "payouts_portal:home": None,
    "payouts_portal:bank": None,
}

STAFF = {
    "pages:staff_home",
    "payments_staff:payment_list",
    "payments_staff:payment_detail",
    "payments_staff:refund_create",
    "network_staff:application_list",
    "network_staff:application_detail",
    "network_staff:application_document",
    "network_staff:application_take_charge",
    "network_staff:contact_list",
    "network_staff:contact_export",
    "network_staff:member_list",
    "network_staff:member_export",
    "network_staff:member_detail",
    "network_staff:charter_status",
    "network_staff:charter_publish",
    "network_staff:charter_draft",
    "network_staff:charter_draft_publish",
    "network_staff:charter_draft_discard",
    "network_staff:capacity_list",
    "network_staff:capacity_delete",
    "network_staff:template_list",
    "network_staff:template_edit",
    "network_staff:template_delete",
    "offers_staff:type_mapping_list",
    "offers_staff:type_mapping_create",
    "offers_staff:type_mapping_edit",
    "offers_staff:type_mapping_delete",
    "network_staff:inventory",
    "offers_staff:offer_list",
    "offers_staff:offer_bulk",
    "offers_staff:import_list",
    "offers_staff:import_detail",
    "offers_staff:offer_detail",
    "offers_staff:offer_transition",
    "offers_staff:offer_link_member",
    "workshops_staff:desk",
    "workshops_staff:figures",
    "workshops_staff:review_list",
    "workshops_staff:contacts_csv",
    "workshops_staff:group_request_list",
    "workshops_staff:group_request_propose",
    "workshops_staff:session_detail",
    "workshops_staff:booking_detail",
    "shop_staff:counter",
    "shop_staff:counter_search",
    "shop_staff:counter_scan",
    "shop_staff:counter_add",
    "shop_staff:counter_line",
    "shop_staff:counter_clear",
    "shop_staff:counter_checkout",
    "shop_staff:sale_list",
    "shop_staff:receipt",
    "shop_staff:sale_reverse",
    "shop_staff:order_list",
    "shop_staff:order_detail",
    "shop_staff:order_action",
    "shop_staff:deposit_list",
    "shop_staff:deposit_detail",
    "shop_staff:product_list",
    "shop_staff:product_stock",
    "shop_staff:product_edit",
    "shop_staff:closing_list",
    "shop_staff:statement_list",
    "shop_staff:statement_detail",
    "shop_staff:statement_pdf",
    "shop_staff:statement_csv",
    "shop_staff:dashboard",
    "shop_staff:dashboard_csv",
    "shop_staff:footfall",
    "shop_staff:receipt_reprint",
    "shop_staff:receipt_duplicate",
    "shop_staff:sale_return",
    "shop_staff:till",
    "shop_staff:x_report",
    "shop_staff:z_report",
    "shop_staff:period_closings",
    "shop_staff:period_closing",
    "shop_staff:period_archive",
    "shop_staff:journal_verify",
    "shop_staff:journal_events",
    "selfdiagnosis_staff:campaign_list",
    "selfdiagnosis_staff:campaign_create",
    "selfdiagnosis_staff:campaign_detail",
    "selfdiagnosis_staff:assessment_review",
    "selfdiagnosis_staff:evidence",
    "selfdiagnosis_staff:questionnaire_preview",
    "selfdiagnosis_staff:synthesis",
    "selfdiagnosis_staff:office_synthesis",
    "pages:desk_stay",
    "pages:desk_stay_seat_add",
    "pages:desk_stay_product_add",
    "pages:desk_stay_remove",
    "pages:desk_stay_checkout",
    "pages:desk_stay_confirmation",
    "pages:site_settings",
    "pages:legal_edit",
    "pages:office_create",
    "pages:office_edit",
    "places_staff:request_list",
    "places_staff:week",
    "places_staff:occupancy",
    "places_staff:request_detail",
    "community_staff:home",
    "community_staff:eclaireur_approve",
    "community_staff:recommendation_moderate",
    "community_staff:walk_assign",
    "training_staff:training_list",
    "training_staff:attendance",
    "training_staff:training_create",
    "training_staff:training_edit",
    "vouchers_staff:list",
    "vouchers_staff:redeem",
    "vouchers_staff:detail",
    "vouchers_staff:extend",
    "vouchers_staff:cancel",
    "vouchers_staff:recredit",
    "vouchers_staff:issue",
    "vouchers_staff:pdf",
    "invoicing_staff:list",
    "invoicing_staff:detail",
    "invoicing_staff:document",
    "invoicing_staff:mark_paid",
    "invoicing_staff:credit_note",
    "invoicing_staff:booking_invoice",
    "relations_staff:contact_list",
    "relations_staff:contact_detail",
    "relations_staff:duplicates",
    "relations_staff:merge",
    "relations_staff:segment_list",
    "relations_staff:segment_create",
    "relations_staff:segment_count",
    "relations_staff:segment_edit",
    "relations_staff:campaign_list",
    "relations_staff:campaign_create",
    "relations_staff:promo_codes",
    "relations_staff:campaign_detail",
    "relations_staff:campaign_edit",
    "relations_staff:campaign_preview",
    "relations_staff:satisfaction",
    "relations_staff:gdpr",
    "relations_staff:gdpr_export",
    "relations_staff:gdpr_erase",
    "relations_staff:settings",
    "payouts_staff:month",
    "payouts_staff:sepa_create",
    "payouts_staff:sepa_download",
    "payouts_staff:bank",
    "payouts_staff:record",
}

# Public links whose only key is a secret token (name → a wrong token of the right shape).
TOKEN_URLS = {
    "network:application_status": lambda: {"token": secrets.token_urlsafe(32)},
    "network:contact_unsubscribe": lambda: {"token": secrets.token_urlsafe(32)},
    "workshops:booking_manage": lambda: {"token": secrets.token_urlsafe(24)},
    "workshops:booking_ics": lambda: {"token": secrets.token_urlsafe(24)},
    "workshops:review": lambda: {"token": secrets.token_urlsafe(24)},
    "workshops:waitlist_claim": lambda: {"token": secrets.token_urlsafe(24)},
    "workshops:group_proposal": lambda: {"token": secrets.token_urlsafe(24)},
    "workshops:member_feed": lambda: {"token": secrets.token_urlsafe(24)},
    "shop:order_detail": lambda: {"token": uuid.uuid4()},
    "selfdiagnosis:respond": lambda: {"token": secrets.token_urlsafe(32)},
    "selfdiagnosis:sign": lambda: {"token": secrets.token_urlsafe(32)},
    "selfdiagnosis:section": lambda: {"token": secrets.token_urlsafe(32), "code": "environnement"},
    "selfdiagnosis:autosave": lambda: {"token": secrets.token_urlsafe(32), "code": "eau-oui"},
    "selfdiagnosis:evidence": lambda: {"token": secrets.token_urlsafe(32), "code": "rencontre-echange"},
    "offers:apidae_notification": lambda: {"token": secrets.token_urlsafe(32)},
    "pages:stay_confirmation": lambda: {"key": uuid.uuid4()},
    "payments:pay": lambda: {"key": uuid.uuid4()},
    "payments:pay_confirm": lambda: {"key": uuid.uuid4()},
    "payments:pay_status": lambda: {"key": uuid.uuid4()},
    "partners:widget_done": lambda: {"token": secrets.token_urlsafe(24)},
    "places:request_status": lambda: {"token": secrets.token_urlsafe(24)},
    "places:request_cancel": lambda: {"token": secrets.token_urlsafe(24)},
    "community:walk_status": lambda: {"token": secrets.token_urlsafe(24)},
    "community:walk_feedback": lambda: {"token": secrets.token_urlsafe(24)},
    "community:space": lambda: {"token": secrets.token_urlsafe(24)},
    "community:absence_add": lambda: {"token": secrets.token_urlsafe(24)},
    "community:absence_remove": lambda: {"token": secrets.token_urlsafe(24)},
    "training:certificate": lambda: {"token": secrets.token_urlsafe(24)},
    "community:walk_accept": lambda: {"token": secrets.token_urlsafe(24), "public_id": uuid.uuid4()},
    "vouchers:order": lambda: {"key": uuid.uuid4()},
    "vouchers:order_pdf": lambda: {"key": uuid.uuid4()},
    "vouchers:order_pay": lambda: {"key": uuid.uuid4()},
    "invoicing:document": lambda: {"token": secrets.token_urlsafe(24) + ":" + secrets.token_urlsafe(32)},
    "relations:newsletter_confirm": lambda: {"token": secrets.token_urlsafe(32)},
    "relations:one_click": lambda: {"token": secrets.token_urlsafe(32)},
    "relations:surveys_opt_out": lambda: {"token": secrets.token_urlsafe(32)},
    "relations:stay_survey": lambda: {"token": secrets.token_urlsafe(32)},
}
SECRET_KWARGS = {"token", "key"}

# Integers allowed in public URLs: version numbers, not row ids.
PUBLIC_INT_ALLOWED = {("network:charter_version", "number")}

# Anything a member could try to set on someone else's things.
INTRUDER_POST = {
    "reason": "Intrusion",
    "capacity": "1",
    "decision": "cancel",
    "action": "cancel",
    "confirm": "yes",
    "title": "Piraté",
    "name": "Piraté",
    "summary": "Piraté",
    "description": "Piraté",
    "price": "0.01",
    "caption": "Piraté",
    "status": "published",
    "member": "1",
    "proposed_start": "2030-01-01T10:00",
    "proposed_price": "1",
    "present": "on",
}


# --------------------------------------------------------------------------- inventory


def test_every_portal_url_is_in_the_inventory():
    found = {name for name in _patterns() if _is_portal(name)}
    assert found - set(PORTAL) == set(), "new portal URL names: add them to PORTAL with an owned object"
    assert set(PORTAL) - found == set(), "PORTAL lists URL names that no longer exist"


def test_every_staff_url_is_in_the_inventory():
    found = {name for name in _patterns() if _is_staff(name)}
    assert found - STAFF == set(), "new staff URL names: add them to STAFF"
    assert STAFF - found == set(), "STAFF lists URL names that no longer exist"


def test_every_public_token_url_is_in_the_inventory():
    found = {
        name
        for name, pattern in _patterns().items()
        if not _is_portal(name) and not _is_staff(name) and SECRET_KWARGS & set(pattern.pattern.converters)
    }
    assert found ^ set(TOKEN_URLS) == set()


def test_public_urls_carry_no_sequential_ids():
    public_apps = {"network", "offers", "workshops", "shop", "selfdiagnosis", "pages"}
    public_apps |= {"places", "community", "training", "relations"}
    for name, pattern in _patterns().items():
        if name.split(":")[0] not in public_apps or _is_portal(name) or _is_staff(name):
            continue
        for key, converter in pattern.pattern.converters.items():
            if type(converter).__name__ == "IntConverter":
                assert (name, key) in PUBLIC_INT_ALLOWED, f"{name} exposes a sequential id ({key})"


# --------------------------------------------------------------------------- staff pages


def _staff_url(name: str) -> str:
    return reverse(name, kwargs=_dummy_kwargs(_patterns()[name]))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(STAFF))
def test_staff_page_refuses_everyone_but_staff(name, visitor, member_client, plain_client):
    url = _staff_url(name)
    for method in ("get", "post"):
        response = getattr(visitor, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN_PREFIX), (method, url)
        assert getattr(member_client, method)(url).status_code == 403, (method, url)
        assert getattr(plain_client, method)(url).status_code == 403, (method, url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(STAFF))
def test_staff_page_needs_two_factor_set_up(name):
    client = Client()
    client.force_login(StaffUserFactory(email="sans-totp@example.org"))
    url, setup = _staff_url(name), reverse("mfa_activate_totp")
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"] == setup, (method, url)


# --------------------------------------------------------------------------- portal pages


def _snapshot(watched) -> dict:
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and model._meta.managed
    }
    row = type(watched).objects.filter(pk=watched.pk).values().first() if watched is not None else None
    return {"counts": counts, "row": row, "audit": ActionLog.objects.count()}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PORTAL))
def test_portal_page_refuses_anonymous_and_users_without_member(name, visitor, plain_client):
    url = reverse(name, kwargs=_dummy_kwargs(_patterns()[name]))
    for method in ("get", "post"):
        response = getattr(visitor, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN_PREFIX), (method, url)
        assert getattr(plain_client, method)(url).status_code == 403, (method, url)


def _refusals(view, method: str) -> tuple[int, ...]:
    """403/404; 405 only where the view does not take that method at all."""
    return (403, 404) if hasattr(view, method) else (403, 404, 405)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, builder in PORTAL.items() if builder))
def test_portal_object_is_hidden_from_another_member(
    name, member, member_user, member_client, other_client, django_capture_on_commit_callbacks
):
    kwargs, watched = PORTAL[name](member, member_user)
    url = reverse(name, kwargs=kwargs)
    owner_status = member_client.get(url).status_code
    # The object really is A's: A opens it (405 for the views that only take POST).
    assert owner_status in (200, 405), (url, owner_status)

    before = _snapshot(watched)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        got = other_client.get(url).status_code
        posted = other_client.post(url, INTRUDER_POST).status_code
    view = _patterns()[name].callback.view_class
    assert got in _refusals(view, "get"), (url, got)
    assert posted in _refusals(view, "post"), (url, posted)
    assert callbacks == [], "no e-mail or task may be sent for an intruder"
    assert _snapshot(watched) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, builder in PORTAL.items() if builder is None))
def test_portal_page_opens_for_a_member(name, member_client, member):
    response = member_client.get(reverse(name))
    assert response.status_code in (200, 302, 405), response.status_code
    if response.status_code == 302:
        assert not response["Location"].startswith(LOGIN_PREFIX)


# --------------------------------------------------------------------------- public token links


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TOKEN_URLS))
def test_wrong_token_is_not_found(name, visitor, settings):
    settings.OFFERS_APIDAE_NOTIFICATION_TOKEN = secrets.token_urlsafe(32)
    url = reverse(name, kwargs=TOKEN_URLS[name]())
    view = _patterns()[name].callback.view_class
    assert hasattr(view, "get") or hasattr(view, "post")
    for method in ("get", "post"):
        if hasattr(view, method):
            assert getattr(visitor, method)(url).status_code == 404, (method, url)


@pytest.mark.django_db
def test_right_tokens_open_their_pages(visitor, member):
    """The wrong-token checks above mean something: the real tokens do open the pages."""
    booking = BookingFactory(session=SessionFactory(workshop=WorkshopFactory(member=member)))
    application = ApplicationFactory()
    assessment = AssessmentFactory(member=member)
    for url in (
        reverse("workshops:booking_manage", kwargs={"token": booking.manage_token}),
        reverse("workshops:booking_ics", kwargs={"token": booking.manage_token}),
        reverse("network:application_status", kwargs={"token": application.token}),
        reverse("selfdiagnosis:respond", kwargs={"token": assessment.token}),
    ):
        assert visitor.get(url).status_code == 200, url
