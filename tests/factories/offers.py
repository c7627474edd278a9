"""factory_boy factories for the offers app."""

import datetime

import factory
from django.utils import timezone

from offers.models import ImportRun, Offer, OpeningPeriod
from offers.services import offer_refresh_search_vector


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"offre-{n}")
    title = factory.Sequence(lambda n: f"Offre {n}")
    families = factory.LazyFunction(lambda: ["heritage"])
    kind = "visit"
    short_description = "Une belle découverte du territoire."
    status = Offer.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    commune_name = "Saint-Pierre-de-Chartreuse"
    latitude = 45.3419
    longitude = 5.8156

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        if create:
            offer_refresh_search_vector(offer_ids=[obj.pk])


class OpeningPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningPeriod

    offer = factory.SubFactory(OfferFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=30))


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    source = "apidae"
    origin = "export.zip"
    status = ImportRun.Status.FINISHED
