"""Contacts and consent: upsert, consent history, unsubscribe link, staff list, CSV, permissions."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from django.db import connection
from django.urls import reverse

from network import services
from network.exceptions import ContactEmailInvalid, ContactKindInvalid
from network.models import ConsentEvent, Contact, MembershipApplication
from tests.factories.network import ContactFactory

pytestmark = pytest.mark.django_db

CONTACTS = reverse("network_staff:contact_list")
EXPORT = reverse("network_staff:contact_export")


def _unsubscribe_url(contact: Contact) -> str:
    return reverse("network:contact_unsubscribe", kwargs={"token": contact.unsubscribe_token})


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


# --- contact_record --------------------------------------------------------------------


def test_contact_record_is_an_idempotent_upsert_whatever_the_case_of_the_email():
    first = services.contact_record(
        email="Jeanne.Martin@Example.org", name="Jeanne Martin", source="workshops.booking"
    )
    again = services.contact_record(email=" jeanne.martin@example.ORG ", source="workshops.booking")
    assert again.pk == first.pk
    assert Contact.objects.count() == 1
    contact = Contact.objects.get()
    assert contact.email == "jeanne.martin@example.org"
    assert contact.name == "Jeanne Martin"  # an empty name never erases the known one
    assert contact.sources == ["workshops.booking"]
    assert contact.kind == Contact.Kind.VISITOR
    assert not contact.marketing_consent
    assert not ConsentEvent.objects.exists()


def test_contact_record_adds_each_source_once_and_keeps_latest_details():
    services.contact_record(email="paul@example.org", name="Paul", source="workshops.booking")
    contact = services.contact_record(
        email="paul@example.org",
        name="Paul Durand",
        phone="06 12 34 56 78",
        language="en",
        source="shop.order",
    )
    services.contact_record(email="paul@example.org", source="shop.order")
    contact.refresh_from_db()
    assert contact.sources == ["workshops.booking", "shop.order"]
    assert (contact.name, contact.phone, contact.language) == ("Paul Durand", "06 12 34 56 78", "en")
    assert contact.last_seen_at >= contact.first_seen_at


def test_contact_record_with_consent_records_a_given_event_once():
    contact = services.contact_record(
        email="a@example.org", source="workshops.booking", consent=True, ip_address="203.0.113.5"
    )
    services.contact_record(email="a@example.org", source="shop.order", consent=True)
    contact.refresh_from_db()
    assert contact.marketing_consent
    assert contact.consent_source == "workshops.booking"
    assert contact.consent_given_at is not None
    events = list(contact.consent_events.all())
    assert [(e.kind, e.source, e.ip_address) for e in events] == [
        ("given", "workshops.booking", "203.0.113.5")
    ]


@pytest.mark.parametrize("consent", [False, None])
def test_a_later_booking_without_consent_never_withdraws_a_given_consent(consent):
    services.contact_record(email="b@example.org", source="workshops.booking", consent=True)
    contact = services.contact_record(email="b@example.org", source="shop.order", consent=consent)
    contact.refresh_from_db()
    assert contact.marketing_consent
    assert contact.consent_withdrawn_at is None
    assert list(contact.consent_events.values_list("kind", flat=True)) == ["given"]


def test_contact_record_refuses_a_bad_email_or_kind_and_creates_nothing():
    with pytest.raises(ContactEmailInvalid):
        services.contact_record(email="pas-une-adresse", source="shop.order")
    with pytest.raises(ContactEmailInvalid):
        services.contact_record(email="  ", source="shop.order")
    with pytest.raises(ContactKindInvalid):
        services.contact_record(email="c@example.org", source="staff", kind="fournisseur")
    assert not Contact.objects.exists()


def test_contact_record_inside_an_outer_transaction_that_fails_leaves_nothing():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.contact_record(email="rollback@example.org", source="workshops.booking", consent=True)
        raise RuntimeError("the booking failed")
    assert not Contact.objects.exists()
    assert not ConsentEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_bookings_with_the_same_email_make_one_contact():
    barrier = threading.Barrier(4)
    errors: list[Exception] = []

    def book(i: int) -> None:
        try:
            barrier.wait()
            services.contact_record(
                email="Race@Example.org", name=f"Nom {i}", source="workshops.booking", consent=(i == 0)
            )
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    contact = Contact.objects.get()
    assert contact.email == "race@example.org"
    assert contact.marketing_consent
    assert contact.consent_events.count() == 1


# --- withdrawal ------------------------------------------------------------------------


def test_withdraw_consent_by_token_is_recorded_and_idempotent():
    contact = services.contact_record(email="d@example.org", source="workshops.booking", consent=True)
    services.contact_withdraw_consent(
        token=contact.unsubscribe_token, source="network.unsubscribe", ip_address="198.51.100.7"
    )
    services.contact_withdraw_consent(token=contact.unsubscribe_token, source="network.unsubscribe")
    contact.refresh_from_db()
    assert not contact.marketing_consent
    assert contact.consent_withdrawn_at is not None
    kinds = list(contact.consent_events.order_by("occurred_at", "id").values_list("kind", "ip_address"))
    assert kinds == [("given", None), ("withdrawn", "198.51.100.7")]


def test_consent_given_again_after_withdrawal_is_a_new_event():
    contact = services.contact_record(email="e@example.org", source="workshops.booking", consent=True)
    services.contact_withdraw_consent(contact=contact, source="admin")
    services.contact_record(email="e@example.org", source="shop.order", consent=False)
    contact.refresh_from_db()
    assert not contact.marketing_consent
    services.contact_record(email="e@example.org", source="shop.order", consent=True)
    contact.refresh_from_db()
    assert contact.marketing_consent and contact.consent_withdrawn_at is None
    assert contact.consent_source == "shop.order"
    assert contact.consent_events.count() == 3


def test_unsubscribe_page_works_without_login_and_confirms_by_post(visitor):
    contact = services.contact_record(email="jeanne@example.org", source="workshops.booking", consent=True)
    url = _unsubscribe_url(contact)
    response = visitor.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ne plus recevoir ces informations" in html
    assert "jeanne@example.org" not in html  # the address is masked on a page reachable by link
    contact.refresh_from_db()
    assert contact.marketing_consent  # a GET (link preview, mail scanner) changes nothing
    response = visitor.post(url, follow=True)
    assert "vous ne recevrez plus les informations du réseau" in response.content.decode()
    contact.refresh_from_db()
    assert not contact.marketing_consent
    event = contact.consent_events.get(kind="withdrawn")
    assert event.source == "network.unsubscribe" and event.ip_address == "127.0.0.1"
    assert "est désinscrite depuis le" in visitor.get(url).content.decode()


def test_unsubscribe_with_an_unknown_token_is_404(visitor):
    ContactFactory()
    url = reverse("network:contact_unsubscribe", kwargs={"token": "inconnu"})
    assert visitor.get(url).status_code == 404
    assert visitor.post(url).status_code == 404


def test_unsubscribe_without_previous_consent_records_the_opposition(visitor):
    contact = ContactFactory()
    visitor.post(_unsubscribe_url(contact))
    contact.refresh_from_db()
    assert contact.consent_withdrawn_at is not None
    assert contact.consent_events.get().kind == ConsentEvent.Kind.WITHDRAWN


# --- staff page ------------------------------------------------------------------------


def test_contact_pages_are_for_office_staff_only(
    visitor, member_client, other_client, plain_client, coordinator_client
):
    for url in (CONTACTS, EXPORT):
        assert visitor.get(url).status_code == 302, url
        for client in (member_client, other_client, plain_client, coordinator_client):
            assert client.get(url).status_code == 403, url
    response = coordinator_client.post(
        CONTACTS,
        {
            "contact-email": "x@example.org",
            "contact-kind": "partner",
            "contact-language": "fr",
            "contact-consent": "on",
        },
    )
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_staff_contact_list_filters_by_consent_kind_source_and_text(staff_client):
    ContactFactory(email="oui@example.org", name="Consentante", marketing_consent=True)
    ContactFactory(email="non@example.org", name="Sans accord", sources=["shop.order"])
    ContactFactory(
        email="mairie@example.org", name="Mairie de Saint-Pierre", kind="partner", sources=["staff"]
    )
    html = staff_client.get(CONTACTS).content.decode()
    assert "oui@example.org" in html and "non@example.org" in html and "mairie@example.org" in html

    def emails(params):
        html = staff_client.get(CONTACTS, params).content.decode()
        return {e for e in ("oui@example.org", "non@example.org", "mairie@example.org") if e in html}

    assert emails({"consent": "yes"}) == {"oui@example.org"}
    assert emails({"consent": "no"}) == {"non@example.org", "mairie@example.org"}
    assert emails({"kind": "partner"}) == {"mairie@example.org"}
    assert emails({"source": "shop.order"}) == {"non@example.org"}
    assert emails({"q": "Saint-Pierre"}) == {"mairie@example.org"}


def test_staff_contact_list_is_paginated_and_query_count_is_bounded(
    staff_client, django_assert_max_num_queries
):
    for _ in range(3):
        ContactFactory()
    with django_assert_max_num_queries(14) as small:
        assert staff_client.get(CONTACTS).status_code == 200
    for _ in range(60):
        ContactFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get(CONTACTS)
    assert response.context["page"].paginator.num_pages == 2
    assert len(response.context["contacts"]) == 50


def test_staff_adds_a_partner_with_consent(staff_client, staff_user):
    response = staff_client.post(
        CONTACTS,
        {
            "contact-email": "Mairie@Exemple.fr",
            "contact-name": "Mairie d'Entremont",
            "contact-phone": "04 79 65 80 00",
            "contact-kind": "partner",
            "contact-language": "fr",
            "contact-consent": "on",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.email == "mairie@exemple.fr" and contact.kind == "partner"
    assert contact.sources == ["staff"] and contact.consent_source == "staff"
    event = contact.consent_events.get()
    assert event.kind == "given" and event.actor == staff_user


def test_staff_add_without_checkbox_never_withdraws_consent(staff_client):
    contact = ContactFactory(email="habitant@example.org", marketing_consent=True)
    staff_client.post(
        CONTACTS,
        {
            "contact-email": "habitant@example.org",
            "contact-name": "Un habitant",
            "contact-kind": "inhabitant",
            "contact-language": "fr",
        },
    )
    contact.refresh_from_db()
    assert contact.marketing_consent and contact.kind == "inhabitant"
    assert Contact.objects.count() == 1


def test_staff_add_with_a_bad_email_names_the_field_and_keeps_the_input(staff_client):
    response = staff_client.post(
        CONTACTS,
        {
            "contact-email": "pas-une-adresse",
            "contact-name": "Gardé tel quel",
            "contact-kind": "partner",
            "contact-language": "fr",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    html = response.content.decode()
    assert "Gardé tel quel" in html
    assert not Contact.objects.exists()


def test_csv_export_contains_only_consenting_contacts_with_their_unsubscribe_link(staff_client):
    yes = ContactFactory(email="oui@example.org", marketing_consent=True, name="=HYPERLINK(1)")
    ContactFactory(email="non@example.org")
    withdrawn = services.contact_record(email="retire@example.org", source="shop.order", consent=True)
    services.contact_withdraw_consent(contact=withdrawn, source="network.unsubscribe")
    response = staff_client.get(EXPORT, {"consent": "no"})  # the consent filter cannot widen the export
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows[0][0] == "E-mail" and rows[0][-1] == "Lien de désinscription"
    assert [r[0] for r in rows[1:]] == ["oui@example.org"]
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][-1] == "http://testserver" + _unsubscribe_url(yes)


def test_contact_admin_lists_and_withdraws(staff_client):
    contact = ContactFactory(marketing_consent=True)
    assert staff_client.get(reverse("admin:network_contact_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:network_contact_change", args=[contact.pk])).status_code == 200
    staff_client.post(
        reverse("admin:network_contact_changelist"),
        {"action": "withdraw_consent", "_selected_action": [contact.pk]},
    )
    contact.refresh_from_db()
    assert not contact.marketing_consent
    assert contact.consent_events.get().source == "admin"
    assert staff_client.get(reverse("admin:network_consentevent_changelist")).status_code == 200


def test_demo_contacts_are_idempotent_with_consent_history():
    from network import demo

    demo.load()
    counts = (Contact.objects.count(), ConsentEvent.objects.count())
    demo.load()
    assert (Contact.objects.count(), ConsentEvent.objects.count()) == counts
    assert counts[0] == 30
    consenting = Contact.objects.filter(marketing_consent=True)
    assert 10 < consenting.count() < 30
    assert all(c.consent_events.filter(kind="given").exists() for c in consenting)
    assert Contact.objects.filter(consent_withdrawn_at__isnull=False, marketing_consent=False).count() == 2
    under_review = MembershipApplication.objects.get(status=MembershipApplication.Status.UNDER_REVIEW)
    assert under_review.reviewer is not None


def test_staff_records_a_soft_opt_in_only_when_opt_out_was_offered_at_collection(staff_client, staff_user):
    post = {
        "contact-email": "cliente@example.org",
        "contact-name": "Une cliente du comptoir",
        "contact-kind": "visitor",
        "contact-language": "fr",
        "contact-consent": "on",
        "contact-legal_basis": "soft_opt_in",
    }
    response = staff_client.post(CONTACTS, post)
    assert response.status_code == 200
    assert "pu refuser au moment de la collecte" in response.content.decode()
    assert not Contact.objects.exists()
    response = staff_client.post(CONTACTS, {**post, "contact-opt_out_offered": "on"})
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.marketing_consent and contact.news_legal_basis == "soft_opt_in"
    event = contact.consent_events.get()
    assert event.legal_basis == "soft_opt_in" and event.actor == staff_user


def test_staff_consent_defaults_to_explicit_consent(staff_client):
    staff_client.post(
        CONTACTS,
        {
            "contact-email": "elu@example.org",
            "contact-kind": "elected",
            "contact-language": "fr",
            "contact-consent": "on",
        },
    )
    assert Contact.objects.get().consent_events.get().legal_basis == "consent"
