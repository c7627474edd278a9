"""Every upload form: a real image is accepted, a text file renamed .jpg and an oversized image are
refused with a clear French message naming the file, and nothing is stored (no row, no file)."""

from __future__ import annotations

import html
import io
import random

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from common.models import ActionLog
from common.storage import private_storage
from network.models import MembershipApplication
from tests.factories.network import ApplicationFactory, CharterVersionFactory, CraftFactory
from tests.factories.selfdiagnosis import AssessmentFactory
from tests.factories.shop import CategoryFactory
from tests.factories.workshops import WorkshopFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("network", "offers", "workshops", "shop", "selfdiagnosis", "common")
DJANGO_NOT_AN_IMAGE = "Téléversez une image valide. Le fichier que vous avez transféré n’est pas une image"
LIMIT = 1024 * 1024  # 1 Mo for the test, instead of 5 and 10 Mo


def _png(name="atelier.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (120, 80, 40)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _fake_jpeg(name="atelier.jpg") -> SimpleUploadedFile:
    body = b"Ceci est un fichier texte, pas une photo.\n" * 20
    return SimpleUploadedFile(name, body, content_type="image/jpeg")


def _heavy_png(name="enorme.png") -> SimpleUploadedFile:
    """A real PNG over 1 Mo (noise does not compress)."""
    noise = random.Random(7).randbytes(720 * 600 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (720, 600), noise).save(out, format="PNG", compress_level=1)
    assert out.tell() > LIMIT
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _stored_files(path="", storage=default_storage) -> int:
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:  # the private folder is created on the first upload
        return 0
    return len(files) + sum(_stored_files(f"{path}{d}/", storage) for d in dirs)


def _all_stored_files() -> int:
    return _stored_files() + _stored_files(storage=private_storage())


def _snapshot() -> dict:
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and model._meta.managed
    }
    return {"rows": counts, "files": _all_stored_files(), "audit": ActionLog.objects.count()}


# Each case: fixtures → (client, url, form data without the file, file field, is a document field).


def _apply(ctx):
    craft = CraftFactory()
    charter = CharterVersionFactory(number=1)
    data = {
        "business_name": "Bois de Chartreuse",
        "contact_name": "Léa Martin",
        "email": "lea@bois.example",
        "phone": "06 11 22 33 44",
        "website": "",
        "commune": f"{ctx['commune'].name} ({ctx['commune'].postcode})",
        "address": "12 route du col",
        "siret": "12345678901234",
        "crafts": [craft.pk],
        "description": "Cuillères et bols en hêtre local.",
        "consent": "on",
    }
    for number, _text in charter.numbered_commitments():
        data[f"commitment_{number}"] = "yes"
        data[f"comment_{number}"] = ""
    return ctx["visitor"], reverse("network:apply"), data, "doc_work1", True


def _application_reply(ctx):
    application = ApplicationFactory(status=MembershipApplication.Status.INFO_REQUESTED)
    url = reverse("network:application_status", kwargs={"token": application.token})
    return ctx["visitor"], url, {"reply": "Voici mon Kbis."}, "document", True


def _profile(ctx):
    member = ctx["member"]
    data = {
        "name": member.name,
        "description": member.description,
        "story": "",
        "contact_name": "Alice",
        "email": "alice@atelier.example",
        "phone": "04 76 11 22 33",
        "website": "",
        "show_phone": "on",
    }
    return ctx["member_client"], reverse("network_portal:profile"), data, "photo", False


def _member_photos(ctx):
    return ctx["member_client"], reverse("network_portal:photos"), {"caption": "L'établi"}, "image", False


def _offer(ctx):
    data = {
        "title": "Atelier vannerie",
        "families": ["heritage"],
        "kind": "activity",
        "short_description": "Tresser son panier.",
        "image_alt": "Un panier en osier",
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
    }
    return ctx["member_client"], reverse("offers_portal:offer_create"), data, "image", False


def _workshop(ctx):
    data = {
        "title": "Bol en frêne",
        "craft": CraftFactory().pk,
        "summary": "Un bol.",
        "description": "Tournage.",
        "duration_minutes": "150",
        "price": "40",
        "min_participants": "2",
        "max_participants": "6",
        "min_age": "8",
        "languages": ["fr"],
        "audiences": ["adults"],
        "commune": ctx["commune"].pk,
        "cancellation_deadline_hours": "48",
        "photo_alt": "Un bol sur le tour",
    }
    return ctx["member_client"], reverse("workshops_portal:workshop_create"), data, "photo", False


