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
