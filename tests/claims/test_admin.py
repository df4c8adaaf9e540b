"""The admin stays usable on big tables: changelists answer in a bounded
number of queries whatever the number of rows."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimMatchFactory,
    EvidenceFactory,
    OutletFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    user = get_user_model().objects.create_superuser("root", "root@desk.example", "pw-123-root")
    client.force_login(user)
    return client


def make_rows(count: int) -> None:
    outlets = [OutletFactory() for _ in range(3)]
    for index in range(count):
        claim = ClaimFactory(article=ArticleFactory(outlet=outlets[index % 3]))
        VerdictFactory(claim=claim)
        EvidenceFactory(claim=claim)
    claims = list(ClaimFactory._meta.model.objects.order_by("pk"))
    for first, second in zip(claims, claims[1:], strict=False):
        ClaimMatchFactory(claim_a=first, claim_b=second)


# Each changelist: session, user, count, page of rows with their joins, filter
# choices (outlets, ratings), and savepoints. The budget must not grow with rows.
@pytest.mark.parametrize(
    ("url_name", "budget"),
    [
        ("admin:claims_claim_changelist", 14),
        ("admin:sources_article_changelist", 12),
        ("admin:sources_outlet_changelist", 10),
        ("admin:claims_verdict_changelist", 12),
        ("admin:claims_claimmatch_changelist", 10),
        ("admin:claims_evidence_changelist", 10),
        ("admin:claims_rating_changelist", 10),
        ("admin:claims_cluster_changelist", 10),
        ("admin:claims_namealias_changelist", 10),
    ],
)
@pytest.mark.parametrize("rows", [2, 20])
def test_changelists_answer_in_a_bounded_number_of_queries(
    admin_client_, django_assert_max_num_queries, url_name, budget, rows
):
    make_rows(rows)
    with django_assert_max_num_queries(budget):
        response = admin_client_.get(reverse(url_name))
    assert response.status_code == 200


def test_the_claim_changelist_filters_by_outlet_kind_status_and_rating(admin_client_):
    make_rows(3)
    response = admin_client_.get(reverse("admin:claims_claim_changelist"))
    content = response.content.decode()
    for heading in ["By kind", "By status", "By outlet", "By rating"]:
        assert heading in content


def test_the_claim_changelist_searches_claim_text(admin_client_):
    ClaimFactory(article=ArticleFactory(text="Nine separate missile impacts were seen. More."))
    ClaimFactory()
    response = admin_client_.get(reverse("admin:claims_claim_changelist"), {"q": "separate"})
    assert response.context["cl"].result_count == 1


def test_an_article_page_shows_its_claims_read_only(admin_client_):
    claim = ClaimFactory()
    response = admin_client_.get(reverse("admin:sources_article_change", args=[claim.article_id]))
    assert response.status_code == 200
    assert claim.text in response.content.decode()


def test_a_claim_page_shows_evidence_and_verdict_inline(admin_client_):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim, title="Satellite images")
    VerdictFactory(claim=claim)
    response = admin_client_.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    content = response.content.decode()
    assert "Satellite images" in content
    assert "Satellite images show the damage." in content


def test_an_editor_from_the_group_can_open_the_admin(client, erin):
    client.force_login(erin)
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 200
    assert client.get(reverse("admin:claims_rating_changelist")).status_code == 200


def test_a_reviewer_cannot_open_the_admin(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:claims_claim_changelist"))
    assert response.status_code == 302


# --- optimistic locking: an admin edit never overwrites a newer change ------------


def _form_data(response) -> dict:
    """What the browser would post back for the change page as rendered."""
    data: dict = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def test_an_admin_edit_of_a_verdict_bumps_its_version(admin_client_):
    verdict = VerdictFactory(rationale="First reading.")
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    data = _form_data(admin_client_.get(url))
    data["rationale"] = "Second reading, with the ministry's figures."
    response = admin_client_.post(url, data)
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.rationale == "Second reading, with the ministry's figures."
    assert verdict.version == 2


def test_an_admin_edit_made_from_a_stale_page_is_refused_and_keeps_the_newer_change(
    admin_client_,
):
    verdict = VerdictFactory(rationale="First reading.")
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    data = _form_data(admin_client_.get(url))
    # Meanwhile the reviewer saves a draft from the desk.
    type(verdict).objects.filter(pk=verdict.pk).update(
        rationale="The reviewer's newer draft.", version=2
    )
    data["rationale"] = "The editor's edit from the old page."
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.rationale == "The reviewer's newer draft."
    assert verdict.version == 2


def test_a_stale_inline_verdict_on_the_claim_page_is_refused(admin_client_):
    verdict = VerdictFactory(rationale="First reading.")
    url = reverse("admin:claims_claim_change", args=[verdict.claim_id])
    data = _form_data(admin_client_.get(url))
    type(verdict).objects.filter(pk=verdict.pk).update(
        rationale="The reviewer's newer draft.", version=2
    )
    rationale_key = next(key for key in data if key.endswith("-rationale"))
    data[rationale_key] = "The editor's edit from the old page."
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.rationale == "The reviewer's newer draft."


def test_an_unchanged_claim_page_saves_without_a_version_check(admin_client_):
    claim = ClaimFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _form_data(admin_client_.get(url))
    type(claim).objects.filter(pk=claim.pk).update(version=5)
    response = admin_client_.post(url, data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.version == 5
