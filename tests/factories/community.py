"""factory_boy factories for the community app (éclaireurs, greeters, walks)."""

import datetime

import factory
from django.utils import timezone

from community.models import Eclaireur, EclaireurCharter, Recommendation, WalkRequest
from tests.factories.network import AntennaFactory, CommuneFactory


class CharterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EclaireurCharter
        django_get_or_create = ("number",)

    number = 1
    title = "Charte des éclaireurs"
    commitments = factory.LazyFunction(lambda: ["Je partage sans contrepartie commerciale."])
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))


class EclaireurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Eclaireur
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Marie{n}")
    last_name = "Jacquet"
    email = factory.Sequence(lambda n: f"eclaireur{n}@example.org")
    commune = factory.SubFactory(CommuneFactory)
    languages = factory.LazyFunction(lambda: ["fr", "en"])
    status = Eclaireur.Status.ACTIVE
    charter = factory.SubFactory(CharterFactory)
    charter_accepted_at = factory.LazyFunction(timezone.now)
    is_greeter = True
    available_days = factory.LazyFunction(lambda: [0, 1, 2, 3, 4, 5, 6])

    @factory.post_generation
    def antennas(self, create, extracted, **kwargs):
        if create and extracted:
            self.antennas.set(extracted)


class WalkRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WalkRequest

    name = "Emma Schneider"
    email = "emma@example.org"
    antenna = factory.SubFactory(AntennaFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    walk_language = "en"
    group_size = 2


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    eclaireur = factory.SubFactory(EclaireurFactory)
    place_name = "Le belvédère des Sangles"
    text = "Au lever du soleil, la vue est magique."
