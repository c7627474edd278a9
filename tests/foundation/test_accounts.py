import re

import pytest
from django.core import mail
from django.urls import reverse

from network.models import User
from tests.factories.network import PASSWORD, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_verification_then_login(visitor):
    response = visitor.post(
        reverse("account_signup"),
        {
            "email": "nouveau@example.org",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouveau@example.org")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    # Not verified yet: login is held back until the address is confirmed.
    visitor.logout()
    response = visitor.post(
        reverse("account_login"), {"login": user.email, "password": "Un-mot-de-passe-solide-42"}
    )
    assert "_auth_user_id" not in visitor.session
    response = visitor.post("/" + path)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified
    visitor.logout()
    response = visitor.post(
        reverse("account_login"), {"login": user.email, "password": "Un-mot-de-passe-solide-42"}
    )
    assert response.status_code == 302
    assert visitor.session["_auth_user_id"] == str(user.pk)


def test_signup_with_existing_email_creates_nothing(visitor):
    UserFactory(email="deja@example.org")
    count = User.objects.count()
    visitor.post(
        reverse("account_signup"),
        {
            "email": "deja@example.org",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
        },
    )
    assert User.objects.count() == count


def test_signup_with_weak_password_is_refused_in_french(visitor):
    response = visitor.post(
        reverse("account_signup"),
        {
            "email": "faible@example.org",
            "password1": "123",
            "password2": "123",
        },
    )
    assert response.status_code == 200
    assert "mot de passe" in response.content.decode().lower()
    assert response.context["form"]["email"].value() == "faible@example.org"
    assert not User.objects.filter(email="faible@example.org").exists()


def test_wrong_password_is_refused(visitor):
    user = UserFactory()
    response = visitor.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in visitor.session


def test_expired_or_bad_confirmation_link(visitor):
    response = visitor.get("/comptes/confirm-email/invalid-key/")
    assert response.status_code in (200, 404)
    assert "expiré" in response.content.decode() or "invalide" in response.content.decode()


def test_staff_without_mfa_is_sent_to_set_it_up(client):
    staff = StaffUserFactory()
    client.force_login(staff)
    for url in ("/staff/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_mfa_reaches_staff_pages(staff_client):
    assert staff_client.get("/staff/").status_code == 200
    assert staff_client.get("/admin/").status_code == 200


def test_login_sends_each_audience_home(visitor, member_user, plain_user):
    for user, target in ((member_user, "/portail/"), (plain_user, "/")):
        visitor.logout()
        response = visitor.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert response["Location"] == reverse("pages:after_login")
        response = visitor.get(reverse("pages:after_login"))
        assert response["Location"] == target


def test_staff_with_mfa_must_give_a_code_then_lands_on_staff_home(visitor, staff_user):
    response = visitor.post(reverse("account_login"), {"login": staff_user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in visitor.session
    visitor.force_login(staff_user)
    assert visitor.get(reverse("pages:after_login"))["Location"] == "/staff/"


def test_staff_pages_need_staff(visitor, member_client, plain_client):
    assert visitor.get("/staff/").status_code == 302
    assert member_client.get("/staff/").status_code == 403
    assert plain_client.get("/staff/").status_code == 403


def test_portal_needs_a_member(visitor, plain_client, member_client):
    assert visitor.get("/portail/").status_code == 302
    assert plain_client.get("/portail/").status_code == 403
    assert member_client.get("/portail/").status_code == 200
