"""Responsive photos (issue 10 point 15): renditions, the <img> that offers them, demo pictures."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from common import demo_photos
from common.images import RENDITION_WIDTHS, rendition_name, renditions_create, responsive_image
from tests.factories.offers import OfferFactory
from tests.factories.shop import ProductFactory
from tests.factories.workshops import WorkshopFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _jpeg(width: int, height: int, colour: str = "#7a4a22") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


def _store(name: str, width: int, height: int) -> str:
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(_jpeg(width, height)))


def test_renditions_create_makes_each_width_smaller_than_the_original_once():
    name = _store("tests/photos/bol-1600.jpg", 1600, 1000)
    info = renditions_create(name=name)
    assert info == {"width": 1600, "height": 1000, "widths": list(RENDITION_WIDTHS)}
    for width in RENDITION_WIDTHS:
        with default_storage.open(rendition_name(name, width), "rb") as handle:
            small = Image.open(handle)
            assert small.format == "JPEG"
            assert small.size == (width, round(1000 * width / 1600))
    # A second call finds them: nothing is written again (same storage names, no « _abc12 » copy).
    before = default_storage.listdir("renditions/tests/photos")[1]
    renditions_create(name=name)
    assert default_storage.listdir("renditions/tests/photos")[1] == before


def test_a_small_original_is_never_enlarged():
    name = _store("tests/photos/petit-500.jpg", 500, 400)
    assert renditions_create(name=name)["widths"] == [320]
    assert not default_storage.exists(rendition_name(name, 640))


def test_a_transparent_png_gets_a_white_ground():
    out = io.BytesIO()
    Image.new("RGBA", (800, 400), (0, 0, 0, 0)).save(out, format="PNG")
    name = default_storage.save("tests/photos/logo.png", ContentFile(out.getvalue()))
    renditions_create(name=name)
    with default_storage.open(rendition_name(name, 320), "rb") as handle:
        assert Image.open(handle).convert("RGB").getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_gives_no_renditions_and_is_not_read_at_each_view(member, monkeypatch):
    name = default_storage.save("tests/photos/faux.jpg", ContentFile(b"not an image"))
    assert renditions_create(name=name) is None
    workshop = WorkshopFactory(member=member)
    workshop.photo.name = name

    def forbidden(*args, **kwargs):
        raise AssertionError("a file known to be unreadable should not be opened again")

    monkeypatch.setattr(default_storage, "open", forbidden)
    assert responsive_image(workshop.photo) is None
    html = Template("{% load photos %}{% responsive_img workshop.photo 'Bol' %}").render(
        Context({"workshop": workshop})
    )
    assert 'loading="lazy"' in html and "srcset" not in html


@pytest.mark.django_db
def test_responsive_img_writes_srcset_sizes_intrinsic_size_lazy_and_escaped_alt(member):
    workshop = WorkshopFactory(member=member)
    workshop.photo.name = _store("tests/photos/atelier.jpg", 1200, 800)
    html = Template("{% load photos %}{% responsive_img workshop.photo alt %}").render(
        Context({"workshop": workshop, "alt": 'Bol « hêtre » & <tour> "vif"'})
    )
    assert 'width="1200" height="800"' in html
    assert 'loading="lazy"' in html
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    assert [part.rsplit(" ", 1)[1] for part in srcset.split(", ")] == ["320w", "640w", "960w", "1200w"]
    assert 'sizes="(min-width: 64em)' in html
    assert 'alt="Bol « hêtre » &amp; &lt;tour&gt; &quot;vif&quot;"' in html
    eager = Template('{% load photos %}{% responsive_img workshop.photo "Bol" eager=True %}').render(
        Context({"workshop": workshop})
    )
    assert 'loading="eager"' in eager and 'fetchpriority="high"' in eager


@pytest.mark.django_db
def test_a_picture_hosted_elsewhere_keeps_a_box_and_lazy_loading():
    html = Template('{% load photos %}{% responsive_img None "Lac" url=url %}').render(
        Context({"url": "https://images.example/lac.jpg"})
    )
    assert 'src="https://images.example/lac.jpg"' in html
    assert 'width="640" height="427"' in html and 'loading="lazy"' in html and 'alt="Lac"' in html


@pytest.mark.django_db
def test_the_second_page_view_reads_no_file(member, monkeypatch):
    workshop = WorkshopFactory(member=member)
    workshop.photo.name = _store("tests/photos/cache.jpg", 1000, 600)
    assert responsive_image(workshop.photo) is not None

    def forbidden(*args, **kwargs):
        raise AssertionError("the renditions were known: no file should be opened")

    monkeypatch.setattr(default_storage, "open", forbidden)
    assert responsive_image(workshop.photo).width == 1000


@pytest.mark.django_db
def test_a_photo_uploaded_by_a_member_gets_its_renditions_after_commit(
    member_client, member, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(member=member)
    upload = SimpleUploadedFile("tour.jpg", _jpeg(1400, 900), content_type="image/jpeg")
    url = reverse("workshops_portal:workshop_photos", args=[workshop.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url, {"image": upload, "alt": "Le tour à bois"})
    assert response.status_code == 302
    photo = workshop.photos.get()
    for width in RENDITION_WIDTHS:
        assert default_storage.exists(rendition_name(photo.image.name, width))


@pytest.mark.django_db
def test_public_pages_serve_photos_with_srcset_width_height_and_alt(visitor, member):
    workshop = WorkshopFactory(member=member, photo_alt="Un bol en hêtre", is_published=True)
    workshop.photo.name = _store("tests/photos/page-atelier.jpg", 1600, 1067)
    workshop.save(update_fields=["photo"])
    product = ProductFactory(member=member, name="Bol en hêtre")
    product.photo.name = _store("tests/photos/page-produit.jpg", 1000, 1000)
    product.save(update_fields=["photo"])
    member.photo.name = _store("tests/photos/page-membre.jpg", 1200, 900)
    member.save(update_fields=["photo"])
    offer = OfferFactory(title="Visite du rucher")
    offer.images.create(image=_store("tests/photos/page-offre.jpg", 1600, 900), alt="Les ruches au printemps")
    pages = {
        workshop.get_absolute_url(): ("Un bol en hêtre", 'loading="eager"'),
        reverse("workshops:catalogue"): ("Un bol en hêtre", 'loading="eager"'),
        reverse("shop:product_detail", args=[product.slug]): ("Bol en hêtre", 'loading="eager"'),
        member.get_absolute_url(): ("Photo de Atelier d&#x27;Alice", 'loading="eager"'),
        offer.get_absolute_url(): ("Les ruches au printemps", 'loading="eager"'),
        reverse("offers:search"): ("Les ruches au printemps", 'loading="eager"'),
    }
    for path, (alt, loading) in pages.items():
        html = visitor.get(path).content.decode()
        images = [tag for tag in re.findall(r"<img [^>]+>", html) if f'alt="{alt}"' in tag]
        assert images, (path, alt)
        tag = images[0]
        assert "srcset=" in tag and " 320w" in tag, (path, tag)
        assert re.search(r'width="\d+" height="\d+"', tag), (path, tag)
        assert loading in tag, (path, tag)


def test_demo_photos_are_drawn_the_same_each_time_and_cover_every_craft():
    first = demo_photos.draw("bol-en-bois")
    assert first == demo_photos.draw("bol-en-bois")
    image = Image.open(io.BytesIO(first))
    assert image.format == "JPEG" and image.size == (demo_photos.WIDTH, demo_photos.HEIGHT)
    assert set(demo_photos.CRAFT_SUBJECT.values()) <= set(demo_photos.SUBJECTS)
    assert all(demo_photos.alt_text(subject) for subject in demo_photos.SUBJECTS)


@pytest.mark.django_db
def test_the_demo_gives_photos_to_workshops_without_one_and_keeps_the_licence_beside(member):
    from common import demo

    bare = WorkshopFactory(member=member, photo="")
    own = WorkshopFactory(member=member)
    own.photo.name = _store("tests/photos/own.jpg", 800, 600)
    own.save(update_fields=["photo"])
    demo.load()
    bare.refresh_from_db()
    own.refresh_from_db()
    assert bare.photo.name.startswith("demo/") and bare.photo_alt
    assert own.photo.name == "tests/photos/own.jpg"
    assert default_storage.exists(rendition_name(bare.photo.name, 640))
    with default_storage.open(demo.LICENCE_NAME) as handle:
        assert b"CC0 1.0" in handle.read()
    demo.load()  # idempotent: same file names, nothing stored twice
    bare.refresh_from_db()
    assert bare.photo.name.startswith("demo/") and "_" not in bare.photo.name.rsplit("/", 1)[1]
