"""Test data factories shared by every test module."""

from __future__ import annotations

import hashlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Claim, ClaimMatch, Evidence, Quantity, Rating, Verdict
from claims.roles import EDITORS, REVIEWERS
from sources.models import Article, Outlet

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@desk.example")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()


def reviewer(username: str = "alice") -> object:
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


def editor(username: str = "erin") -> object:
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Outlet {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(
        lambda n: (
            f"The strike hit {n + 3} buildings at the base on 8 January 2020. "
            "Officials said nobody was killed."
        )
    )
    content_hash = factory.LazyAttribute(
        lambda article: hashlib.sha256(article.text.encode()).hexdigest()
    )


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim spanning the article's first sentence."""

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda claim: claim.article.text.index(".") + 1)
    text = factory.LazyAttribute(lambda claim: claim.article.text[claim.start : claim.end])
    kind = "quantity"
    checkworthiness = 0.8


class QuantityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quantity

    claim = factory.SubFactory(ClaimFactory)
    low = 3
    high = 3
    unit = "buildings"
    text = "3 buildings"
    start = 15
    end = 26


class ClaimMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimMatch

    claim_a = factory.SubFactory(ClaimFactory)
    claim_b = factory.SubFactory(ClaimFactory)
    score = 92.0
    method = "token_set_ratio"
    relation = "same"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://evidence.example/{n}")
    title = "Pentagon statement"
    stance = "supports"


def rating(label: str = "True") -> Rating:
    return Rating.objects.get(label=label)


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(lambda: Rating.objects.get(label="True"))
    rationale = "Satellite images show the damage."
    author = factory.SubFactory(UserFactory)
    state = "draft"
