"""factory_boy factories for the base records and users."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils.text import slugify

from accounts.models import Affiliation, User
from councils.models import Body, Membership, Municipality, Person, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or "correct horse battery")
        if create:
            self.save(update_fields=["password"])


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"R{n}")
    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.LazyAttribute(lambda r: slugify(r.name))


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: f"M{n}")
    name = factory.Sequence(lambda n: f"Kommune {n}")
    slug = factory.LazyAttribute(lambda m: slugify(f"{m.name}-{m.code}"))
    region = factory.SubFactory(RegionFactory)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Organ {n}")
    slug = factory.LazyAttribute(lambda b: slugify(b.name))
    kind = Body.Kind.WORKING_GROUP
    region = factory.SubFactory(RegionFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.LazyAttribute(lambda p: slugify(p.name))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    role = Membership.Role.MEMBER
    start = dt.date(2020, 1, 1)


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    kind = Affiliation.Kind.SECRETARIAT
