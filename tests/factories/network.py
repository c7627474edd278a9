"""factory_boy factories for the network app."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from common.access import COORDINATOR_GROUP, OFFICE_STAFF_GROUP
from network.models import (
    Antenna,
    CapacityRule,
    CharterVersion,
    Commune,
    Contact,
    Craft,
    Member,
    MembershipApplication,
    Territory,
    User,
)

PASSWORD = "correct-horse-battery"


def _groups(names) -> list[Group]:
    # get_or_create: transactional tests flush the groups that migration 0002 created.
    return [Group.objects.get_or_create(name=name)[0] for name in names]


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("slug",)

    name = "Chartreuse"
    slug = "chartreuse"


class AntennaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Antenna

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Antenne {n}")
    slug = factory.Sequence(lambda n: f"antenne-{n}")
    latitude = 45.39
    longitude = 5.78


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    # Five characters whatever the run's length (« 38 » + n grew to six past the thousandth commune);
    # 90000-98999 stays clear of the real codes the tests spell out (38442…) and of « 99999 » (unknown).
    insee_code = factory.Sequence(lambda n: f"{90000 + n % 9000:05d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    postcode = "38380"
    latitude = 45.3419
    longitude = 5.8156
    antenna = factory.SubFactory(AntennaFactory)


class CraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Craft

    name = factory.Sequence(lambda n: f"Savoir-faire {n}")
    slug = factory.Sequence(lambda n: f"savoir-faire-{n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"membre-{n}")
    # Real names carry apostrophes, ampersands and the odd bracket: every page, CSV, PDF and
    # e-mail must show them as typed.
    name = factory.Sequence(lambda n: f"Atelier d'Élise & <fils> {n}")
    commune = factory.SubFactory(CommuneFactory)
    antenna = factory.LazyAttribute(lambda o: o.commune.antenna)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    description = "Un artisan du territoire."
    email = factory.Sequence(lambda n: f"contact{n}@atelier.example")
    status = Member.Status.ACTIVE

    @factory.post_generation
    def crafts(self, create, extracted, **kwargs):
        if not create:
            return
        self.crafts.set(extracted if extracted is not None else [CraftFactory()])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Camille"
    last_name = "Martin"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(_groups(extracted))


class MemberUserFactory(UserFactory):
    member = factory.SubFactory(MemberFactory)


class StaffUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.set(_groups(extracted or [OFFICE_STAFF_GROUP]))


class CoordinatorUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.set(_groups(extracted or [COORDINATOR_GROUP]))


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterVersion
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    title = "Charte des artisans et producteurs"
    preamble = "Ce que chaque membre s'engage à respecter."
    commitments = factory.LazyFunction(
        lambda: [
            "Je fabrique moi-même ce que je vends.",
            "Mes matières premières sont locales ou biologiques.",
            "Je ne revends aucun produit importé.",
        ]
    )
    effective_on = factory.LazyFunction(lambda: datetime.date(2024, 1, 1))
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    sign_deadline = None


class CapacityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityRule

    antenna = factory.SubFactory(AntennaFactory)
    craft = factory.SubFactory(CraftFactory)
    max_members = 1


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication
        skip_postgeneration_save = True

    business_name = factory.Sequence(lambda n: f"L'Échoppe & Cie {n}")
    contact_name = "Paul Candidat"
    email = factory.Sequence(lambda n: f"candidat{n}@example.org")
    commune = factory.SubFactory(CommuneFactory)
    antenna = factory.LazyAttribute(lambda o: o.commune.antenna)
    description = "Tournage sur bois local."
    answers = factory.LazyFunction(list)
    consent_at = factory.LazyFunction(timezone.now)
    status = MembershipApplication.Status.SUBMITTED
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == MembershipApplication.Status.WAITLISTED else None
    )

    @factory.post_generation
    def crafts(self, create, extracted, **kwargs):
        if create:
            self.crafts.set(extracted if extracted is not None else [CraftFactory()])


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    name = factory.Sequence(lambda n: f"Contact {n}")
    sources = factory.LazyFunction(lambda: ["workshops.booking"])
    marketing_consent = False
    consent_given_at = factory.LazyAttribute(lambda o: timezone.now() if o.marketing_consent else None)
    consent_source = factory.LazyAttribute(lambda o: "workshops.booking" if o.marketing_consent else "")
