"""Every admin list and add page opens for a superuser and for office staff (no 500)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import _with_totp
from tests.factories.network import UserFactory

pytestmark = pytest.mark.django_db


def _admin_urls():
    for model in admin.site._registry:
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")


@pytest.fixture
def superuser_client(client):
    user = _with_totp(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    client.force_login(user)
    return client


def test_every_admin_page_opens_for_a_superuser(superuser_client):
    for url in _admin_urls():
        response = superuser_client.get(url)
        assert response.status_code in (200, 403), url  # 403: creation only through the services


def test_every_admin_list_opens_for_office_staff(staff_client):
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert staff_client.get(url).status_code in (200, 403), url


def test_admin_lists_with_demo_data_and_filters(superuser_client):
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = superuser_client.get(url)
        assert response.status_code in (200, 403), url
        obj = model._default_manager.order_by("pk").first()
        if obj is not None and response.status_code == 200:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert superuser_client.get(change).status_code in (200, 403), change
        search = superuser_client.get(url, {"q": "Chartreuse"})
        assert search.status_code in (200, 403), url + "?q="