def _workshop_photos(ctx):
    workshop = WorkshopFactory(member=ctx["member"])
    url = reverse("workshops_portal:workshop_photos", kwargs={"slug": workshop.slug})
    return ctx["member_client"], url, {"alt": "Un bol en hêtre sur le tour"}, "image", False


def _product(ctx):
    data = {
        "name": "Toupie",
        "category": CategoryFactory().pk,
        "price": "8.50",
        "vat_rate": "20.00",
        "is_active": "on",
    }
    return ctx["member_client"], reverse("shop_portal:product_create"), data, "photo", False


def _evidence(ctx):
    assessment = AssessmentFactory(member=ctx["member"])
    url = reverse("selfdiagnosis:autosave", kwargs={"token": assessment.token, "code": "rencontre-echange"})
    return ctx["visitor"], url, {"rencontre-echange-value": "oui"}, "rencontre-echange-evidence", True


def _evidence_section(ctx):
    assessment = AssessmentFactory(member=ctx["member"])
    url = reverse("selfdiagnosis:section", kwargs={"token": assessment.token, "code": "social"})
    data = {"rencontre-echange-value": "oui", "next": "stay"}
    return ctx["visitor"], url, data, "rencontre-echange-evidence", True


CASES = {
    "network:apply": _apply,
    "network:application_status": _application_reply,
    "network_portal:profile": _profile,
    "network_portal:photos": _member_photos,
    "offers_portal:offer_create": _offer,
    "workshops_portal:workshop_create": _workshop,
    "workshops_portal:workshop_photos": _workshop_photos,
    "shop_portal:product_create": _product,
    "selfdiagnosis:autosave": _evidence,
    "selfdiagnosis:section": _evidence_section,
}


@pytest.fixture
def ctx(visitor, member, member_client, commune):
    return {"visitor": visitor, "member": member, "member_client": member_client, "commune": commune}


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_real_image_is_accepted(name, ctx):
    client, url, data, field, _document = CASES[name](ctx)
    before = _snapshot()
    response = client.post(url, {**data, field: _png()})
    assert response.status_code in (200, 302), (response.status_code, _text(response)[:3000])
    assert "pas une image valide" not in _text(response)
    assert _snapshot()["files"] == before["files"] + 1


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_text_file_renamed_jpg_is_refused_and_nothing_is_stored(name, ctx):
    client, url, data, field, document = CASES[name](ctx)
    before = _snapshot()
    response = client.post(url, {**data, field: _fake_jpeg()})
    expected = "doit être un PDF ou une image" if document else "n'est pas une image valide"
    assert response.status_code in (200, 400), response.status_code
    # Forms built on Django's ImageField refuse it before common.uploads, with Django's own French text.
    text = _text(response)
    assert f"Le fichier « atelier.jpg » {expected}" in text or DJANGO_NOT_AN_IMAGE in text
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_oversized_image_is_refused_and_nothing_is_stored(name, ctx, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = LIMIT
    settings.MAX_DOCUMENT_UPLOAD_BYTES = LIMIT
    client, url, data, field, _document = CASES[name](ctx)
    heavy = _heavy_png()
    before = _snapshot()
    response = client.post(url, {**data, field: heavy})
    assert response.status_code in (200, 400), response.status_code
    assert "Le fichier « enorme.png » est trop lourd" in _text(response)
    assert "1 Mo au maximum" in _text(response)
    assert _snapshot() == before


def test_every_upload_form_is_covered():
    """A form with a file field anywhere in the apps must have a row in CASES (or be the staff
    import upload, which takes zip/JSON files, size-limited by the offers app)."""
    import importlib

    from django import forms

    covered_forms = {
        "network.forms.ApplicationForm",
        "network.forms.ApplicationReplyForm",
        "network.forms.ProfileForm",
        "network.forms.PhotoForm",
        "offers.forms.OfferForm",
        "workshops.forms.WorkshopForm",
        "workshops.forms.WorkshopPhotoForm",
        "shop.forms.ProductForm",
        "selfdiagnosis.forms.IndicatorForm",
        # Admin-only forms, staff with two-factor; they go through common.uploads as well.
        "workshops.forms.WorkshopPhotoAdminForm",
        "offers.forms.ImportUploadForm",
    }
    with_files = set()
    for app in ("network", "offers", "workshops", "shop", "selfdiagnosis"):
        module = importlib.import_module(f"{app}.forms")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
                and any(isinstance(f, forms.FileField) for f in obj.base_fields.values())
            ):
                with_files.add(f"{module.__name__}.{obj.__name__}")
    assert with_files - covered_forms == set()
