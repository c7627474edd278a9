import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(MAX_REQUEST_BYTES=1024)
def test_an_oversized_request_is_refused_before_being_read(visitor):
    response = visitor.post("/reseau/rejoindre/", data="x" * 5000, content_type="text/plain")
    assert response.status_code == 413
    assert "trop volumineux" in response.content.decode()


@override_settings(MAX_REQUEST_BYTES=1024)
def test_a_request_within_the_limit_goes_through(visitor):
    assert visitor.get("/").status_code == 200
