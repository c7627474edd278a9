"""factory_boy factories for the shop app."""

from decimal import Decimal

import factory

from shop.models import Category, Product, StockMovement, VatRate
from tests.factories.network import MemberFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")
    default_vat_rate = VatRate.STANDARD


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    name = factory.Sequence(lambda n: f"Miel d'acacia & <bio> {n}")
    slug = factory.Sequence(lambda n: f"produit-{n}")
    code = factory.Sequence(lambda n: f"P{n:05d}")
    category = factory.SubFactory(CategoryFactory)
    price = Decimal("12.50")
    vat_rate = VatRate.STANDARD
    description = "Fabriqué à la main dans le massif."

    @factory.post_generation
    def stock(self, create, extracted, **kwargs):
        if create and extracted:
            StockMovement.objects.create(product=self, kind=StockMovement.Kind.DEPOSIT, quantity=extracted)


def sell_on(day, **kwargs):
    """A counter sale recorded as if it happened at noon on ``day`` (tickets can no longer be
    edited afterwards: the database refuses it), through the real service."""
    import datetime
    from unittest import mock

    from django.utils import timezone

    from shop import services

    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    kwargs.setdefault("payment_method", "card")
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return services.sale_create(**kwargs)
