from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Claim
from sources.models import Article, Outlet
from tests.claims.factories_workflow import fast_passwords  # noqa: F401
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, editor, reviewer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

ARTICLE = (
    "Missiles hit the base\n\n"
    "Iran fired 15 ballistic missiles at two bases in Iraq on 8 January 2020, "
    "the Pentagon said on Wednesday. It was late at night. "
    "Officials in Baghdad said 22 missiles were launched in total."
)


def test_the_article_page_highlights_each_claim_by_status_and_links_it(client):
    article = ArticleFactory(syndicated_from="Reuters")
    claim = ClaimFactory(article=article, status="in_review", assignee=reviewer("bob"))
    client.force_login(reviewer("alice"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'class="claim-mark status-in_review" href="{claim.get_absolute_url()}"' in page
    assert 'copy of <span dir="auto">Reuters</span>' in page
    assert article.outlet.name in page


def test_the_article_page_links_the_compilation_it_came_from(client):
    compilation = ArticleFactory(title="Weekly digest", is_compilation=True)
    article = ArticleFactory(compiled_in=compilation)
    client.force_login(reviewer("alice"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert reverse("sources:article", args=[compilation.pk]) in page
    assert "Weekly digest" in page


def test_a_reviewer_promotes_a_low_scoring_sentence_from_the_article_page(client):
    alice = reviewer("alice")
    article = ArticleFactory(text=ARTICLE)
    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "It was late at night." in page
    start = ARTICLE.index("It was late")
    end = start + len("It was late at night.")
    response = client.post(
        reverse("sources:promote", args=[article.pk]), {"start": start, "end": end}
    )
    claim = Claim.objects.get(article=article, start=start)
    assert response["Location"] == claim.get_absolute_url()
    assert claim.text == "It was late at night."
    assert (claim.promoted_by, claim.assignee) == (alice, alice)


def test_promoting_a_span_that_is_not_a_sentence_is_refused(client):
    article = ArticleFactory(text=ARTICLE)
    client.force_login(reviewer("alice"))
    response = client.post(
        reverse("sources:promote", args=[article.pk]), {"start": 0, "end": 7}, follow=True
    )
    assert "not one sentence of the article" in response.content.decode()
    assert not Claim.objects.filter(article=article).exists()


def test_an_editor_imports_uploaded_files_and_pasted_text_into_a_new_outlet(client):
    client.force_login(editor("erin"))
    upload = SimpleUploadedFile("strike.txt", ARTICLE.encode(), content_type="text/plain")
    response = client.post(
        reverse("sources:import"),
        {
            "files": [upload],
            "text": "A second report\n\nThe ministry said 40 people were hurt in Basra on Friday.",
            "new_outlet": "Desk Wire",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "strike.txt" in page
    assert "pasted text" in page
    assert Article.objects.filter(outlet__name="Desk Wire").count() == 2
    assert "Imported" in page


def test_the_import_page_says_what_was_skipped_and_why(client):
    client.force_login(editor("erin"))
    outlet = OutletFactory(name="Known Outlet")

    def post():
        return client.post(
            reverse("sources:import"),
            {
                "files": [SimpleUploadedFile("again.txt", ARTICLE.encode())],
                "outlet": outlet.pk,
            },
        )

    post()
    page = post().content.decode()
    assert "Skipped" in page
    assert "already imported" in page
    assert Article.objects.count() == 1
    assert Outlet.objects.filter(name="Known Outlet").exists()


def test_a_file_that_cannot_be_read_is_reported_and_nothing_is_stored(client):
    client.force_login(editor("erin"))
    response = client.post(
        reverse("sources:import"),
        {"files": [SimpleUploadedFile("photo.png", b"\x89PNG\r\n")]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Could not be read" in page
    assert "photo.png" in page
    assert not Article.objects.exists()


def test_the_import_form_needs_a_file_or_text(client):
    client.force_login(editor("erin"))
    response = client.post(reverse("sources:import"), {"text": "   "})
    assert "Choose at least one file or paste some text." in response.content.decode()


def test_a_reviewer_cannot_import(client):
    client.force_login(reviewer("alice"))
    assert client.get(reverse("sources:import")).status_code == 403
    upload = SimpleUploadedFile("strike.txt", ARTICLE.encode())
    assert client.post(reverse("sources:import"), {"files": [upload]}).status_code == 403
    assert not Article.objects.exists()


def test_an_article_url_that_is_not_a_web_address_is_not_made_a_link(client):
    article = ArticleFactory(url="javascript:alert(1)")
    client.force_login(reviewer("alice"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'href="javascript:' not in page
    assert "javascript:alert(1)" in page
