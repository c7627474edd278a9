"""Demo photos (issue 10 point 15): members, workshops, products and offers get pictures.

Runs after the apps' own demo data. The pictures are drawn by ``common.demo_photos`` (CC0, see
there), stored once under ``demo/`` in the public storage with their renditions, and given to
rows that have none — a photo a member uploaded is never replaced. Idempotent.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from common import demo_photos
from common.images import renditions_create

LICENCE_NAME = "demo/LICENCE.txt"


def _licence() -> None:
    """The licence travels with the pictures (issue 10 point 15: « keep the licence with them »)."""
    if not default_storage.exists(LICENCE_NAME):
        default_storage.save(LICENCE_NAME, ContentFile(demo_photos.LICENCE_TEXT.encode()))


def _stored(subject: str) -> str:
    name = f"demo/{subject}.jpg"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(demo_photos.draw(subject)))
        assert saved == name, saved  # noqa: S101 - the name is checked just above
    renditions_create(name=name)
    return name


def _subject_for(crafts: list[str]) -> str:
    for slug in crafts:
        if slug in demo_photos.CRAFT_SUBJECT:
            return demo_photos.CRAFT_SUBJECT[slug]
    return "massif-de-chartreuse"


def load(stdout=None) -> None:
    from network.models import Member
    from offers.models import Offer, OfferImage, Source
    from shop.models import Product
    from workshops.models import Workshop

    names: dict[str, str] = {}
    _licence()

    def stored(subject: str) -> str:
        if subject not in names:
            names[subject] = _stored(subject)
        return names[subject]

    member_subject: dict[int, str] = {}
    for member in Member.objects.prefetch_related("crafts").order_by("pk"):
        subject = _subject_for([c.slug for c in member.crafts.all()])
        member_subject[member.pk] = subject
        if not member.photo:
            Member.objects.filter(pk=member.pk).update(photo=stored(subject))

    for workshop in Workshop.objects.select_related("craft").order_by("pk"):
        if not workshop.photo:
            subject = _subject_for([workshop.craft.slug])
            Workshop.objects.filter(pk=workshop.pk).update(
                photo=stored(subject), photo_alt=workshop.photo_alt or demo_photos.alt_text(subject)
            )

    for product in Product.objects.filter(photo="").order_by("pk"):
        Product.objects.filter(pk=product.pk).update(
            photo=stored(member_subject.get(product.member_id, "massif-de-chartreuse"))
        )

    # Imported offers keep their source's pictures (or none): only the office's and members'
    # manual offers get a demo picture.
    manual = Offer.objects.filter(source=Source.MANUAL, images__isnull=True).order_by("pk")
    for offer in manual:
        subject = member_subject.get(offer.member_id, "massif-de-chartreuse")
        OfferImage.objects.create(
            offer=offer,
            image=stored(subject),
            alt=demo_photos.alt_text(subject),
            credit=demo_photos.DEMO_CREDIT,
        )
    if stdout is not None:
        stdout.write(f"    {len(names)} photos de démonstration (CC0)")
