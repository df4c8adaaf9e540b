import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import Context, Template
from jsonschema import Draft202012Validator

from claims.claimreview import (
    Appearance,
    Organization,
    ReviewedClaim,
    build_claimreview,
    to_script_json,
)
from claims.models import Cluster, Rating, Verdict
from claims.services import VerdictSelection, claimreviews, select_verdicts
from tests.claims.factories_export import approved_verdict, claim_in, submitted_verdict
from tests.factories import ClaimFactory, ClaimMatchFactory, VerdictFactory, rating

SCHEMA = json.loads((Path(__file__).parent / "claimreview.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)
BASE = "https://desk.example/"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_valid(document: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]
    rating_ = document["reviewRating"]
    assert rating_["worstRating"] <= rating_["ratingValue"] <= rating_["bestRating"]


def all_reviews() -> list[dict]:
    return list(claimreviews(select_verdicts(VerdictSelection(state="all")), base_url=BASE))


# -------------------------------------------------------- pure builder


def appearance(article_id: int, published: date | None, outlet: str = "Press TV") -> Appearance:
    return Appearance(
        article_id=article_id,
        url=f"https://news.example/{article_id}",
        headline=f"Article {article_id}",
        published=published,
        outlet=Organization(outlet),
    )


def review(own: Appearance, others: list[Appearance]) -> ReviewedClaim:
    return ReviewedClaim(
        claim_id=7,
        claim_text="Iran fired 15 missiles.",
        page_url="https://desk.example/claims/7/#claim-7",
        approved_at=datetime(2026, 3, 3, 14, 5, tzinfo=UTC),
        rating_label="Mostly true",
        rating_value=4,
        best_rating=5,
        worst_rating=0,
        publisher=Organization("Desk", "https://desk.example/"),
        appearance=own,
        other_appearances=others,
    )


def test_the_first_appearance_is_the_earliest_article_wherever_it_is():
    own = appearance(1, date(2020, 1, 9))
    earlier = appearance(2, date(2020, 1, 8), outlet="Al Jazeera")
    document = build_claimreview(review(own, [earlier]))
    assert document["itemReviewed"]["firstAppearance"]["url"] == "https://news.example/2"
    assert [item["url"] for item in document["itemReviewed"]["appearance"]] == [
        "https://news.example/1",
        "https://news.example/2",
    ]
    assert_valid(document)


def test_an_undated_article_is_never_the_first_appearance():
    document = build_claimreview(review(appearance(1, None), [appearance(2, date(2021, 1, 1))]))
    assert document["itemReviewed"]["firstAppearance"]["url"] == "https://news.example/2"


def test_the_claims_own_article_wins_a_tie_and_repeats_are_listed_once():
    own = appearance(1, date(2020, 1, 8))
    document = build_claimreview(review(own, [appearance(2, date(2020, 1, 8)), own]))
    assert document["itemReviewed"]["firstAppearance"]["url"] == "https://news.example/1"
    assert len(document["itemReviewed"]["appearance"]) == 2


def test_the_review_carries_rating_author_and_dates():
    document = build_claimreview(review(appearance(1, date(2020, 1, 8)), []))
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "ClaimReview"
    assert document["datePublished"] == "2026-03-03"
    assert document["author"] == {
        "@type": "Organization",
        "name": "Desk",
        "url": "https://desk.example/",
    }
    assert document["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 0,
        "alternateName": "Mostly true",
    }
    assert document["itemReviewed"]["author"] == {"@type": "Organization", "name": "Press TV"}
    assert document["itemReviewed"]["datePublished"] == "2020-01-08"


def test_script_json_cannot_close_its_script_element():
    document = build_claimreview(review(appearance(1, None), []))
    document["claimReviewed"] = "</script><script>alert(1)</script> & more"
    text = to_script_json(document)
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["claimReviewed"] == document["claimReviewed"]


def test_the_schema_rejects_a_review_without_its_rating():
    document = build_claimreview(review(appearance(1, None), []))
    del document["reviewRating"]["bestRating"]
    assert list(VALIDATOR.iter_errors(document))


# -------------------------------------------------------- from the database


@pytest.mark.django_db
def test_an_approved_verdict_gives_a_valid_claimreview(settings):
    settings.ORGANIZATION_NAME = "Desk of Record"
    settings.ORGANIZATION_URL = "https://record.example/"
    claim = claim_in("Press TV", url="https://presstv.example/a", published=date(2020, 1, 8))
    approved_verdict(claim, rating=rating("False"))

    (document,) = all_reviews()

    assert_valid(document)
    assert document["url"] == f"{BASE}claims/{claim.pk}/#claim-{claim.pk}"
    assert document["claimReviewed"] == claim.text
    assert document["author"]["name"] == "Desk of Record"
    assert document["reviewRating"]["alternateName"] == "False"
    scale = [r.value for r in Rating.objects.filter(active=True)]
    assert document["reviewRating"]["ratingValue"] == 1
    assert document["reviewRating"]["bestRating"] == max(scale)
    assert document["reviewRating"]["worstRating"] == min(scale)
    assert document["itemReviewed"]["author"]["name"] == "Press TV"


@pytest.mark.django_db
def test_the_rating_bounds_follow_the_editable_scale():
    Rating.objects.filter(label="True").update(value=10)
    approved_verdict(rating=rating("Mixed"))
    (document,) = all_reviews()
    assert document["reviewRating"]["bestRating"] == 10
    assert document["reviewRating"]["ratingValue"] == 3


@pytest.mark.django_db
def test_unapproved_verdicts_never_appear():
    approved = approved_verdict()
    submitted_verdict()
    for state in ["draft", "returned"]:
        VerdictFactory(state=state)
    # Approved in every other respect, but the state says otherwise.
    submitted_verdict(
        approved_at=datetime(2026, 3, 3, tzinfo=UTC), approved_by=approved.approved_by
    )

    documents = all_reviews()

    assert [d["url"] for d in documents] == [
        f"{BASE}claims/{approved.claim_id}/#claim-{approved.claim_id}"
    ]


@pytest.mark.django_db
def test_near_duplicates_in_other_outlets_are_appearances_and_the_earliest_is_first():
    cluster = Cluster.objects.create()
    claim = claim_in(
        "Press TV", url="https://presstv.example/a", published=date(2020, 1, 9), cluster=cluster
    )
    matched = claim_in("Al Jazeera", url="https://aljazeera.example/b", published=date(2020, 1, 8))
    claim_in(
        "Reuters", url="https://reuters.example/c", published=date(2020, 1, 10), cluster=cluster
    )
    rejected = claim_in("Tasnim", url="https://tasnim.example/d", published=date(2019, 1, 1))
    conflicting = claim_in("IRNA", url="https://irna.example/e", published=date(2019, 1, 1))
    ClaimMatchFactory(claim_a=claim, claim_b=matched, relation="same", state="suggested")
    ClaimMatchFactory(claim_a=claim, claim_b=rejected, relation="same", state="rejected")
    ClaimMatchFactory(claim_a=claim, claim_b=conflicting, relation="conflict")
    approved_verdict(claim)

    (document,) = all_reviews()

    assert_valid(document)
    urls = [item["url"] for item in document["itemReviewed"]["appearance"]]
    assert urls == [
        "https://presstv.example/a",
        "https://aljazeera.example/b",
        "https://reuters.example/c",
    ]
    assert document["itemReviewed"]["firstAppearance"]["url"] == "https://aljazeera.example/b"
    assert document["itemReviewed"]["firstAppearance"]["author"]["name"] == "Al Jazeera"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_bulk_claimreview_runs_three_queries_whatever_the_number(count, django_assert_num_queries):
    for _ in range(count):
        claim = ClaimFactory(cluster=Cluster.objects.create())
        ClaimMatchFactory(claim_a=claim, claim_b=ClaimFactory(), relation="same")
        approved_verdict(claim)
    verdicts = select_verdicts(VerdictSelection())
    # 1 rating scale bounds, 2 verdict rows with claim and article,
    # 3 same-claim matches of the chunk, 4 articles of matches and clusters.
    with django_assert_num_queries(4):
        documents = list(claimreviews(verdicts, base_url=BASE))
    assert len(documents) == count
    assert all(len(d["itemReviewed"]["appearance"]) == 2 for d in documents)


# -------------------------------------------------------- endpoints


@pytest.mark.django_db
def test_the_claim_claimreview_json_is_served_for_an_approved_verdict(alice_client):
    verdict = approved_verdict()
    response = alice_client.get(f"/claims/{verdict.claim_id}/claimreview.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    document = json.loads(response.content)
    assert_valid(document)
    assert document["url"] == (
        f"http://testserver/claims/{verdict.claim_id}/#claim-{verdict.claim_id}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "submitted", "returned", None])
def test_the_claim_claimreview_json_is_404_unless_approved(alice_client, state):
    claim = ClaimFactory()
    if state:
        VerdictFactory(claim=claim, state=state)
    assert alice_client.get(f"/claims/{claim.pk}/claimreview.json").status_code == 404


@pytest.mark.django_db
def test_the_bulk_jsonl_streams_approved_reviews_only(erin_client):
    approved = [approved_verdict() for _ in range(3)]
    submitted_verdict()
    response = erin_client.get("/export/claimreview.jsonl?state=all")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="claimreview-')
    lines = b"".join(response.streaming_content).decode("utf-8").splitlines()
    documents = [json.loads(line) for line in lines]
    for document in documents:
        assert_valid(document)
    assert [d["claimReviewed"] for d in documents] == [v.claim.text for v in approved]


@pytest.mark.django_db
def test_the_command_writes_claimreview_lines(tmp_path):
    approved_verdict(ClaimFactory(text="Iran fired 15 missiles, said قال."))
    submitted_verdict()
    target = tmp_path / "reviews.jsonl"
    call_command(
        "export_verdicts",
        "--format",
        "claimreview",
        "--state",
        "all",
        "--base-url",
        "https://desk.example/",
        "--output",
        str(target),
        stderr=None,
    )
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    document = json.loads(lines[0])
    assert_valid(document)
    assert document["claimReviewed"] == "Iran fired 15 missiles, said قال."
    assert document["url"].startswith("https://desk.example/claims/")


@pytest.mark.django_db
def test_the_template_tag_embeds_json_ld_for_an_approved_verdict_only():
    verdict = approved_verdict(ClaimFactory(text="</script><b>15</b> missiles"))
    draft = VerdictFactory(state="submitted")
    template = Template("{% load claimreview %}{% claimreview_jsonld claim %}")

    html = template.render(Context({"claim": verdict.claim}))
    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1
    payload = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    document = json.loads(payload)
    assert_valid(document)
    assert document["claimReviewed"] == "</script><b>15</b> missiles"

    assert template.render(Context({"claim": draft.claim})) == ""


@pytest.mark.django_db
def test_revoking_approval_withdraws_the_claimreview(alice_client):
    verdict = approved_verdict()
    Verdict.objects.filter(pk=verdict.pk).update(state="returned")
    assert all_reviews() == []
    assert alice_client.get(f"/claims/{verdict.claim_id}/claimreview.json").status_code == 404
