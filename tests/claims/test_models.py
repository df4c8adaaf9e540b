import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimMatch, Rating
from sources.models import Article
from tests.factories import ArticleFactory, ClaimFactory, ClaimMatchFactory

pytestmark = pytest.mark.django_db


def test_the_default_rating_scale_is_loaded_in_order():
    labels = list(Rating.objects.values_list("label", flat=True))
    assert labels == [
        "True",
        "Mostly true",
        "Mixed",
        "Mostly false",
        "False",
        "Misleading",
        "Unverifiable",
    ]
    assert not Rating.objects.get(label="Unverifiable").requires_evidence


def test_reviewers_can_work_claims_but_not_approve_or_export():
    reviewers = set(
        Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)
    )
    assert {"add_evidence", "add_verdict", "change_verdict", "change_claim"} <= reviewers
    assert "approve_verdict" not in reviewers
    assert "export_verdicts" not in reviewers


def test_editors_can_approve_export_assign_import_and_edit_the_scale():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {
        "approve_verdict",
        "export_verdicts",
        "assign_claim",
        "import_articles",
        "change_rating",
        "add_namealias",
    } <= editors


def test_a_claim_must_start_before_it_ends():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(start=10, end=10)


@pytest.mark.parametrize("score", [-0.1, 1.01])
def test_check_worthiness_stays_within_zero_and_one(score):
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(checkworthiness=score)


def test_an_article_content_hash_is_unique():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            outlet=article.outlet, text="other", content_hash=article.content_hash
        )


def test_a_match_pair_is_stored_once():
    match = ClaimMatchFactory()
    low, high = sorted([match.claim_a, match.claim_b], key=lambda c: c.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimMatch.objects.create(
            claim_a=low, claim_b=high, score=90, method="token_set_ratio", relation="same"
        )


def test_a_match_pair_is_stored_lower_id_first():
    first, second = ClaimFactory(), ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimMatch.objects.create(
            claim_a=second, claim_b=first, score=90, method="token_set_ratio", relation="same"
        )


def test_a_match_tells_the_other_claim_of_its_pair():
    first, second = ClaimFactory(), ClaimFactory()
    match = ClaimMatch.objects.create(
        claim_a=first, claim_b=second, score=90, method="token_set_ratio", relation="same"
    )
    assert match.other(first.pk) == second.pk
    assert match.other(second.pk) == first.pk
