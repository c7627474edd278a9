"""factory_boy factories for the training app (resource centre)."""

from decimal import Decimal

import factory

from tests.factories.workshops import WorkshopFactory
from training.models import Document, Training


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    workshop = factory.SubFactory(
        WorkshopFactory, is_published=False, min_participants=1, title="Photographier ses produits"
    )
    hours = Decimal("3.5")
    trainer = "Léa Fournier, photographe"
    audience = Training.Audience.PROFESSIONALS


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = "Guide Apidae en pratique"
    category = Document.Category.GUIDE
    file = factory.django.FileField(filename="guide-apidae.pdf", data=b"%PDF-1.4 guide")
