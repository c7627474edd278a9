"""Files uploaded in the admin go through common.uploads like the site's own forms."""

from __future__ import annotations

import io

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from common.uploads import VerifiedDocumentField, VerifiedImageField
from tests.factories.network import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"network", "offers", "workshops", "shop", "selfdiagnosis"}


def _file_fields(form_class) -> dict[str, forms.Field]:
    return {n: f for n, f in form_class.base_fields.items() if isinstance(f, forms.FileField)}


def test_every_admin_upload_field_is_verified():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    checked = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        forms_to_check = [(model.__name__, model_admin.get_form(request))]
        for inline in model_admin.get_inline_instances(request):
            forms_to_check.append((inline.model.__name__, inline.get_formset(request).form))
        for label, form_class in forms_to_check:
            for name, field in _file_fields(form_class).items():
                # Either the verified field, or the app's admin form cleans it with common.uploads itself.
                verified = isinstance(field, (VerifiedImageField, VerifiedDocumentField))
                assert verified or hasattr(form_class, f"clean_{name}"), f"{label}.{name}"
                checked.append(f"{label}.{name}")
    expected = {"Member.photo", "MemberPhoto.image", "Product.photo", "Workshop.photo", "OfferImage.image"}
    assert expected <= set(checked)


def _jpeg_with_gps() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    Image.new("RGB", (50, 40), (90, 60, 30)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_verified_image_field_refuses_a_fake_and_an_oversized_image(settings):
    field = VerifiedImageField()
    with pytest.raises(ValidationError):
        field.clean(SimpleUploadedFile("bol.jpg", b"du texte, pas une image", content_type="image/jpeg"))
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        field.clean(SimpleUploadedFile("bol.jpg", _jpeg_with_gps(), content_type="image/jpeg"))
    assert "est trop lourd" in caught.value.messages[0]


def test_verified_image_field_re_encodes_without_metadata():
    upload = SimpleUploadedFile("bol.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    cleaned = VerifiedImageField().clean(upload)
    with Image.open(cleaned) as stored:
        assert stored.format == "JPEG" and not stored.getexif()


def test_verified_document_field_refuses_an_executable():
    with pytest.raises(ValidationError) as caught:
        upload = SimpleUploadedFile("kbis.pdf", b"MZ\x90\x00", content_type="application/pdf")
        VerifiedDocumentField().clean(upload)
    assert "doit être un PDF ou une image" in caught.value.messages[0]


def test_admin_refuses_an_oversized_product_photo(staff_client, settings):
    from tests.factories.shop import ProductFactory

    product = ProductFactory()
    url = f"/admin/shop/product/{product.pk}/change/"
    page = staff_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "photo"}
    data["labels"] = []
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    data["photo"] = SimpleUploadedFile("bol.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "est trop lourd" in response.context["adminform"].form.errors["photo"][0]
    product.refresh_from_db()
    assert not product.photo
