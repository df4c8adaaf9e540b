"""Nothing from an imported page or a typed evidence title is rendered as HTML."""

import pytest
from django.urls import reverse

from claims.models import Claim, Evidence
from sources.models import Article
from sources.services import ImportOverrides, import_file

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "Strike report <script>alert('title')</script>"
HOSTILE_SENTENCE = (
    "Officials said 15 missiles hit the base on 8 January 2020 "
    "<img src=x onerror=alert('text')> near Baghdad."
)
LINK = "[the Pentagon said](javascript:void) ([report](https://example.org/r))"


@pytest.fixture
def hostile_claim(tmp_path):
    path = tmp_path / "hostile.md"
    path.write_text(
        f"{HOSTILE_TITLE}\n\n{HOSTILE_SENTENCE}\n\nIran fired 16 missiles, {LINK} on Wednesday.\n",
        encoding="utf-8",
    )
    import_file(path, overrides=ImportOverrides(outlet="<b>Outlet</b>"))
    article = Article.objects.get()
    claim = Claim.objects.filter(text__contains="onerror").first()
    assert claim is not None, [c.text for c in Claim.objects.all()]
    Evidence.objects.create(
        claim=claim,
        url="https://example.org/report",
        title="<script>alert('evidence')</script>",
        quoted_passage="<iframe src=javascript:alert(1)>",
        stance="supports",
    )
    return article, claim


def assert_nothing_live(html: str) -> None:
    for live in [
        "<script>alert(",
        "<img src=x onerror",
        "<iframe src=javascript",
        'href="javascript:',
        "<b>Outlet</b>",
    ]:
        assert live not in html, live


def test_hostile_text_is_escaped_on_every_page(erin_client, hostile_claim):
    article, claim = hostile_claim
    pages = {
        "claim": reverse("claims:detail", args=[claim.pk]),
        "article": reverse("sources:article", args=[article.pk]),
        "queue": reverse("claims:list"),
        "home": "/",
    }
    for name, url in pages.items():
        response = erin_client.get(url)
        assert response.status_code == 200, name
        assert_nothing_live(response.content.decode())
    claim_page = erin_client.get(pages["claim"]).content.decode()
    assert "&lt;img src=x onerror=alert(&#x27;text&#x27;)&gt;" in claim_page
    assert "&lt;script&gt;alert(&#x27;evidence&#x27;)&lt;/script&gt;" in claim_page


def test_a_javascript_link_target_is_not_kept_as_an_article_link(hostile_claim):
    article, _ = hostile_claim
    assert article.links == ["https://example.org/r"]
    assert "javascript:" not in article.text
