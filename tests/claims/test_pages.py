import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory, OutletFactory

pytestmark = pytest.mark.django_db


def test_the_login_page_is_served_at_accounts_login(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"htmx" in response.content


@pytest.mark.parametrize("url", ["/claims/", "/claims/1/", "/articles/1/"])
def test_pages_ask_anonymous_visitors_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_claim_list_shows_claims_to_a_reviewer(alice_client):
    claim = ClaimFactory()
    response = alice_client.get(reverse("claims:list"))
    assert response.status_code == 200
    assert claim.text in response.content.decode()


def test_the_claim_list_is_paginated(alice_client):
    for _ in range(60):
        ClaimFactory()
    first = alice_client.get(reverse("claims:list"))
    second = alice_client.get(reverse("claims:list"), {"page": 2})
    first_ids = {claim.pk for claim in first.context["page"]}
    second_ids = {claim.pk for claim in second.context["page"]}
    assert first_ids and second_ids
    assert not first_ids & second_ids
    assert len(first_ids | second_ids) == 60


def test_the_claim_list_filters_by_outlet(alice_client):
    wire, blog = OutletFactory(name="Wire"), OutletFactory(name="Blog")
    wire_claim = ClaimFactory(article=ArticleFactory(outlet=wire))
    ClaimFactory(article=ArticleFactory(outlet=blog))
    response = alice_client.get(reverse("claims:list"), {"outlet": wire.pk})
    assert [claim.pk for claim in response.context["page"]] == [wire_claim.pk]


def test_the_claim_list_filters_by_status(alice_client):
    ClaimFactory(status="new")
    approved = ClaimFactory(status="approved")
    response = alice_client.get(reverse("claims:list"), {"status": "approved"})
    assert [claim.pk for claim in response.context["page"]] == [approved.pk]


def test_the_claim_list_queries_do_not_grow_with_rows(alice_client, django_assert_max_num_queries):
    for _ in range(40):
        ClaimFactory()
    with django_assert_max_num_queries(12):
        assert alice_client.get(reverse("claims:list")).status_code == 200


def test_the_claim_page_shows_the_claim_inside_its_article(alice_client):
    article = ArticleFactory(
        text="Before the strike, warnings came. Nine missiles hit the base. Afterwards, silence."
    )
    start = article.text.index("Nine")
    claim = ClaimFactory(
        article=article, start=start, end=start + len("Nine missiles hit the base.")
    )
    response = alice_client.get(reverse("claims:detail", args=[claim.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Before the strike, warnings came." in content
    assert f'<mark id="claim-{claim.pk}">Nine missiles hit the base.</mark>' in content


def test_a_missing_claim_is_a_404(alice_client):
    assert alice_client.get(reverse("claims:detail", args=[999])).status_code == 404
