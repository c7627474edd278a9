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


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_too_many_fields_get_a_french_413(visitor):
    data = {f"f{i}": "x" for i in range(50)}
    response = visitor.post("/reseau/rejoindre/", data=data)
    assert response.status_code == 413
    assert "trop de champs" in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100, MAX_REQUEST_BYTES=10**6)
def test_a_body_over_django_limit_gets_a_french_413(visitor):
    response = visitor.post("/reseau/rejoindre/", data={"description": "x" * 500})
    assert response.status_code == 413
    assert "dépassent la taille autorisée" in response.content.decode()


def test_a_bad_request_gets_the_french_400_page(visitor):
    from django.core.exceptions import SuspiciousOperation
    from django.test import RequestFactory

    from common.views import error_400

    response = error_400(RequestFactory().get("/"), SuspiciousOperation("x"))
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()
